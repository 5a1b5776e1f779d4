/* pybpf's C shim, compiled into the cffi extension.
 *
 * libbpf reports through printf-style callbacks taking a va_list, which cffi cannot
 * declare; these functions format in C and hand finished strings to Python. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <linux/perf_event.h>
#include <bpf/libbpf.h>
#include <bpf/btf.h>
#include <bpf/bpf.h>

static int _pybpf_log_callback(int level, const char *message);
static int pybpf_log_max_level = LIBBPF_INFO;

static int pybpf_print(enum libbpf_print_level level, const char *fmt, va_list args)
{
    char stack_buf[1024];
    char *buf = stack_buf;
    va_list copy;
    int n;

    if ((int)level > pybpf_log_max_level)
        return 0;
    va_copy(copy, args);
    n = vsnprintf(stack_buf, sizeof(stack_buf), fmt, args);
    if (n >= (int)sizeof(stack_buf)) {
        /* verifier logs arrive as one huge message */
        buf = malloc(n + 1);
        if (buf)
            vsnprintf(buf, n + 1, fmt, copy);
        else
            buf = stack_buf;
    }
    va_end(copy);
    _pybpf_log_callback((int)level, buf);
    if (buf != stack_buf)
        free(buf);
    return 0;
}

/* max_level < 0 silences libbpf; otherwise messages up to that level reach Python */
static void pybpf_install_log_callback(int max_level)
{
    pybpf_log_max_level = max_level;
    libbpf_set_print(max_level >= 0 ? pybpf_print : NULL);
}

static void pybpf_vfprintf(void *ctx, const char *fmt, va_list args)
{
    vfprintf((FILE *)ctx, fmt, args);
}

/* Same layout as `bpftool btf dump file ... format c`, with CO-RE's preserve_access_index. */
static int pybpf_write_vmlinux_h(const struct btf *btf, const char *path)
{
    struct btf_dump *d;
    FILE *f;
    __u32 i, n;
    int err = 0;

    f = fopen(path, "w");
    if (!f)
        return -errno;
    d = btf_dump__new(btf, pybpf_vfprintf, f, NULL);
    if (!d) {
        err = -errno;
        fclose(f);
        return err ? err : -EINVAL;
    }
    fprintf(f, "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n"
               "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
               "#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n"
               "#endif\n\n");
    n = btf__type_cnt(btf);
    for (i = 1; i < n; i++) {
        err = btf_dump__dump_type(d, i);
        if (err)
            break;
    }
    fprintf(f, "\n#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n#pragma clang attribute pop\n#endif\n\n"
               "#endif /* __VMLINUX_H__ */\n");
    btf_dump__free(d);
    if (fclose(f) && !err)
        err = -errno;
    return err;
}

static int pybpf_perf_event_open(__u32 type, __u64 config, __u64 sample_period, __u64 sample_freq,
                                 int pid, int cpu, int group_fd, unsigned long flags)
{
    struct perf_event_attr attr;
    int fd;

    memset(&attr, 0, sizeof(attr));
    attr.size = sizeof(attr);
    attr.type = type;
    attr.config = config;
    if (sample_freq) {
        attr.freq = 1;
        attr.sample_freq = sample_freq;
    } else {
        attr.sample_period = sample_period;
    }
    fd = syscall(__NR_perf_event_open, &attr, pid, cpu, group_fd, flags | PERF_FLAG_FD_CLOEXEC);
    return fd < 0 ? -errno : fd;
}

static int pybpf_perf_event_enable(int fd)
{
    return ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) ? -errno : 0;
}

static int pybpf_bpf_syscall(int cmd, void *attr, unsigned int size)
{
    long r = syscall(__NR_bpf, cmd, attr, size);
    return r < 0 ? -errno : (int)r;
}

static int pybpf_prog_info_gpl_compatible(const struct bpf_prog_info *info)
{
    return info->gpl_compatible;
}
