/* cffi declarations (cdef text), not compiled directly. Types shared by every area. */
typedef signed char __s8;
typedef unsigned char __u8;
typedef short __s16;
typedef unsigned short __u16;
typedef int __s32;
typedef unsigned int __u32;
typedef long long __s64;
typedef unsigned long long __u64;

struct bpf_object;
struct bpf_program;
struct bpf_map;
struct bpf_link;
struct btf;
struct ring_buffer;
struct perf_buffer;

enum libbpf_print_level { LIBBPF_WARN, LIBBPF_INFO, LIBBPF_DEBUG };

__u32 libbpf_major_version(void);
__u32 libbpf_minor_version(void);
long libbpf_get_error(const void *ptr);
int libbpf_strerror(int err, char *buf, size_t size);
int libbpf_num_possible_cpus(void);
