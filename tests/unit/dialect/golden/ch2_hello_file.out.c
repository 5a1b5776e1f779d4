#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
struct tracepoint__syscalls__sys_enter_openat {
	unsigned short common_type __attribute__((aligned(8)));	/* offset 0, size 2 */
	unsigned char common_flags __attribute__((aligned(2)));	/* offset 2, size 1 */
	unsigned char common_preempt_count __attribute__((aligned(1)));	/* offset 3, size 1 */
	int common_pid __attribute__((aligned(4)));	/* offset 4, size 4 */
	int __syscall_nr __attribute__((aligned(8)));	/* offset 8, size 4 */
	char __pad_0[4];
	s64 dfd __attribute__((aligned(8)));	/* offset 16, size 8 */
	const char * filename __attribute__((aligned(8)));	/* offset 24, size 8 */
	s64 flags __attribute__((aligned(8)));	/* offset 32, size 8 */
	u64 mode __attribute__((aligned(8)));	/* offset 40, size 8 */
} __attribute__((packed));
#line 1 "ch2_hello_file.bcc.c"
struct user_msg_t {
   char message[12];
};

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, struct user_msg_t); __uint(max_entries, 10240); } config_ SEC(".maps");

struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); } output SEC(".maps"); __u64 output__pybpf_drops;

struct data_t {
   int pid;
   int uid;
   char command[16];
   char message[12];
   char path[16];
};

SEC("tracepoint/syscalls/sys_enter_openat") int tracepoint__syscalls__sys_enter_openat(struct tracepoint__syscalls__sys_enter_openat *args)
{
   struct data_t data = {};
   struct user_msg_t *p;

   data.pid = bpf_get_current_pid_tgid() >> 32;
   data.uid = bpf_get_current_uid_gid() & 0xFFFFFFFF;

   bpf_get_current_comm(&data.command, sizeof(data.command));
   bpf_probe_read_user_str(&data.path, sizeof(data.path), args->filename);

   p = __pybpf_lookup(config_, &data.uid);
   if (p != 0) {
      bpf_probe_read_kernel(&data.message, sizeof(data.message), p->message);
   } else {
      bpf_probe_read_kernel(&data.message, sizeof(data.message), "Hello World");
   }

   __pybpf_perf_submit(output, args, &data, sizeof(data));
   return 0;
}


char _license[] SEC("license") = "GPL";
