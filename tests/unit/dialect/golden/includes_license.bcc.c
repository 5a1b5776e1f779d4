// Kernel includes map onto pybpf's compat headers; local headers are kept.
#include <uapi/linux/ptrace.h>
#include <linux/sched.h>
#include <linux/fs.h>
#include <net/sock.h>
#include <bcc/proto.h>
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <linux/blkdev.h>
#include <linux/tcp.h>
#include <net/inet_sock.h>
#include <linux/socket.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/skbuff.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/mm_types.h>
#include <linux/version.h>
#include <linux/kdev_t.h>
#include <asm/page.h>
#include <linux/some_header_we_do_not_know.h>
#include <bcc/helpers.h>
#include <stdint.h>
#include <stddef.h>
#include "vmlinux.h"
#define BPF_LICENSE Dual BSD/GPL

int check_macros(struct pt_regs *ctx)
{
    int v = AF_INET + AF_INET6 + IPPROTO_TCP + TCP_ESTABLISHED + O_CREAT + O_TRUNC +
            S_IFREG + PF_KTHREAD + ETH_P_IP + TC_ACT_SHOT + XDP_PASS + EINVAL +
            TASK_COMM_LEN + PATH_MAX + NAME_MAX + SIGKILL + MINOR(MKDEV(8, 1)) +
            S_ISREG(S_IFREG) + (int)NSEC_PER_SEC + BPF_F_CURRENT_CPU + TASK_RUNNING;
    uint32_t x = htons(80);
    return v + x + KERNEL_VERSION(5, 10, 0);
}
