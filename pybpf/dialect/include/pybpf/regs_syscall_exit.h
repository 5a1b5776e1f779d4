/* pybpf: registers of a "syscall_exit" program copy: the context is a
 * syscalls:sys_exit_X record, whose ret holds the return value.
 * No include guard: the rewriter includes it around each such program copy. */
#include <pybpf/regs_save.h>
#define PT_REGS_PARM1(x) (0UL)
#define PT_REGS_PARM1_CORE(x) (0UL)
#define PT_REGS_PARM1_SYSCALL(x) (0UL)
#define PT_REGS_PARM1_CORE_SYSCALL(x) (0UL)
#define PT_REGS_PARM2(x) (0UL)
#define PT_REGS_PARM2_CORE(x) (0UL)
#define PT_REGS_PARM2_SYSCALL(x) (0UL)
#define PT_REGS_PARM2_CORE_SYSCALL(x) (0UL)
#define PT_REGS_PARM3(x) (0UL)
#define PT_REGS_PARM3_CORE(x) (0UL)
#define PT_REGS_PARM3_SYSCALL(x) (0UL)
#define PT_REGS_PARM3_CORE_SYSCALL(x) (0UL)
#define PT_REGS_PARM4(x) (0UL)
#define PT_REGS_PARM4_CORE(x) (0UL)
#define PT_REGS_PARM4_SYSCALL(x) (0UL)
#define PT_REGS_PARM4_CORE_SYSCALL(x) (0UL)
#define PT_REGS_PARM5(x) (0UL)
#define PT_REGS_PARM5_CORE(x) (0UL)
#define PT_REGS_PARM5_SYSCALL(x) (0UL)
#define PT_REGS_PARM5_CORE_SYSCALL(x) (0UL)
#define PT_REGS_PARM6(x) (0UL)
#define PT_REGS_PARM6_CORE(x) (0UL)
#define PT_REGS_PARM6_SYSCALL(x) (0UL)
#define PT_REGS_PARM6_CORE_SYSCALL(x) (0UL)
#define PT_REGS_RC(x) (__pybpf_scx(x)->ret)
#define PT_REGS_RC_CORE(x) (__pybpf_scx(x)->ret)
#define PT_REGS_SYSCALL_REGS(x) (x)
#define PT_REGS_SYSCALL_CTX(x) (x)
/* calls to static helpers that read registers go to their copies for this context */
#define __PYBPF_V(f) f##__scx
