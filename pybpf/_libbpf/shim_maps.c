/* Single-element map syscalls taking key/value addresses (shim_maps.c).
 *
 * The BCC table API updates and looks up one element per Python call. Through libbpf each
 * call needs two ffi.from_buffer() wrappers (~0.18 us each) around the syscall; a ctypes
 * object's address (ctypes.addressof) passed as an integer to one bpf(2) call here saves
 * ~0.35 us of ~1.35 us (the syscall itself is ~0.8 us). The caller owns the memory and
 * guarantees its size (the map's key and value sizes); nothing here can check it. Each
 * returns 0 or -errno, like libbpf. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <linux/bpf.h>

static int pybpf_map_elem_syscall(int cmd, int fd, uintptr_t key, uintptr_t value,
                                  uint64_t flags)
{
    /* the element commands use the attr up to .flags; passing only that much (as libbpf
     * does) spares zeroing and copying the rest of the union */
    const unsigned int size = offsetof(union bpf_attr, flags) + sizeof(uint64_t);
    union bpf_attr attr;
    long ret;

    memset(&attr, 0, size);
    attr.map_fd = fd;
    attr.key = key;
    attr.value = value;
    attr.flags = flags;
    ret = syscall(__NR_bpf, cmd, &attr, size);
    return ret < 0 ? -errno : (int)ret;
}

static int pybpf_map_update_addr(int fd, uintptr_t key, uintptr_t value, uint64_t flags)
{
    return pybpf_map_elem_syscall(BPF_MAP_UPDATE_ELEM, fd, key, value, flags);
}

static int pybpf_map_lookup_addr(int fd, uintptr_t key, uintptr_t value, uint64_t flags)
{
    return pybpf_map_elem_syscall(BPF_MAP_LOOKUP_ELEM, fd, key, value, flags);
}

static int pybpf_map_delete_addr(int fd, uintptr_t key)
{
    return pybpf_map_elem_syscall(BPF_MAP_DELETE_ELEM, fd, key, 0, 0);
}

/* A whole-map read by BPF_MAP_LOOKUP_BATCH, run on a thread of its own while the caller
 * decodes what has arrived (pybpf_map_dump_run / pybpf_map_dump_wait).
 *
 * For a 100 k-entry hash the kernel's batch reads take ~20-45 ms and building the BCC
 * items() list from them about as long again; with a second CPU the two overlap. The
 * reader publishes how many entries are complete (release store) after each batch; the
 * decoder waits for more (acquire loads) without holding the GIL: cffi releases it around
 * both calls. The buffers hold capacity entries and are never reallocated, so what is
 * published stays where it is. */
#include <time.h>

struct pybpf_map_dump {
    int fd;
    uint32_t key_size, value_size, capacity, chunk;
    char *keys, *values;
    uint32_t published;   /* entries complete; written by the reader only */
    int finished;         /* 0 while reading; then 1 (all read) or -errno (failed) */
    int first_error;      /* -errno of the first batch call (batch unsupported), else 0 */
};

static int pybpf_map_dump_run(struct pybpf_map_dump *d)
{
    /* batch tokens: a bucket index (hash maps, 4 bytes) or a key (the generic batch
     * code of arrays and others): room for either */
    const uint32_t token_size = d->key_size > 8 ? d->key_size : 8;
    char in_buf[64], out_buf[64];
    char *in = token_size <= sizeof(in_buf) ? in_buf : NULL;
    char *out = token_size <= sizeof(out_buf) ? out_buf : NULL;
    uint32_t total = 0, chunk = d->chunk ? d->chunk : 1;
    int first = 1, ret = 0, status = 1;
    union bpf_attr attr;

    if (!in || !out) {
        in = malloc(token_size);
        out = malloc(token_size);
        if (!in || !out) {
            status = -ENOMEM;
            goto done;
        }
    }
    while (total < d->capacity) {
        uint32_t want = d->capacity - total < chunk ? d->capacity - total : chunk;

        memset(&attr, 0, sizeof(attr));
        attr.batch.map_fd = d->fd;
        attr.batch.in_batch = first ? 0 : (uintptr_t)in;
        attr.batch.out_batch = (uintptr_t)out;
        attr.batch.keys = (uintptr_t)(d->keys + (size_t)total * d->key_size);
        attr.batch.values = (uintptr_t)(d->values + (size_t)total * d->value_size);
        attr.batch.count = want;
        ret = syscall(__NR_bpf, BPF_MAP_LOOKUP_BATCH, &attr, sizeof(attr));
        ret = ret < 0 ? -errno : ret;
        /* the kernel reports the entries copied even when it ends with ENOENT */
        total += attr.batch.count;
        __atomic_store_n(&d->published, total, __ATOMIC_RELEASE);
        if (ret == -ENOENT)
            break;
        if (ret < 0) {
            if (first && attr.batch.count == 0 && ret != -ENOSPC) {
                d->first_error = ret;
                status = ret;
                break;
            }
            if (ret == -ENOSPC) {
                /* a hash bucket bigger than the chunk: retry with room for it (no
                 * room left: entries added while reading; stop with what fits) */
                if (want >= d->capacity - total)
                    break;
                chunk = chunk * 2;
                continue;
            }
            status = ret;
            break;
        }
        first = 0;
        memcpy(in, out, token_size);
    }
done:
    if (in != in_buf)
        free(in);
    if (out != out_buf)
        free(out);
    __atomic_store_n(&d->finished, status, __ATOMIC_RELEASE);
    return status;
}

/* Block until more than `have` entries are published or the read has finished; returns
 * the number published. Short sleeps: a batch takes a millisecond or more. */
static uint32_t pybpf_map_dump_wait(struct pybpf_map_dump *d, uint32_t have)
{
    const struct timespec pause = {0, 50 * 1000};

    for (;;) {
        /* `finished` first: once it is set, `published` is final */
        int finished = __atomic_load_n(&d->finished, __ATOMIC_ACQUIRE);
        uint32_t published = __atomic_load_n(&d->published, __ATOMIC_ACQUIRE);

        if (published > have || finished)
            return published;
        nanosleep(&pause, NULL);
    }
}
