/* pybpf's C shim (shim.c): what cffi cannot express or what is cheaper in C. */
extern "Python" int _pybpf_log_callback(int level, const char *message);
void pybpf_install_log_callback(int max_level);
int pybpf_write_vmlinux_h(const struct btf *btf, const char *path);
int pybpf_perf_event_open(__u32 type, __u64 config, __u64 sample_period, __u64 sample_freq,
                          int pid, int cpu, int group_fd, unsigned long flags);
int pybpf_perf_event_enable(int fd);
int pybpf_bpf_syscall(int cmd, void *attr, unsigned int size);

