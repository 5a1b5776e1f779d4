"""Feature probes answer truthfully: checked against independent evidence, not versions."""
import os

from pybpf import features


def test_kprobes_probe_matches_a_real_attach():
    from pybpf import AttachError, Object

    src = ('#include "vmlinux.h"\n#include <bpf/bpf_helpers.h>\n'
           'SEC("kprobe") int k(void *ctx) { return 0; }\n'
           'char LICENSE[] SEC("license") = "GPL";\n')
    with Object.from_source(src, name="kprobe_t").load() as obj:
        try:
            with obj.program("k").attach_kprobe("do_sys_openat2"):
                attached = True
        except AttachError:
            attached = False
    assert features.has_kprobes() == attached


def test_basic_types_every_btf_kernel_has():
    # all of these predate BTF in vmlinux (5.2); a "no" here is a probe bug, not a skip
    for prog_type in ("socket_filter", "kprobe", "tracepoint", "xdp", "perf_event",
                      "raw_tracepoint", "sched_cls"):
        assert features.has_prog_type(prog_type), prog_type
    for map_type in ("hash", "array", "perf_event_array", "lru_hash", "lpm_trie"):
        assert features.has_map_type(map_type), map_type
    assert features.has_btf()


def test_ringbuf_and_batch_ops_match_a_real_attempt():
    from pybpf._libbpf import syscalls as sc
    from pybpf.errors import SyscallError

    try:
        fd = sc.map_create(27, 0, 0, 4096, "pybpf_rb_t")   # BPF_MAP_TYPE_RINGBUF
        os.close(fd)
        real = True
    except SyscallError:
        real = False
    assert features.has_ringbuf() == real
    if real:   # ring buffers are 5.8, batch ops 5.6
        assert features.has_batch_ops()


def test_fentry_probe_agrees_with_loading_a_fentry_program():
    from pybpf import AttachError, Object
    from pybpf.errors import LoadError

    src = ('#include "vmlinux.h"\n#include <bpf/bpf_helpers.h>\n'
           'SEC("fentry/do_sys_openat2") int f(void *ctx) { return 0; }\n'
           'char LICENSE[] SEC("license") = "GPL";\n')
    obj = Object.from_source(src, name="fentry_t")
    try:
        obj.load()
        with obj.program("f").attach_trace():
            loaded = True
    except (LoadError, AttachError):
        loaded = False
    finally:
        obj.close()
    assert features.has_fentry() == loaded


def test_summary_lists_every_probe():
    s = features.summary()
    for key in ("kprobes", "fentry", "lsm", "ringbuf", "batch_map_ops", "tcx",
                "prog_type_xdp", "map_type_ringbuf"):
        assert key in s
