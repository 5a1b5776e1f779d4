#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "deref_casts.bcc.c"
#include <pybpf/compat/kernel.h> /* pybpf: was <uapi/linux/ptrace.h> */
#include <pybpf/compat/net.h> /* pybpf: was <net/sock.h> */
#include <pybpf/compat/net.h> /* pybpf: was <uapi/linux/tcp.h> */
#include <pybpf/compat/kernel.h> /* pybpf: was <linux/fdtable.h> */

// patterns from BCC's tools: reads through casts of kernel pointers, through addresses
// computed from them, and through the probed function's pointer parameters

struct val_t {
    u64 offset;
    u8 flags;
    u8 protocol;
    char first;
};

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, struct val_t); __uint(max_entries, 10240); } vals SEC(".maps");

static __always_inline struct tcphdr *skb_to_tcphdr(const struct sk_buff *skb)
{
    return (struct tcphdr *)(BPF_CORE_READ(skb, head) + BPF_CORE_READ(skb, transport_header));
}

// zfsslower: a pointer to a scalar the probed function was passed
SEC("kprobe") int trace_rw_entry(struct pt_regs *ctx
)
{ struct file *filp = (struct file *)PT_REGS_PARM1((struct pt_regs *)ctx); char __user *buf = (char __user *)PT_REGS_PARM2((struct pt_regs *)ctx); size_t len = (size_t)PT_REGS_PARM3((struct pt_regs *)ctx); loff_t *ppos = (loff_t *)PT_REGS_PARM4((struct pt_regs *)ctx);
    struct val_t val = {};
    u32 key = 0;
    val.offset = __PYBPF_READ_ANY(ppos);
    val.first = __PYBPF_READ_ANY(&(buf)[0]);
    __pybpf_update(vals, &key, &val);
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 24 "deref_casts.bcc.c"
SEC("tracepoint") int trace_rw_entry__sce(struct pt_regs *ctx
)
{ struct file *filp = (struct file *)__pybpf_sce(ctx)->args[0]; char __user *buf = (char __user *)__pybpf_sce(ctx)->args[1]; size_t len = (size_t)__pybpf_sce(ctx)->args[2]; loff_t *ppos = (loff_t *)__pybpf_sce(ctx)->args[3];
    struct val_t val = {};
    u32 key = 0;
    val.offset = __PYBPF_READ_ANY(ppos);
    val.first = __PYBPF_READ_ANY(&(buf)[0]);
    __pybpf_update(vals, &key, &val);
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 24 "deref_casts.bcc.c"
SEC("tracepoint") int trace_rw_entry__scx(struct pt_regs *ctx
)
{ struct file *filp; __builtin_memset(&filp, 0, sizeof(filp)); char __user *buf; __builtin_memset(&buf, 0, sizeof(buf)); size_t len; __builtin_memset(&len, 0, sizeof(len)); loff_t *ppos; __builtin_memset(&ppos, 0, sizeof(ppos));
    struct val_t val = {};
    u32 key = 0;
    val.offset = __PYBPF_READ_ANY(ppos);
    val.first = __PYBPF_READ_ANY(&(buf)[0]);
    __pybpf_update(vals, &key, &val);
    return 0;
}
#include <pybpf/regs_restore.h>
#line 24 "deref_casts.bcc.c"
SEC("kprobe") int trace_rw_entry__gen(struct pt_regs *ctx
)
{ struct file *filp = (struct file *)PT_REGS_PARM1((struct pt_regs *)ctx); char __user *buf = (char __user *)PT_REGS_PARM2((struct pt_regs *)ctx); size_t len = (size_t)PT_REGS_PARM3((struct pt_regs *)ctx); loff_t *ppos = (loff_t *)PT_REGS_PARM4((struct pt_regs *)ctx);
    struct val_t val = {};
    u32 key = 0;
    val.offset = __PYBPF_READ_ANY(ppos);
    val.first = __PYBPF_READ_ANY(&(buf)[0]);
    __pybpf_update(vals, &key, &val);
    return 0;
}
#line 33 "deref_casts.bcc.c"


// tcpdrop: a kernel struct pointer indexed as bytes
SEC("kprobe") int trace_drop(struct pt_regs *ctx)
{ struct sock *sk = (struct sock *)PT_REGS_PARM1((struct pt_regs *)ctx); struct sk_buff *skb = (struct sk_buff *)PT_REGS_PARM2((struct pt_regs *)ctx);
    struct val_t val = {};
    u32 key = 1;
    struct tcphdr *tcp = skb_to_tcphdr(skb);
    val.flags = __PYBPF_READ(&(((u_int8_t *)tcp))[13]);
    __pybpf_update(vals, &key, &val);
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 36 "deref_casts.bcc.c"
SEC("tracepoint") int trace_drop__sce(struct pt_regs *ctx)
{ struct sock *sk = (struct sock *)__pybpf_sce(ctx)->args[0]; struct sk_buff *skb = (struct sk_buff *)__pybpf_sce(ctx)->args[1];
    struct val_t val = {};
    u32 key = 1;
    struct tcphdr *tcp = skb_to_tcphdr(skb);
    val.flags = __PYBPF_READ(&(((u_int8_t *)tcp))[13]);
    __pybpf_update(vals, &key, &val);
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 36 "deref_casts.bcc.c"
SEC("tracepoint") int trace_drop__scx(struct pt_regs *ctx)
{ struct sock *sk; __builtin_memset(&sk, 0, sizeof(sk)); struct sk_buff *skb; __builtin_memset(&skb, 0, sizeof(skb));
    struct val_t val = {};
    u32 key = 1;
    struct tcphdr *tcp = skb_to_tcphdr(skb);
    val.flags = __PYBPF_READ(&(((u_int8_t *)tcp))[13]);
    __pybpf_update(vals, &key, &val);
    return 0;
}
#include <pybpf/regs_restore.h>
#line 36 "deref_casts.bcc.c"
SEC("kprobe") int trace_drop__gen(struct pt_regs *ctx)
{ struct sock *sk = (struct sock *)PT_REGS_PARM1((struct pt_regs *)ctx); struct sk_buff *skb = (struct sk_buff *)PT_REGS_PARM2((struct pt_regs *)ctx);
    struct val_t val = {};
    u32 key = 1;
    struct tcphdr *tcp = skb_to_tcphdr(skb);
    val.flags = __PYBPF_READ(&(((u_int8_t *)tcp))[13]);
    __pybpf_update(vals, &key, &val);
    return 0;
}
#line 44 "deref_casts.bcc.c"


// tcpaccept: a byte next to a member
SEC("kretprobe/inet_csk_accept") int kretprobe__inet_csk_accept(struct pt_regs *ctx)
{
    struct sock *newsk = (struct sock *)PT_REGS_RC(ctx);
    struct val_t val = {};
    u32 key = 2;
    if (newsk == NULL)
        return 0;
    val.protocol = __PYBPF_READ((u8 *)((u64)&newsk->sk_gso_max_segs - 3));
    __pybpf_update(vals, &key, &val);
    return 0;
}

// the address of an element of a kernel array reached through a pointer read from the
// kernel: the pointer is read, the element is not
SEC("kprobe/do_close_on_exec") int kprobe__do_close_on_exec(struct pt_regs *ctx)
{ struct files_struct *files = (struct files_struct *)PT_REGS_PARM1((struct pt_regs *)ctx);
    struct val_t val = {};
    u32 key = 3;
    struct fdtable *fdt = BPF_CORE_READ(files, fdt);
    struct file **slot = &(BPF_CORE_READ(fdt, fd))[2];
    val.offset = (u64)slot;
    __pybpf_update(vals, &key, &val);
    return 0;
}


char _license[] SEC("license") = "GPL";
