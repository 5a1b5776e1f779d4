// Names the user declares that vmlinux.h declares too are renamed in the C code.
struct key { u32 pid; };                 // vmlinux.h has a struct key
struct user_msg_t { char message[12]; };

BPF_HASH(config, u32, struct user_msg_t);   // vmlinux.h has a typedef named config
BPF_HASH(by_key, struct key, u64);

struct holder { int config; struct key k; };

int hello(void *ctx)
{
    u32 uid = bpf_get_current_uid_gid();
    struct user_msg_t *p = config.lookup(&uid);
    struct holder h = {.config = 1};
    struct key k = {.pid = uid};
    u64 *n = by_key.lookup(&k);
    if (bpf_map_lookup_elem(&config, &uid))
        h.config++;
    return (p != 0) + h.config + (n != 0);
}
