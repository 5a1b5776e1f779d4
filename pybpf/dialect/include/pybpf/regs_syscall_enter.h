/* pybpf: registers of a "syscall_enter" program copy: the context is a
 * syscalls:sys_enter_X record, whose args[] hold the syscall's arguments.
 * No include guard: the rewriter includes it around each such program copy. */
#pragma push_macro("__PYBPF_V")
#pragma push_macro("PT_REGS_PARM1")
#pragma push_macro("PT_REGS_PARM1_CORE")
#pragma push_macro("PT_REGS_PARM1_SYSCALL")
#pragma push_macro("PT_REGS_PARM1_CORE_SYSCALL")
#pragma push_macro("PT_REGS_PARM2")
#pragma push_macro("PT_REGS_PARM2_CORE")
#pragma push_macro("PT_REGS_PARM2_SYSCALL")
#pragma push_macro("PT_REGS_PARM2_CORE_SYSCALL")
#pragma push_macro("PT_REGS_PARM3")
#pragma push_macro("PT_REGS_PARM3_CORE")
#pragma push_macro("PT_REGS_PARM3_SYSCALL")
#pragma push_macro("PT_REGS_PARM3_CORE_SYSCALL")
#pragma push_macro("PT_REGS_PARM4")
#pragma push_macro("PT_REGS_PARM4_CORE")
#pragma push_macro("PT_REGS_PARM4_SYSCALL")
#pragma push_macro("PT_REGS_PARM4_CORE_SYSCALL")
#pragma push_macro("PT_REGS_PARM5")
#pragma push_macro("PT_REGS_PARM5_CORE")
#pragma push_macro("PT_REGS_PARM5_SYSCALL")
#pragma push_macro("PT_REGS_PARM5_CORE_SYSCALL")
#pragma push_macro("PT_REGS_PARM6")
#pragma push_macro("PT_REGS_PARM6_CORE")
#pragma push_macro("PT_REGS_PARM6_SYSCALL")
#pragma push_macro("PT_REGS_PARM6_CORE_SYSCALL")
#pragma push_macro("PT_REGS_RC")
#pragma push_macro("PT_REGS_RC_CORE")
#pragma push_macro("PT_REGS_SYSCALL_REGS")
#pragma push_macro("PT_REGS_SYSCALL_CTX")
#undef __PYBPF_V
#undef PT_REGS_PARM1
#undef PT_REGS_PARM1_CORE
#undef PT_REGS_PARM1_SYSCALL
#undef PT_REGS_PARM1_CORE_SYSCALL
#undef PT_REGS_PARM2
#undef PT_REGS_PARM2_CORE
#undef PT_REGS_PARM2_SYSCALL
#undef PT_REGS_PARM2_CORE_SYSCALL
#undef PT_REGS_PARM3
#undef PT_REGS_PARM3_CORE
#undef PT_REGS_PARM3_SYSCALL
#undef PT_REGS_PARM3_CORE_SYSCALL
#undef PT_REGS_PARM4
#undef PT_REGS_PARM4_CORE
#undef PT_REGS_PARM4_SYSCALL
#undef PT_REGS_PARM4_CORE_SYSCALL
#undef PT_REGS_PARM5
#undef PT_REGS_PARM5_CORE
#undef PT_REGS_PARM5_SYSCALL
#undef PT_REGS_PARM5_CORE_SYSCALL
#undef PT_REGS_PARM6
#undef PT_REGS_PARM6_CORE
#undef PT_REGS_PARM6_SYSCALL
#undef PT_REGS_PARM6_CORE_SYSCALL
#undef PT_REGS_RC
#undef PT_REGS_RC_CORE
#undef PT_REGS_SYSCALL_REGS
#undef PT_REGS_SYSCALL_CTX
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
