/* pybpf: the implicit prelude of every rewritten BCC program.
 *
 * BCC compiles its C dialect against the running kernel's headers plus its own helpers.h;
 * pybpf compiles against vmlinux.h (all kernel types, from BTF) plus libbpf's headers plus
 * this file, which supplies what BCC programs expect on top of those: BCC's helper
 * functions and macros, and the macros the table-method rewrites expand to.
 */
#ifndef __PYBPF_BCC_PRELUDE_H
#define __PYBPF_BCC_PRELUDE_H

#include "vmlinux.h"            /* first: compile_bpf applies its precompiled header */
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

/* sparse annotations: always defined in BCC (through uapi/linux/bpf.h) */
#ifndef __user
#define __user
#endif
#ifndef __kernel
#define __kernel
#endif
#ifndef __force
#define __force
#endif
#ifndef __iomem
#define __iomem
#endif
#ifndef __rcu
#define __rcu
#endif
#ifndef __percpu
#define __percpu
#endif

#ifndef __PYBPF_PAGE_SIZE
#define __PYBPF_PAGE_SIZE 4096   /* BPF_RINGBUF_OUTPUT(name, pages) sizes are pages * this */
#endif

#define BCC_SEC(name) SEC(name)
#define CUR_CPU_IDENTIFIER BPF_F_CURRENT_CPU

/* ---- stack traces (BPF_STACK_TRACE leaves) ---- */
#define BPF_MAX_STACK_DEPTH 127
struct bpf_stacktrace {
	u64 ip[BPF_MAX_STACK_DEPTH];
};
struct bpf_stacktrace_buildid {
	struct bpf_stack_build_id trace[BPF_MAX_STACK_DEPTH];
};

/* ---- registers: BCC names libbpf lacks ---- */
#if defined(__TARGET_ARCH_x86)
#ifndef PT_REGS_PARM6
#define PT_REGS_PARM6(x) ((x)->r9)
#endif
/* syscall arguments through the x86 syscall wrapper's inner pt_regs (di si dx r10 r8 r9) */
#define __pybpf_sysarg1(ctx) BPF_CORE_READ(PT_REGS_SYSCALL_REGS(ctx), di)
#define __pybpf_sysarg2(ctx) BPF_CORE_READ(PT_REGS_SYSCALL_REGS(ctx), si)
#define __pybpf_sysarg3(ctx) BPF_CORE_READ(PT_REGS_SYSCALL_REGS(ctx), dx)
#define __pybpf_sysarg4(ctx) BPF_CORE_READ(PT_REGS_SYSCALL_REGS(ctx), r10)
#define __pybpf_sysarg5(ctx) BPF_CORE_READ(PT_REGS_SYSCALL_REGS(ctx), r8)
#define __pybpf_sysarg6(ctx) BPF_CORE_READ(PT_REGS_SYSCALL_REGS(ctx), r9)
#elif defined(__TARGET_ARCH_arm64)
#ifndef PT_REGS_PARM6
#define PT_REGS_PARM6(x) (((const struct user_pt_regs *)(x))->regs[5])
#endif
#define __pybpf_sysarg1(ctx) PT_REGS_PARM1_CORE_SYSCALL(PT_REGS_SYSCALL_REGS(ctx))
#define __pybpf_sysarg2(ctx) PT_REGS_PARM2_CORE_SYSCALL(PT_REGS_SYSCALL_REGS(ctx))
#define __pybpf_sysarg3(ctx) PT_REGS_PARM3_CORE_SYSCALL(PT_REGS_SYSCALL_REGS(ctx))
#define __pybpf_sysarg4(ctx) PT_REGS_PARM4_CORE_SYSCALL(PT_REGS_SYSCALL_REGS(ctx))
#define __pybpf_sysarg5(ctx) PT_REGS_PARM5_CORE_SYSCALL(PT_REGS_SYSCALL_REGS(ctx))
#define __pybpf_sysarg6(ctx) BPF_CORE_READ((const struct user_pt_regs *)PT_REGS_SYSCALL_REGS(ctx), regs[5])
#else
#define __pybpf_sysarg1(ctx) PT_REGS_PARM1_CORE_SYSCALL(PT_REGS_SYSCALL_REGS(ctx))
#define __pybpf_sysarg2(ctx) PT_REGS_PARM2_CORE_SYSCALL(PT_REGS_SYSCALL_REGS(ctx))
#define __pybpf_sysarg3(ctx) PT_REGS_PARM3_CORE_SYSCALL(PT_REGS_SYSCALL_REGS(ctx))
#define __pybpf_sysarg4(ctx) PT_REGS_PARM4_CORE_SYSCALL(PT_REGS_SYSCALL_REGS(ctx))
#define __pybpf_sysarg5(ctx) PT_REGS_PARM5_CORE_SYSCALL(PT_REGS_SYSCALL_REGS(ctx))
#endif
/* BCC's name for the inner pt_regs of a syscall wrapper */
#ifndef PT_REGS_SYSCALL_CTX
#define PT_REGS_SYSCALL_CTX(ctx) PT_REGS_SYSCALL_REGS(ctx)
#endif
/* a syscall tracepoint record seen through the generic raw_syscalls layouts; the
 * per-syscall records (syscalls:sys_enter_X) share them: args[] at 16, ret at 16 */
/* a call to a static helper that reads registers: inside syscall tracepoint copies of a
 * program it names the helper's copy for that context (see regs_syscall_enter.h) */
#define __PYBPF_V(f) f
#define __pybpf_sce(ctx) ((struct trace_event_raw_sys_enter *)(ctx))
#define __pybpf_scx(ctx) ((struct trace_event_raw_sys_exit *)(ctx))

/* ---- BCC helpers ---- */
#define lock_xadd(ptr, val) ((void)__sync_fetch_and_add(ptr, val))

/* bpf_trace_printk(fmt, args...) without the size, as in BCC; more than 3 arguments go
 * through bpf_trace_vprintk (kernel 5.16+). The format is copied to the stack, as BCC does,
 * so no .rodata map appears. */
#define __pybpf_printk3(fmt, args...) ({ char ____fmt[] = fmt; \
	bpf_trace_printk(____fmt, sizeof(____fmt), ##args); })
#define __pybpf_printkv(fmt, args...) ({ char ____fmt[] = fmt; \
	unsigned long long ___param[___bpf_narg(args)]; \
	_Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wint-conversion\"") \
	___bpf_fill(___param, args); _Pragma("GCC diagnostic pop") \
	bpf_trace_vprintk(____fmt, sizeof(____fmt), ___param, sizeof(___param)); })
#define __pybpf_printk_pick(args...) ___bpf_nth(_, ##args, __pybpf_printkv, __pybpf_printkv, \
	__pybpf_printkv, __pybpf_printkv, __pybpf_printkv, __pybpf_printkv, __pybpf_printkv, \
	__pybpf_printkv, __pybpf_printkv, __pybpf_printk3, __pybpf_printk3, __pybpf_printk3, \
	__pybpf_printk3)
#define __pybpf_trace_printk(fmt, args...) __pybpf_printk_pick(args)(fmt, ##args)

/* log2 for histograms, bucket for bucket the same as BCC's */
static __always_inline unsigned int bpf_log2(unsigned int v)
{
	unsigned int r, shift;

	r = (v > 0xFFFF) << 4; v >>= r;
	shift = (v > 0xFF) << 3; v >>= shift; r |= shift;
	shift = (v > 0xF) << 2; v >>= shift; r |= shift;
	shift = (v > 0x3) << 1; v >>= shift; r |= shift;
	r |= (v >> 1);
	return r;
}

static __always_inline unsigned int bpf_log2l(unsigned long v)
{
	unsigned int hi = v >> 32;

	return hi ? bpf_log2(hi) + 32 + 1 : bpf_log2(v) + 1;
}

static __always_inline u64 bpf_ntohll(u64 v) { return __builtin_bswap64(v); }
static __always_inline u64 bpf_htonll(u64 v) { return __builtin_bswap64(v); }

/* classic BPF packet loads (socket filters), as in BCC */
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");
static __always_inline u64 load_dword(void *skb, u64 off)
{
	return ((u64)load_word(skb, off) << 32) | load_word(skb, off + 4);
}

/* tracepoint __data_loc fields: BCC exposes them as `int data_loc_<name>` (offset in the
 * low 16 bits, length in the high 16) and reads them with these, inside TRACEPOINT_PROBE */
#define TP_DATA_LOC_READ_CONST(dst, field, length) do { \
	unsigned short __offset = args->data_loc_##field & 0xFFFF; \
	bpf_probe_read_kernel((void *)(dst), (length), (char *)args + __offset); \
} while (0)
#define TP_DATA_LOC_READ(dst, field) do { \
	unsigned short __offset = args->data_loc_##field & 0xFFFF; \
	unsigned short __length = args->data_loc_##field >> 16; \
	bpf_probe_read_kernel((void *)(dst), __length, (char *)args + __offset); \
} while (0)
#define TP_DATA_LOC_READ_STR(dst, field, length) do { \
	unsigned short __offset = args->data_loc_##field & 0xFFFF; \
	bpf_probe_read_kernel_str((void *)(dst), (length), (char *)args + __offset); \
} while (0)

/* a kernel read of *ptr (what implicit dereferences of non-struct kernel pointers become) */
#define __PYBPF_READ(ptr) ({ __typeof__(*(ptr)) ___v; \
	__builtin_memset(&___v, 0, sizeof(___v)); \
	bpf_probe_read_kernel(&___v, sizeof(___v), (ptr)); ___v; })
/* a read through a pointer the probed function was passed (`*ppos`, `buf[i]`): kernel memory
 * for a kprobe, user memory for a uprobe; BCC's bpf_probe_read, which reads either on
 * architectures whose kernel and user addresses do not overlap (x86-64, arm64) */
#define __PYBPF_READ_ANY(ptr) ({ __typeof__(*(ptr)) ___v; \
	__builtin_memset(&___v, 0, sizeof(___v)); \
	if (bpf_probe_read_kernel(&___v, sizeof(___v), (ptr))) \
		bpf_probe_read_user(&___v, sizeof(___v), (ptr)); ___v; })

/* USDT arguments, BCC's bpf_usdt_readarg(n, ctx, &dst) and bpf_usdt_readarg_p(n, ctx, buf,
 * len), on libbpf's bpf_usdt_arg() (the rewriter includes <bpf/usdt.bpf.h> when they are
 * used). BCC numbers arguments from 1, libbpf from 0. libbpf hands every argument over as
 * a long (sign-extended when the probe declares it signed); it is converted to the
 * destination's type as an assignment would, where BCC wanted the sizes to match exactly
 * and returned -1 otherwise. Destinations of other sizes than 1, 2, 4 or 8 bytes get
 * -EINVAL. On failure the destination is left unchanged. */
#define __pybpf_usdt_store(dst, bits, v) do { __u##bits ___t = (__u##bits)(v); \
	__builtin_memcpy((dst), &___t, sizeof(___t)); } while (0)
#define __pybpf_usdt_readarg(n, ctx, addr) ({ long ___v = 0; \
	int ___r = bpf_usdt_arg((struct pt_regs *)(ctx), (n) - 1, &___v); \
	if (!___r) { \
		if (sizeof(*(addr)) == 1) __pybpf_usdt_store((addr), 8, ___v); \
		else if (sizeof(*(addr)) == 2) __pybpf_usdt_store((addr), 16, ___v); \
		else if (sizeof(*(addr)) == 4) __pybpf_usdt_store((addr), 32, ___v); \
		else if (sizeof(*(addr)) == 8) __pybpf_usdt_store((addr), 64, ___v); \
		else ___r = -22; /* -EINVAL */ \
	} ___r; })
/* the argument is a user-space pointer: copy len bytes from where it points */
#define __pybpf_usdt_readarg_p(n, ctx, buf, len) ({ long ___v = 0; \
	int ___r = bpf_usdt_arg((struct pt_regs *)(ctx), (n) - 1, &___v); \
	if (!___r) ___r = bpf_probe_read_user((buf), (len), (void *)___v); ___r; })

#include <pybpf/bcc_maps.h>

#endif /* __PYBPF_BCC_PRELUDE_H */
