#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "ch2_hello.bcc.c"
SEC("kprobe") int hello(void *ctx) {
    __pybpf_trace_printk("Hello World!");
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 1 "ch2_hello.bcc.c"
SEC("tracepoint") int hello__sce(void *ctx) {
    __pybpf_trace_printk("Hello World!");
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 1 "ch2_hello.bcc.c"
SEC("tracepoint") int hello__scx(void *ctx) {
    __pybpf_trace_printk("Hello World!");
    return 0;
}
#include <pybpf/regs_restore.h>
#line 1 "ch2_hello.bcc.c"
SEC("kprobe") int hello__gen(void *ctx) {
    __pybpf_trace_printk("Hello World!");
    return 0;
}
#line 4 "ch2_hello.bcc.c"



char _license[] SEC("license") = "GPL";
