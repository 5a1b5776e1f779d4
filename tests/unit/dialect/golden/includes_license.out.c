#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "includes_license.bcc.c"
// Kernel includes map onto pybpf's compat headers; local headers are kept.
#include <pybpf/compat/kernel.h> /* pybpf: was <uapi/linux/ptrace.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/sched.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/fs.h> */
#include <pybpf/compat/net.h> /* pybpf: was <net/sock.h> */
#include <pybpf/compat/bcc/proto.h> /* pybpf: was <bcc/proto.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/bpf.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/ptrace.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/blkdev.h> */
#include <pybpf/compat/net.h> /* pybpf: was <linux/tcp.h> */
#include <pybpf/compat/net.h> /* pybpf: was <net/inet_sock.h> */
#include <pybpf/compat/net.h> /* pybpf: was <linux/socket.h> */
#include <pybpf/compat/net.h> /* pybpf: was <linux/in.h> */
#include <pybpf/compat/net.h> /* pybpf: was <linux/in6.h> */
#include <pybpf/compat/net.h> /* pybpf: was <linux/skbuff.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/nsproxy.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/pid_namespace.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/mm_types.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/version.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/kdev_t.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <asm/page.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/some_header_we_do_not_know.h> */
/* pybpf: <bcc/helpers.h> is part of the prelude */
#include <pybpf/compat/kernel.h> /* pybpf: was <stdint.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <stddef.h> */
#include "vmlinux.h"
#define BPF_LICENSE Dual BSD/GPL

SEC("kprobe") int check_macros(struct pt_regs *ctx)
{
    int v = AF_INET + AF_INET6 + IPPROTO_TCP + TCP_ESTABLISHED + O_CREAT + O_TRUNC +
            S_IFREG + PF_KTHREAD + ETH_P_IP + TC_ACT_SHOT + XDP_PASS + EINVAL +
            TASK_COMM_LEN + PATH_MAX + NAME_MAX + SIGKILL + MINOR(MKDEV(8, 1)) +
            S_ISREG(S_IFREG) + (int)NSEC_PER_SEC + BPF_F_CURRENT_CPU + TASK_RUNNING;
    uint32_t x = htons(80);
    return v + x + KERNEL_VERSION(5, 10, 0);
}
#include <pybpf/regs_syscall_enter.h>
#line 29 "includes_license.bcc.c"
SEC("tracepoint") int check_macros__sce(struct pt_regs *ctx)
{
    int v = AF_INET + AF_INET6 + IPPROTO_TCP + TCP_ESTABLISHED + O_CREAT + O_TRUNC +
            S_IFREG + PF_KTHREAD + ETH_P_IP + TC_ACT_SHOT + XDP_PASS + EINVAL +
            TASK_COMM_LEN + PATH_MAX + NAME_MAX + SIGKILL + MINOR(MKDEV(8, 1)) +
            S_ISREG(S_IFREG) + (int)NSEC_PER_SEC + BPF_F_CURRENT_CPU + TASK_RUNNING;
    uint32_t x = htons(80);
    return v + x + KERNEL_VERSION(5, 10, 0);
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 29 "includes_license.bcc.c"
SEC("tracepoint") int check_macros__scx(struct pt_regs *ctx)
{
    int v = AF_INET + AF_INET6 + IPPROTO_TCP + TCP_ESTABLISHED + O_CREAT + O_TRUNC +
            S_IFREG + PF_KTHREAD + ETH_P_IP + TC_ACT_SHOT + XDP_PASS + EINVAL +
            TASK_COMM_LEN + PATH_MAX + NAME_MAX + SIGKILL + MINOR(MKDEV(8, 1)) +
            S_ISREG(S_IFREG) + (int)NSEC_PER_SEC + BPF_F_CURRENT_CPU + TASK_RUNNING;
    uint32_t x = htons(80);
    return v + x + KERNEL_VERSION(5, 10, 0);
}
#include <pybpf/regs_restore.h>
#line 29 "includes_license.bcc.c"
SEC("kprobe") int check_macros__gen(struct pt_regs *ctx)
{
    int v = AF_INET + AF_INET6 + IPPROTO_TCP + TCP_ESTABLISHED + O_CREAT + O_TRUNC +
            S_IFREG + PF_KTHREAD + ETH_P_IP + TC_ACT_SHOT + XDP_PASS + EINVAL +
            TASK_COMM_LEN + PATH_MAX + NAME_MAX + SIGKILL + MINOR(MKDEV(8, 1)) +
            S_ISREG(S_IFREG) + (int)NSEC_PER_SEC + BPF_F_CURRENT_CPU + TASK_RUNNING;
    uint32_t x = htons(80);
    return v + x + KERNEL_VERSION(5, 10, 0);
}
#line 37 "includes_license.bcc.c"



char _license[] SEC("license") = "Dual BSD/GPL";
