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
