// kprobe/kretprobe programs for the VM lane (the host kernel cannot attach them).
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>

const volatile int target_pid = 0;
__u64 open_hits = 0;
long last_dfd = 0;
char last_name[64] = {};
long last_ret = -1;

SEC("kprobe/do_sys_openat2")
int BPF_KPROBE(on_openat2, int dfd, const char *filename, struct open_how *how)
{
    if ((bpf_get_current_pid_tgid() >> 32) != target_pid)
        return 0;
    __sync_fetch_and_add(&open_hits, 1);
    last_dfd = dfd;
    bpf_probe_read_user_str(last_name, sizeof(last_name), filename);
    return 0;
}

SEC("kretprobe/do_sys_openat2")
int BPF_KRETPROBE(on_openat2_ret, long ret)
{
    if ((bpf_get_current_pid_tgid() >> 32) == target_pid)
        last_ret = ret;
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
