#line 1 "<pybpf generated>"
#include <pybpf/bcc_prelude.h>
#line 1 "clashes.bcc.c"
// Names the user declares that vmlinux.h declares too are renamed in the C code.
struct key__pybpf { u32 pid; };                 // vmlinux.h has a struct key
struct user_msg_t { char message[12]; };

struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, u32); __type(value, struct user_msg_t); __uint(max_entries, 10240); } config_ SEC(".maps");   // vmlinux.h has a typedef named config
struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, struct key__pybpf); __type(value, u64); __uint(max_entries, 10240); } by_key SEC(".maps");

struct holder { int config; struct key__pybpf k; };

SEC("kprobe") int hello(void *ctx)
{
    u32 uid = bpf_get_current_uid_gid();
    struct user_msg_t *p = __pybpf_lookup(config_, &uid);
    struct holder h = {.config = 1};
    struct key__pybpf k = {.pid = uid};
    u64 *n = __pybpf_lookup(by_key, &k);
    if (bpf_map_lookup_elem(&config_, &uid))
        h.config++;
    return (p != 0) + h.config + (n != 0);
}
#include <pybpf/regs_syscall_enter.h>
#line 10 "clashes.bcc.c"
SEC("tracepoint") int hello__sce(void *ctx)
{
    u32 uid = bpf_get_current_uid_gid();
    struct user_msg_t *p = __pybpf_lookup(config_, &uid);
    struct holder h = {.config = 1};
    struct key__pybpf k = {.pid = uid};
    u64 *n = __pybpf_lookup(by_key, &k);
    if (bpf_map_lookup_elem(&config_, &uid))
        h.config++;
    return (p != 0) + h.config + (n != 0);
}
#include <pybpf/regs_restore.h>
#include <pybpf/regs_syscall_exit.h>
#line 10 "clashes.bcc.c"
SEC("tracepoint") int hello__scx(void *ctx)
{
    u32 uid = bpf_get_current_uid_gid();
    struct user_msg_t *p = __pybpf_lookup(config_, &uid);
    struct holder h = {.config = 1};
    struct key__pybpf k = {.pid = uid};
    u64 *n = __pybpf_lookup(by_key, &k);
    if (bpf_map_lookup_elem(&config_, &uid))
        h.config++;
    return (p != 0) + h.config + (n != 0);
}
#include <pybpf/regs_restore.h>
#line 10 "clashes.bcc.c"
SEC("kprobe") int hello__gen(void *ctx)
{
    u32 uid = bpf_get_current_uid_gid();
    struct user_msg_t *p = __pybpf_lookup(config_, &uid);
    struct holder h = {.config = 1};
    struct key__pybpf k = {.pid = uid};
    u64 *n = __pybpf_lookup(by_key, &k);
    if (bpf_map_lookup_elem(&config_, &uid))
        h.config++;
    return (p != 0) + h.config + (n != 0);
}
#line 20 "clashes.bcc.c"



char _license[] SEC("license") = "GPL";
