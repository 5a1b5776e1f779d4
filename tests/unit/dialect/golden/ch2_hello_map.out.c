#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "ch2_hello_map.bcc.c"
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u64); __type(value, u64); __uint(max_entries, 10240); } counter_table SEC(".maps");

SEC("kprobe") int hello(void *ctx) {
   u64 uid;
   u64 counter = 0;
   u64 *p;

   uid = bpf_get_current_uid_gid() & 0xFFFFFFFF;
   p = __pybpf_lookup(counter_table, &uid);
   if (p != 0) {
      counter = *p;
   }
   counter++;
   __pybpf_update(counter_table, &uid, &counter);
   return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 3 "ch2_hello_map.bcc.c"
SEC("tracepoint") int hello__sce(void *ctx) {
   u64 uid;
   u64 counter = 0;
   u64 *p;

   uid = bpf_get_current_uid_gid() & 0xFFFFFFFF;
   p = __pybpf_lookup(counter_table, &uid);
   if (p != 0) {
      counter = *p;
   }
   counter++;
   __pybpf_update(counter_table, &uid, &counter);
   return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 3 "ch2_hello_map.bcc.c"
SEC("tracepoint") int hello__scx(void *ctx) {
   u64 uid;
   u64 counter = 0;
   u64 *p;

   uid = bpf_get_current_uid_gid() & 0xFFFFFFFF;
   p = __pybpf_lookup(counter_table, &uid);
   if (p != 0) {
      counter = *p;
   }
   counter++;
   __pybpf_update(counter_table, &uid, &counter);
   return 0;
}
#include <pybpf/regs_restore.h>
#line 3 "ch2_hello_map.bcc.c"
SEC("kprobe") int hello__gen(void *ctx) {
   u64 uid;
   u64 counter = 0;
   u64 *p;

   uid = bpf_get_current_uid_gid() & 0xFFFFFFFF;
   p = __pybpf_lookup(counter_table, &uid);
   if (p != 0) {
      counter = *p;
   }
   counter++;
   __pybpf_update(counter_table, &uid, &counter);
   return 0;
}
#line 16 "ch2_hello_map.bcc.c"



char _license[] SEC("license") = "GPL";
