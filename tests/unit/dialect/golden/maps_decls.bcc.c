// Every table declaration form, with BCC's defaults.
#define MAX_PIDS 1024
#define SLOTS (MAX_PIDS / 16)

struct key_t { u32 pid; char comm[16]; };
struct leaf_t { u64 count; u64 bytes; };
struct lpm_key { u32 prefixlen; u32 addr; };

BPF_HASH(h1);
BPF_HASH(h2, u32);
BPF_HASH(h3, struct key_t, struct leaf_t);
BPF_HASH(h4, struct key_t, struct leaf_t, MAX_PIDS);
BPF_ARRAY(a1);
BPF_ARRAY(a2, struct leaf_t);
BPF_ARRAY(a3, u32, 16);
BPF_HISTOGRAM(hist1);
BPF_HISTOGRAM(hist2, struct key_t);
BPF_HISTOGRAM(hist3, int, SLOTS);
BPF_PERCPU_HASH(ph, u32, u64, 128);
BPF_PERCPU_ARRAY(pa, struct leaf_t, 4);
BPF_LRU_HASH(lru, u64, u64, 4096);
BPF_PERF_OUTPUT(events);
BPF_PERF_ARRAY(counters, 64);
BPF_RINGBUF_OUTPUT(rb, 16);
BPF_PROG_ARRAY(jmp, 8);
BPF_STACK_TRACE(stacks, 2048);
BPF_STACK_TRACE_BUILDID(bstacks, 128);
BPF_LPM_TRIE(trie, struct lpm_key, u8, 256);
BPF_QUEUE(q, u32, 32);
BPF_STACK(stk, struct leaf_t, 8, 0);
BPF_CGROUP_ARRAY(cgroups, 4);
BPF_DEVMAP(devs, 8);
BPF_CPUMAP(cpus, 4);
BPF_XSKMAP(xsks, 4);
BPF_ARRAY(inner_arr, u64, 8);
BPF_ARRAY_OF_MAPS(outer_arr, "inner_arr", 4);
BPF_HASH_OF_MAPS(outer_hash, u32, "inner_arr", 16);
BPF_TABLE("hash", u32, u64, t_hash, 256);
BPF_TABLE("stacktrace", int, struct bpf_stacktrace, t_stacks, 512);
BPF_TABLE("prog", u32, u32, t_prog, 4);
BPF_F_TABLE("hash", u64, u64, t_nopre, 1000, BPF_F_NO_PREALLOC);
BPF_TABLE("percpu_array", int, struct leaf_t, t_pcpu, 2)
;
BPF_SK_STORAGE(sk_store, u64);
BPF_TASK_STORAGE(task_store, struct leaf_t);
BPF_INODE_STORAGE(inode_store, u32);
BPF_SOCKMAP(smap, 16);
BPF_SOCKHASH(shash, u64, 16);
BPF_CGROUP_STORAGE(cg_store, u64);
BPF_HASH(multi_line,
         struct key_t,
         struct leaf_t,
         64);

int ping(void *ctx) {
    return 0;
}
