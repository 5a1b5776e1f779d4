/* Attaching programs: bpf_link and the attach families libbpf 1.1 has. */
struct bpf_uprobe_opts { size_t sz; size_t ref_ctr_offset; __u64 bpf_cookie; bool retprobe; const char *func_name; ...; };
struct bpf_kprobe_opts { size_t sz; __u64 bpf_cookie; size_t offset; bool retprobe; ...; };
struct bpf_tracepoint_opts { size_t sz; __u64 bpf_cookie; ...; };
struct bpf_perf_event_opts { size_t sz; __u64 bpf_cookie; ...; };
struct bpf_usdt_opts { size_t sz; __u64 usdt_cookie; ...; };

struct bpf_link *bpf_program__attach(const struct bpf_program *prog);
struct bpf_link *bpf_program__attach_tracepoint(const struct bpf_program *prog, const char *tp_category, const char *tp_name);
struct bpf_link *bpf_program__attach_raw_tracepoint(const struct bpf_program *prog, const char *tp_name);
struct bpf_link *bpf_program__attach_trace(const struct bpf_program *prog);
struct bpf_link *bpf_program__attach_lsm(const struct bpf_program *prog);
struct bpf_link *bpf_program__attach_kprobe_opts(const struct bpf_program *prog, const char *func_name, const struct bpf_kprobe_opts *opts);
struct bpf_link *bpf_program__attach_uprobe_opts(const struct bpf_program *prog, int pid, const char *binary_path, size_t func_offset, const struct bpf_uprobe_opts *opts);
/* pid_t spelled int: cffi's parser has no pid_t */
struct bpf_link *bpf_program__attach_usdt(const struct bpf_program *prog, int pid, const char *binary_path, const char *usdt_provider, const char *usdt_name, const struct bpf_usdt_opts *opts);
struct bpf_link *bpf_program__attach_perf_event(const struct bpf_program *prog, int pfd);
struct bpf_link *bpf_program__attach_xdp(const struct bpf_program *prog, int ifindex);
struct bpf_link *bpf_program__attach_cgroup(const struct bpf_program *prog, int cgroup_fd);
struct bpf_link *bpf_program__attach_netns(const struct bpf_program *prog, int netns_fd);

int bpf_link__fd(const struct bpf_link *link);
int bpf_link__detach(struct bpf_link *link);
int bpf_link__destroy(struct bpf_link *link);
void bpf_link__disconnect(struct bpf_link *link);
int bpf_link__pin(struct bpf_link *link, const char *path);
int bpf_link__unpin(struct bpf_link *link);
const char *bpf_link__pin_path(const struct bpf_link *link);
struct bpf_link *bpf_link__open(const char *path);
