#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "maps_decls.bcc.c"
// Every table declaration form, with BCC's defaults.
#define MAX_PIDS 1024
#define SLOTS (MAX_PIDS / 16)

struct key_t { u32 pid; char comm[16]; };
struct leaf_t { u64 count; u64 bytes; };
struct lpm_key { u32 prefixlen; u32 addr; };

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u64); __type(value, u64); __uint(max_entries, 10240); } h1 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, u64); __uint(max_entries, 10240); } h2 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, struct key_t); __type(value, struct leaf_t); __uint(max_entries, 10240); } h3 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, struct key_t); __type(value, struct leaf_t); __uint(max_entries, MAX_PIDS); } h4 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, int); __type(value, u64); __uint(max_entries, 10240); } a1 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, int); __type(value, struct leaf_t); __uint(max_entries, 10240); } a2 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, int); __type(value, u32); __uint(max_entries, 16); } a3 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, int); __type(value, u64); __uint(max_entries, 64); } hist1 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, struct key_t); __type(value, u64); __uint(max_entries, 64); } hist2 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, int); __type(value, u64); __uint(max_entries, SLOTS); } hist3 SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __type(key, u32); __type(value, u64); __uint(max_entries, 128); } ph SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __type(key, int); __type(value, struct leaf_t); __uint(max_entries, 4); } pa SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __type(key, u64); __type(value, u64); __uint(max_entries, 4096); } lru SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); } events SEC(".maps"); __u64 events__pybpf_drops;
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); __uint(max_entries, 64); } counters SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, (16) * __PYBPF_PAGE_SIZE); } rb SEC(".maps"); __u64 rb__pybpf_drops;
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(key_size, sizeof(u32)); __uint(value_size, sizeof(u32)); __uint(max_entries, 8); } jmp SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK_TRACE); __type(key, u32); __type(value, struct bpf_stacktrace); __uint(max_entries, 2048); } stacks SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK_TRACE); __type(key, u32); __type(value, struct bpf_stacktrace_buildid); __uint(max_entries, 128); __uint(map_flags, BPF_F_STACK_BUILD_ID); } bstacks SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LPM_TRIE); __type(key, struct lpm_key); __type(value, u8); __uint(max_entries, 256); __uint(map_flags, BPF_F_NO_PREALLOC); } trie SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_QUEUE); __type(value, u32); __uint(max_entries, 32); } q SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK); __type(value, struct leaf_t); __uint(max_entries, 8); } stk SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_CGROUP_ARRAY); __uint(key_size, sizeof(int)); __uint(value_size, sizeof(u32)); __uint(max_entries, 4); } cgroups SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_DEVMAP); __type(key, u32); __type(value, int); __uint(max_entries, 8); } devs SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_CPUMAP); __type(key, u32); __type(value, u32); __uint(max_entries, 4); } cpus SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_XSKMAP); __type(key, u32); __type(value, int); __uint(max_entries, 4); } xsks SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __type(key, int); __type(value, u64); __uint(max_entries, 8); } inner_arr SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS); __type(key, int); __uint(max_entries, 4); __array(values, __typeof__(inner_arr)); } outer_arr SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS); __type(key, u32); __uint(max_entries, 16); __array(values, __typeof__(inner_arr)); } outer_hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, u64); __uint(max_entries, 256); } t_hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK_TRACE); __type(key, int); __type(value, struct bpf_stacktrace); __uint(max_entries, 512); } t_stacks SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(key_size, sizeof(u32)); __uint(value_size, sizeof(u32)); __uint(max_entries, 4); } t_prog SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u64); __type(value, u64); __uint(max_entries, 1000); __uint(map_flags, BPF_F_NO_PREALLOC); } t_nopre SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __type(key, int); __type(value, struct leaf_t); __uint(max_entries, 2); } t_pcpu SEC(".maps");

struct { __uint(type, BPF_MAP_TYPE_SK_STORAGE); __type(key, int); __type(value, u64); __uint(max_entries, 0); __uint(map_flags, BPF_F_NO_PREALLOC); } sk_store SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_TASK_STORAGE); __type(key, int); __type(value, struct leaf_t); __uint(max_entries, 0); __uint(map_flags, BPF_F_NO_PREALLOC); } task_store SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_INODE_STORAGE); __type(key, int); __type(value, u32); __uint(max_entries, 0); __uint(map_flags, BPF_F_NO_PREALLOC); } inode_store SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_SOCKMAP); __type(key, u32); __type(value, int); __uint(max_entries, 16); } smap SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_SOCKHASH); __type(key, u64); __type(value, int); __uint(max_entries, 16); } shash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_CGROUP_STORAGE); __type(key, struct bpf_cgroup_storage_key); __type(value, u64); } cg_store SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, struct key_t); __type(value, struct leaf_t); __uint(max_entries, 64); } multi_line SEC(".maps");




SEC("kprobe") int ping(void *ctx) {
    return 0;
}
#include <pybpf/regs_syscall_enter.h>
#line 55 "maps_decls.bcc.c"
SEC("tracepoint") int ping__sce(void *ctx) {
    return 0;
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 55 "maps_decls.bcc.c"
SEC("tracepoint") int ping__scx(void *ctx) {
    return 0;
}
#include <pybpf/regs_restore.h>
#line 55 "maps_decls.bcc.c"
SEC("kprobe") int ping__gen(void *ctx) {
    return 0;
}
#line 57 "maps_decls.bcc.c"



char _license[] SEC("license") = "GPL";
