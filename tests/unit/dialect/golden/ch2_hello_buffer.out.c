#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "ch2_hello_buffer.bcc.c"
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); } output SEC(".maps"); __u64 output__pybpf_drops;

struct data_t {
   int pid;
   int uid;
   char command[16];
   char message[12];
};

SEC("kprobe") int hello(void *ctx) {
   struct data_t data = {};
   char message[12] = "Hello World";

   data.pid = bpf_get_current_pid_tgid() >> 32;
   data.uid = bpf_get_current_uid_gid() & 0xFFFFFFFF;

   bpf_get_current_comm(&data.command, sizeof(data.command));
   bpf_probe_read_kernel(&data.message, sizeof(data.message), message);

   __pybpf_perf_submit(output, ctx, &data, sizeof(data));

   return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 10 "ch2_hello_buffer.bcc.c"
SEC("tracepoint") int hello__sce(void *ctx) {
   struct data_t data = {};
   char message[12] = "Hello World";

   data.pid = bpf_get_current_pid_tgid() >> 32;
   data.uid = bpf_get_current_uid_gid() & 0xFFFFFFFF;

   bpf_get_current_comm(&data.command, sizeof(data.command));
   bpf_probe_read_kernel(&data.message, sizeof(data.message), message);

   __pybpf_perf_submit(output, ctx, &data, sizeof(data));

   return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 10 "ch2_hello_buffer.bcc.c"
SEC("tracepoint") int hello__scx(void *ctx) {
   struct data_t data = {};
   char message[12] = "Hello World";

   data.pid = bpf_get_current_pid_tgid() >> 32;
   data.uid = bpf_get_current_uid_gid() & 0xFFFFFFFF;

   bpf_get_current_comm(&data.command, sizeof(data.command));
   bpf_probe_read_kernel(&data.message, sizeof(data.message), message);

   __pybpf_perf_submit(output, ctx, &data, sizeof(data));

   return 0;
}
#include <pybpf/regs_restore.h>
#line 10 "ch2_hello_buffer.bcc.c"
SEC("kprobe") int hello__gen(void *ctx) {
   struct data_t data = {};
   char message[12] = "Hello World";

   data.pid = bpf_get_current_pid_tgid() >> 32;
   data.uid = bpf_get_current_uid_gid() & 0xFFFFFFFF;

   bpf_get_current_comm(&data.command, sizeof(data.command));
   bpf_probe_read_kernel(&data.message, sizeof(data.message), message);

   __pybpf_perf_submit(output, ctx, &data, sizeof(data));

   return 0;
}
#line 23 "ch2_hello_buffer.bcc.c"



char _license[] SEC("license") = "GPL";
