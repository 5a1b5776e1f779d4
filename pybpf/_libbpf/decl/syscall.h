/* fd-level BPF syscalls: objects by id, pins, info, raw program load. */
int bpf_obj_pin(int fd, const char *pathname);
int bpf_obj_get(const char *pathname);
int bpf_prog_get_next_id(__u32 start_id, __u32 *next_id);
int bpf_map_get_next_id(__u32 start_id, __u32 *next_id);
int bpf_link_get_next_id(__u32 start_id, __u32 *next_id);
int bpf_btf_get_next_id(__u32 start_id, __u32 *next_id);
int bpf_prog_get_fd_by_id(__u32 id);
int bpf_map_get_fd_by_id(__u32 id);
int bpf_link_get_fd_by_id(__u32 id);
int bpf_btf_get_fd_by_id(__u32 id);
int bpf_obj_get_info_by_fd(int bpf_fd, void *info, __u32 *info_len);
int bpf_link_detach(int link_fd);
int bpf_enable_stats(int type);
int bpf_prog_attach(int prog_fd, int attachable_fd, int type, unsigned int flags);
int bpf_prog_detach2(int prog_fd, int attachable_fd, int type);
int bpf_prog_query(int target_fd, int type, __u32 query_flags, __u32 *attach_flags, __u32 *prog_ids, __u32 *prog_cnt);

struct bpf_prog_info {
    __u32 type; __u32 id; __u8 tag[8]; __u32 jited_prog_len; __u32 xlated_prog_len;
    __u64 jited_prog_insns; __u64 xlated_prog_insns; __u64 load_time; __u32 created_by_uid;
    __u32 nr_map_ids; __u64 map_ids; char name[16]; __u32 ifindex;
    __u64 netns_dev; __u64 netns_ino; __u32 nr_jited_ksyms; __u32 nr_jited_func_lens;
    __u64 jited_ksyms; __u64 jited_func_lens; __u32 btf_id; __u32 func_info_rec_size;
    __u64 func_info; __u32 nr_func_info; __u32 nr_line_info; __u64 line_info;
    __u64 jited_line_info; __u32 nr_jited_line_info; __u32 line_info_rec_size;
    __u32 jited_line_info_rec_size; __u32 nr_prog_tags; __u64 prog_tags;
    __u64 run_time_ns; __u64 run_cnt; __u64 recursion_misses; __u32 verified_insns;
    ...;
};
struct bpf_map_info {
    __u32 type; __u32 id; __u32 key_size; __u32 value_size; __u32 max_entries; __u32 map_flags;
    char name[16]; __u32 ifindex; __u32 btf_vmlinux_value_type_id; __u64 netns_dev;
    __u64 netns_ino; __u32 btf_id; __u32 btf_key_type_id; __u32 btf_value_type_id;
    __u64 map_extra; ...;
};
struct bpf_btf_info { __u64 btf; __u32 btf_size; __u32 id; __u64 name; __u32 name_len; __u32 kernel_btf; ...; };
struct bpf_link_info { __u32 type; __u32 id; __u32 prog_id; ...; };
/* gpl_compatible is a bitfield cffi cannot address in a partial struct */
int pybpf_prog_info_gpl_compatible(const struct bpf_prog_info *info);

struct bpf_insn;
struct bpf_prog_load_opts {
    size_t sz; int attempts; enum bpf_attach_type expected_attach_type; __u32 prog_btf_fd;
    __u32 prog_flags; __u32 prog_ifindex; __u32 kern_version; __u32 attach_btf_id;
    __u32 attach_prog_fd; __u32 attach_btf_obj_fd; __u32 log_level; __u32 log_size;
    char *log_buf; ...;
};
int bpf_prog_load(enum bpf_prog_type prog_type, const char *prog_name, const char *license,
                  const struct bpf_insn *insns, size_t insn_cnt, const struct bpf_prog_load_opts *opts);
struct bpf_map_create_opts { size_t sz; __u32 btf_fd; __u32 btf_key_type_id; __u32 btf_value_type_id;
    __u32 inner_map_fd; __u32 map_flags; __u64 map_extra; ...; };
int bpf_map_create(enum bpf_map_type map_type, const char *map_name, __u32 key_size,
                   __u32 value_size, __u32 max_entries, const struct bpf_map_create_opts *opts);
struct bpf_link_create_opts { size_t sz; __u32 flags; ...; };
int bpf_link_create(int prog_fd, int target_fd, enum bpf_attach_type attach_type,
                    const struct bpf_link_create_opts *opts);
int bpf_raw_tracepoint_open(const char *name, int prog_fd);
