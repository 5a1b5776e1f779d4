/* pybpf: registers of a "syscall_enter" program copy: the context is a
 * syscalls:sys_enter_X record, whose args[] hold the syscall's arguments.
 * No include guard: the rewriter includes it around each such program copy. */
#include <pybpf/regs_save.h>
#define PT_REGS_PARM1(x) (__pybpf_sce(x)->args[0])
#define PT_REGS_PARM1_CORE(x) (__pybpf_sce(x)->args[0])
#define PT_REGS_PARM1_SYSCALL(x) (__pybpf_sce(x)->args[0])
#define PT_REGS_PARM1_CORE_SYSCALL(x) (__pybpf_sce(x)->args[0])
#define PT_REGS_PARM2(x) (__pybpf_sce(x)->args[1])
#define PT_REGS_PARM2_CORE(x) (__pybpf_sce(x)->args[1])
#define PT_REGS_PARM2_SYSCALL(x) (__pybpf_sce(x)->args[1])
#define PT_REGS_PARM2_CORE_SYSCALL(x) (__pybpf_sce(x)->args[1])
#define PT_REGS_PARM3(x) (__pybpf_sce(x)->args[2])
#define PT_REGS_PARM3_CORE(x) (__pybpf_sce(x)->args[2])
#define PT_REGS_PARM3_SYSCALL(x) (__pybpf_sce(x)->args[2])
#define PT_REGS_PARM3_CORE_SYSCALL(x) (__pybpf_sce(x)->args[2])
#define PT_REGS_PARM4(x) (__pybpf_sce(x)->args[3])
#define PT_REGS_PARM4_CORE(x) (__pybpf_sce(x)->args[3])
#define PT_REGS_PARM4_SYSCALL(x) (__pybpf_sce(x)->args[3])
#define PT_REGS_PARM4_CORE_SYSCALL(x) (__pybpf_sce(x)->args[3])
#define PT_REGS_PARM5(x) (__pybpf_sce(x)->args[4])
#define PT_REGS_PARM5_CORE(x) (__pybpf_sce(x)->args[4])
#define PT_REGS_PARM5_SYSCALL(x) (__pybpf_sce(x)->args[4])
#define PT_REGS_PARM5_CORE_SYSCALL(x) (__pybpf_sce(x)->args[4])
#define PT_REGS_PARM6(x) (__pybpf_sce(x)->args[5])
#define PT_REGS_PARM6_CORE(x) (__pybpf_sce(x)->args[5])
#define PT_REGS_PARM6_SYSCALL(x) (__pybpf_sce(x)->args[5])
#define PT_REGS_PARM6_CORE_SYSCALL(x) (__pybpf_sce(x)->args[5])
#define PT_REGS_RC(x) (0L)
#define PT_REGS_RC_CORE(x) (0L)
#define PT_REGS_SYSCALL_REGS(x) (x)
#define PT_REGS_SYSCALL_CTX(x) (x)
/* calls to static helpers that read registers go to their copies for this context */
#define __PYBPF_V(f) f##__sce
