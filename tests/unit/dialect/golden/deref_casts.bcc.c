#include <uapi/linux/ptrace.h>
#include <net/sock.h>
#include <uapi/linux/tcp.h>
#include <linux/fdtable.h>

// patterns from BCC's tools: reads through casts of kernel pointers, through addresses
// computed from them, and through the probed function's pointer parameters

struct val_t {
    u64 offset;
    u8 flags;
    u8 protocol;
    char first;
};

BPF_HASH(vals, u32, struct val_t);

static struct tcphdr *skb_to_tcphdr(const struct sk_buff *skb)
{
    return (struct tcphdr *)(skb->head + skb->transport_header);
}

// zfsslower: a pointer to a scalar the probed function was passed
int trace_rw_entry(struct pt_regs *ctx, struct file *filp, char __user *buf,
                   size_t len, loff_t *ppos)
{
    struct val_t val = {};
    u32 key = 0;
    val.offset = *ppos;
    val.first = buf[0];
    vals.update(&key, &val);
    return 0;
}

// tcpdrop: a kernel struct pointer indexed as bytes
int trace_drop(struct pt_regs *ctx, struct sock *sk, struct sk_buff *skb)
{
    struct val_t val = {};
    u32 key = 1;
    struct tcphdr *tcp = skb_to_tcphdr(skb);
    val.flags = ((u_int8_t *)tcp)[13];
    vals.update(&key, &val);
    return 0;
}

// tcpaccept: a byte next to a member
int kretprobe__inet_csk_accept(struct pt_regs *ctx)
{
    struct sock *newsk = (struct sock *)PT_REGS_RC(ctx);
    struct val_t val = {};
    u32 key = 2;
    if (newsk == NULL)
        return 0;
    val.protocol = *(u8 *)((u64)&newsk->sk_gso_max_segs - 3);
    vals.update(&key, &val);
    return 0;
}

// the address of an element of a kernel array reached through a pointer read from the
// kernel: the pointer is read, the element is not
int kprobe__do_close_on_exec(struct pt_regs *ctx, struct files_struct *files)
{
    struct val_t val = {};
    u32 key = 3;
    struct fdtable *fdt = files->fdt;
    struct file **slot = &fdt->fd[2];
    val.offset = (u64)slot;
    vals.update(&key, &val);
    return 0;
}
