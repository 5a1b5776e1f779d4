"""What the rewriter reports: ProgramSpec and TableSpec contents."""
from __future__ import annotations

import re

import pytest

from dialect_helpers import GOLDEN, needs_clang, rewrite_case
from pybpf.dialect import ProgramSpec, RewriteResult


def golden(case):
    return rewrite_case((GOLDEN / f"{case}.bcc.c").read_text(), f"{case}.bcc.c")


def test_contract_types():
    res = rewrite_case("int hello(void *ctx) { return 0; }")
    assert isinstance(res, RewriteResult)
    assert isinstance(res.programs["hello"], ProgramSpec)
    assert res.tables == {}


def test_hello_plain_function_has_all_kprobe_variants():
    res = golden("ch2_hello")
    spec = res.programs["hello"]
    assert spec.name == "hello" and spec.auto is None and spec.line == 1
    assert spec.variants == {"kprobe": "hello", "syscall_enter": "hello__sce",
                             "syscall_exit": "hello__scx", "generic": "hello__gen"}
    assert spec.sections == {"kprobe": "kprobe", "syscall_enter": "tracepoint",
                             "syscall_exit": "tracepoint", "generic": "kprobe"}
    for cname, sec in [("hello", "kprobe"), ("hello__sce", "tracepoint"),
                       ("hello__scx", "tracepoint"), ("hello__gen", "kprobe")]:
        assert f'SEC("{sec}") int {cname}(void *ctx)' in res.source
    assert 'char _license[] SEC("license") = "GPL";' in res.source


def test_hello_map_defaults():
    t = golden("ch2_hello_map").tables["counter_table"]
    assert (t.name, t.kind, t.key_type, t.leaf_type, t.max_entries) == \
        ("counter_table", "hash", "u64", "u64", 10240)
    assert t.map_type == "BPF_MAP_TYPE_HASH" and t.event_type is None
    assert t.elf_name == "counter_table" and t.line == 1


def test_hello_buffer_event_type_and_pin():
    res = golden("ch2_hello_buffer")
    t = res.tables["output"]
    assert (t.kind, t.key_type, t.leaf_type, t.max_entries, t.event_type) == \
        ("perf_output", "int", "u32", 0, "struct data_t")
    assert "__pybpf_perf_submit(output, ctx, &data, sizeof(data))" in res.source


def test_hello_file_tracepoint_and_config_clash():
    res = golden("ch2_hello_file")
    spec = res.programs["tracepoint__syscalls__sys_enter_openat"]
    assert spec.auto == ("tracepoint", "syscalls:sys_enter_openat")
    assert spec.variants == {"tracepoint": "tracepoint__syscalls__sys_enter_openat"}
    assert spec.sections == {"tracepoint": "tracepoint/syscalls/sys_enter_openat"}
    assert res.tables["output"].event_type == "struct data_t"
    assert "struct tracepoint__syscalls__sys_enter_openat {" in res.source


@needs_clang
def test_table_named_like_a_vmlinux_typedef_is_renamed():
    res = golden("ch2_hello_file")
    t = res.tables["config"]
    assert t.name == "config" and t.elf_name == "config_"
    assert "} config_ SEC(\".maps\");" in res.source
    assert any("config" in w for w in res.warnings)


def test_hello_tail_raw_tracepoint_context():
    res = golden("ch2_hello_tail")
    assert res.tables["syscall"].kind == "prog_array"
    assert res.tables["syscall"].max_entries == 300
    hello = res.programs["hello"]
    assert hello.variants == {"generic": "hello"} and hello.sections == {"generic": "raw_tp"}
    assert res.programs["hello_exec"].variants["generic"] == "hello_exec__gen"
    assert res.programs["ignore_opcode"].sections["generic"] == "kprobe"
    assert "__pybpf_call(syscall, ctx, opcode);" in res.source


def test_prefixes_and_syscall_variants():
    p = golden("probes_prefixes").programs
    assert p["kprobe__vfs_read"].auto == ("kprobe", "vfs_read")
    assert p["kprobe__vfs_read"].variants == {"kprobe": "kprobe__vfs_read"}
    assert p["kretprobe__vfs_read"].sections == {"kprobe": "kretprobe/vfs_read"}
    sc = p["kprobe____x64_sys_openat"]
    assert sc.auto == ("kprobe", "__x64_sys_openat")
    assert sc.variants == {"kprobe": "kprobe____x64_sys_openat",
                           "syscall_enter": "kprobe____x64_sys_openat__sce"}
    assert sc.sections["syscall_enter"] == "tracepoint/syscalls/sys_enter_openat"
    rsc = p["kretprobe____x64_sys_openat"]
    assert rsc.variants["syscall_exit"] == "kretprobe____x64_sys_openat__scx"
    assert rsc.sections["syscall_exit"] == "tracepoint/syscalls/sys_exit_openat"
    # do_sys_openat2 is an internal function (called by openat), not a syscall entry
    assert p["kprobe__do_sys_openat2"].variants == {"kprobe": "kprobe__do_sys_openat2"}
    assert p["syscall__clone"].auto is None
    assert set(p["syscall__clone"].variants) == {"kprobe", "syscall_enter", "syscall_exit",
                                                 "generic"}
    assert p["tracepoint__sched__sched_switch"].auto == ("tracepoint", "sched:sched_switch")
    assert p["my_wakeup"].variants == {"generic": "my_wakeup"}
    assert p["my_wakeup"].sections == {"generic": "tracepoint"}
    assert p["raw_tracepoint__sys_enter"].sections == {"raw_tracepoint": "raw_tp/sys_enter"}
    assert p["on_cpu_clock"].sections == {"generic": "perf_event"}
    assert p["xdp_pass"].sections == {"generic": "xdp"}
    assert p["sock_filter"].sections == {"generic": "socket"}
    assert p["libbpf_style"].sections == {"generic": "tp/syscalls/sys_enter_getpid"}
    assert "no_params" in p and "plain_static" not in p and "always" not in p


def test_extra_parameters_read_per_variant():
    src = golden("probes_prefixes").source
    # direct registers for an ordinary kernel function
    assert "struct file *file = (struct file *)PT_REGS_PARM1((struct pt_regs *)ctx);" in src
    # the x86 syscall wrapper's inner pt_regs for __x64_sys_*
    assert "int flags = (int)__pybpf_sysarg3((struct pt_regs *)ctx);" in src
    # the tracepoint record in the syscall_enter copy
    assert "umode_t mode = (umode_t)__pybpf_sce(ctx)->args[3];" in src
    # syscall__ functions read through the wrapper too (kprobe and generic copies)
    assert src.count("unsigned long tls = (unsigned long)__pybpf_sysarg5((struct pt_regs *)"
                     "ctx);") == 2
    assert "unsigned long tls; __builtin_memset(&tls, 0, sizeof(tls));" in src


def test_probe_macros():
    p = golden("probes_macros").programs
    assert p["tracepoint__sched__sched_process_exec"].auto == \
        ("tracepoint", "sched:sched_process_exec")
    assert p["raw_tracepoint__sched_switch"].variants == \
        {"raw_tracepoint": "raw_tracepoint__sched_switch"}
    assert p["kfunc__do_unlinkat"].auto == ("kfunc", "do_unlinkat")
    assert p["kfunc__do_unlinkat"].sections == {"kfunc": "fentry/do_unlinkat"}
    assert p["kretfunc__do_unlinkat"].sections == {"kretfunc": "fexit/do_unlinkat"}
    assert p["kmod_ret__security_file_open"].sections == \
        {"kmod_ret": "fmod_ret/security_file_open"}
    assert p["lsm__bpf"].auto == ("lsm", "bpf")
    assert p["lsm__bpf"].sections == {"lsm": "lsm/bpf"}
    src = golden("probes_macros").source
    assert 'SEC("fentry/do_unlinkat") int BPF_PROG(kfunc__do_unlinkat, int dfd, ' \
           'struct filename *name)' in src
    assert 'int BPF_PROG(kfunc__schedule)' in src
    assert "\tint data_loc_filename __attribute__((aligned(8)));" in src


def test_all_table_kinds():
    t = golden("maps_decls").tables
    want = {
        "h1": ("hash", "u64", "u64", 10240, "BPF_MAP_TYPE_HASH"),
        "h2": ("hash", "u32", "u64", 10240, "BPF_MAP_TYPE_HASH"),
        "h3": ("hash", "struct key_t", "struct leaf_t", 10240, "BPF_MAP_TYPE_HASH"),
        "h4": ("hash", "struct key_t", "struct leaf_t", 1024, "BPF_MAP_TYPE_HASH"),
        "a1": ("array", "int", "u64", 10240, "BPF_MAP_TYPE_ARRAY"),
        "a2": ("array", "int", "struct leaf_t", 10240, "BPF_MAP_TYPE_ARRAY"),
        "a3": ("array", "int", "u32", 16, "BPF_MAP_TYPE_ARRAY"),
        "hist1": ("histogram", "int", "u64", 64, "BPF_MAP_TYPE_ARRAY"),
        "hist2": ("histogram", "struct key_t", "u64", 64, "BPF_MAP_TYPE_HASH"),
        "hist3": ("histogram", "int", "u64", 64, "BPF_MAP_TYPE_ARRAY"),
        "ph": ("percpu_hash", "u32", "u64", 128, "BPF_MAP_TYPE_PERCPU_HASH"),
        "pa": ("percpu_array", "int", "struct leaf_t", 4, "BPF_MAP_TYPE_PERCPU_ARRAY"),
        "lru": ("lru_hash", "u64", "u64", 4096, "BPF_MAP_TYPE_LRU_HASH"),
        "events": ("perf_output", "int", "u32", 0, "BPF_MAP_TYPE_PERF_EVENT_ARRAY"),
        "counters": ("perf_array", "int", "u32", 64, "BPF_MAP_TYPE_PERF_EVENT_ARRAY"),
        "rb": ("ringbuf", None, None, 16 * 4096, "BPF_MAP_TYPE_RINGBUF"),
        "jmp": ("prog_array", "u32", "u32", 8, "BPF_MAP_TYPE_PROG_ARRAY"),
        "stacks": ("stack_trace", "u32", "struct bpf_stacktrace", 2048,
                   "BPF_MAP_TYPE_STACK_TRACE"),
        "bstacks": ("stack_trace", "u32", "struct bpf_stacktrace_buildid", 128,
                    "BPF_MAP_TYPE_STACK_TRACE"),
        "trie": ("lpm_trie", "struct lpm_key", "u8", 256, "BPF_MAP_TYPE_LPM_TRIE"),
        "q": ("queue", None, "u32", 32, "BPF_MAP_TYPE_QUEUE"),
        "stk": ("stack", None, "struct leaf_t", 8, "BPF_MAP_TYPE_STACK"),
        "cgroups": ("cgroup_array", "int", "u32", 4, "BPF_MAP_TYPE_CGROUP_ARRAY"),
        "devs": ("devmap", "u32", "int", 8, "BPF_MAP_TYPE_DEVMAP"),
        "cpus": ("cpumap", "u32", "u32", 4, "BPF_MAP_TYPE_CPUMAP"),
        "xsks": ("xskmap", "u32", "int", 4, "BPF_MAP_TYPE_XSKMAP"),
        "outer_arr": ("array_of_maps", "int", "int", 4, "BPF_MAP_TYPE_ARRAY_OF_MAPS"),
        "outer_hash": ("hash_of_maps", "u32", "int", 16, "BPF_MAP_TYPE_HASH_OF_MAPS"),
        "t_hash": ("hash", "u32", "u64", 256, "BPF_MAP_TYPE_HASH"),
        "t_stacks": ("stack_trace", "int", "struct bpf_stacktrace", 512,
                     "BPF_MAP_TYPE_STACK_TRACE"),
        "t_prog": ("prog_array", "u32", "u32", 4, "BPF_MAP_TYPE_PROG_ARRAY"),
        "t_nopre": ("hash", "u64", "u64", 1000, "BPF_MAP_TYPE_HASH"),
        "t_pcpu": ("percpu_array", "int", "struct leaf_t", 2, "BPF_MAP_TYPE_PERCPU_ARRAY"),
        "sk_store": ("sk_storage", "int", "u64", 0, "BPF_MAP_TYPE_SK_STORAGE"),
        "task_store": ("task_storage", "int", "struct leaf_t", 0,
                       "BPF_MAP_TYPE_TASK_STORAGE"),
        "smap": ("sockmap", "u32", "int", 16, "BPF_MAP_TYPE_SOCKMAP"),
        "shash": ("sockhash", "u64", "int", 16, "BPF_MAP_TYPE_SOCKHASH"),
        "cg_store": ("cgroup_storage", "struct bpf_cgroup_storage_key", "u64", None,
                     "BPF_MAP_TYPE_CGROUP_STORAGE"),
        "multi_line": ("hash", "struct key_t", "struct leaf_t", 64, "BPF_MAP_TYPE_HASH"),
    }
    for name, (kind, key, leaf, size, mtype) in want.items():
        spec = t[name]
        assert (spec.kind, spec.key_type, spec.leaf_type, spec.max_entries,
                spec.map_type) == (kind, key, leaf, size, mtype), name
    assert t["trie"].flags == "BPF_F_NO_PREALLOC"
    assert t["t_nopre"].flags == "BPF_F_NO_PREALLOC"
    assert t["bstacks"].flags == "BPF_F_STACK_BUILD_ID"
    assert t["outer_arr"].inner_map == "inner_arr"
    assert t["multi_line"].line == 50


def test_event_types_from_the_calls():
    t = golden("maps_methods").tables
    assert t["events"].event_type == "struct event_t"
    assert t["rb"].event_type == "struct event_t"     # ringbuf_reserve(sizeof(*e))
    t = rewrite_case("""
        struct rec { int x; };
        BPF_RINGBUF_OUTPUT(a, 1); BPF_RINGBUF_OUTPUT(b, 1); BPF_PERF_OUTPUT(c);
        int f(void *ctx) {
            struct rec r = {}; struct rec *p = &r;
            a.ringbuf_output(&r, sizeof(r), 0);
            b.ringbuf_output(p, sizeof(*p), 0);
            c.perf_submit(ctx, p, 4);
            return 0;
        }""").tables
    assert t["a"].event_type == "struct rec"
    assert t["b"].event_type == "struct rec"
    assert t["c"].event_type == "struct rec"


def test_max_entries_constants():
    t = rewrite_case("""
        #define N 64
        #define M (N * 2 + 1)
        BPF_HASH(a, u32, u64, M);
        BPF_ARRAY(b, u64, 1 << 4);
        BPF_ARRAY(c, u64, UNKNOWN_SIZE);
        BPF_HASH(d, u32, u64, FROM_FLAG);
        int f(void *ctx) { return 0; }""", cflags=["-DFROM_FLAG=7"]).tables
    assert t["a"].max_entries == 129
    assert t["b"].max_entries == 16
    assert t["c"].max_entries is None
    assert t["d"].max_entries == 7


def test_license_default_and_defined():
    assert 'SEC("license") = "GPL"' in rewrite_case("int f(void *c) { return 0; }").source
    src = golden("includes_license").source
    assert 'char _license[] SEC("license") = "Dual BSD/GPL";' in src
    src = rewrite_case('#define BPF_LICENSE "Proprietary"\nint f(void *c) { return 0; }').source
    assert 'SEC("license") = "Proprietary";' in src
    src = rewrite_case('char _license[] SEC("license") = "MIT";\nint f(void *c) { return 0; }'
                       ).source
    assert src.count("_license") == 1
    src = rewrite_case("int f(void *c) { return 0; }", cflags=["-DBPF_LICENSE=BSD"]).source
    assert 'SEC("license") = "BSD";' in src


def test_linux_version_code_only_when_used(monkeypatch):
    from pybpf.dialect import includes
    monkeypatch.setattr(includes.os, "uname",
                        lambda: type("U", (), {"release": "6.18.44-fc-v657"})())
    src = rewrite_case("#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 8, 0)\n"
                       "int f(void *c) { return 1; }\n#endif\n").source
    assert f"#define LINUX_VERSION_CODE {(6 << 16) + (18 << 8) + 44}" in src
    assert "LINUX_VERSION_CODE" not in rewrite_case("int f(void *c) { return 0; }").source
    assert includes.linux_version_code("4.19.300-1") == (4 << 16) + (19 << 8) + 255


def test_helper_calls_between_programs_use_static():
    res = golden("probes_prefixes")
    assert "static __always_inline int plain_static(int x)" in res.source
    assert "static inline int already_inline(int x)" in res.source
    assert "static __always_inline int always(int x)" in res.source


def test_regs_helpers_get_syscall_copies():
    src = golden("tool_tcpconnect").source
    assert "static __always_inline int trace_connect_return__sce(struct pt_regs *ctx, " \
           "short ipver)" in src
    assert "static __always_inline int trace_connect_return__scx(struct pt_regs *ctx, " \
           "short ipver)" in src
    assert "return __PYBPF_V(trace_connect_return)(ctx, 4);" in src


def test_ast_pass_status():
    assert rewrite_case("int f(void *ctx) { return 0; }").ast_pass == "skipped"
    # map values and the context are ruled out without clang
    res = rewrite_case("""
        struct v { u64 n; }; BPF_HASH(h, u32, struct v);
        int f(struct pt_regs *ctx) { u32 k = 0; struct v *p = h.lookup(&k);
            if (p) p->n = ctx->ax; return 0; }""")
    assert res.ast_pass == "skipped"


@needs_clang
def test_ast_pass_runs_then_caches(tmp_path, monkeypatch):
    monkeypatch.setenv("PYBPF_CACHE_DIR", str(tmp_path))
    from pybpf.compile import cachedir
    cachedir.trusted_cache_dir.cache_clear()
    try:
        text = ("int f(struct pt_regs *ctx) { struct task_struct *t = (void *)"
                "bpf_get_current_task(); return t->pid; }")
        first = rewrite_case(text)
        second = rewrite_case(text)
    finally:
        cachedir.trusted_cache_dir.cache_clear()
    assert first.ast_pass == "run" and second.ast_pass == "cached"
    assert first.source == second.source
    assert "return BPF_CORE_READ(t, pid);" in first.source


def test_warnings_are_lines():
    res = rewrite_case("int f(void *c) { return 0; }")
    assert res.warnings == []
    assert all(isinstance(w, str) and "\n" not in w for w in golden("clashes").warnings)


@pytest.mark.parametrize("case", ["tool_execsnoop", "tool_opensnoop", "tool_biolatency",
                                  "tool_tcpconnect"])
def test_tools_have_programs_and_tables(case):
    res = golden(case)
    assert res.programs and res.tables
    for spec in res.programs.values():
        for cname in spec.variants.values():
            assert re.search(rf"\b{cname}\(", res.source), cname


def test_syscall_entry_names():
    from pybpf.dialect.probes import syscall_of
    assert syscall_of("__x64_sys_execve") == ("execve", True)
    assert syscall_of("__ia32_sys_read") == ("read", True)
    assert syscall_of("__arm64_sys_openat") == ("openat", True)
    assert syscall_of("__se_sys_openat") == ("openat", False)
    assert syscall_of("__do_sys_clone") == ("clone", False)
    assert syscall_of("sys_sync") == ("sync", False)
    assert syscall_of("do_sys_openat2") is None
    assert syscall_of("tcp_v4_connect") is None
    res = rewrite_case("int kprobe__sys_sync(struct pt_regs *ctx) { return 0; }")
    assert res.programs["kprobe__sys_sync"].sections == {
        "kprobe": "kprobe/sys_sync", "syscall_enter": "tracepoint/syscalls/sys_enter_sync"}


def test_table_declared_in_exclusive_branches():
    res = rewrite_case("""
        #ifdef BIG
        BPF_HASH(start, u64, u64, 65536);
        #else
        BPF_HASH(start, u32, u64);
        #endif
        int f(void *ctx) { u32 k = 0; return start.lookup(&k) != 0; }""")
    assert res.tables["start"].key_type == "u64"
    assert res.source.count("} start SEC(\".maps\");") == 2
    assert any("several #if branches" in w for w in res.warnings)


@needs_clang
def test_kernel_read_inside_a_user_macro_is_reported():
    res = rewrite_case("#define PID_OF(t) t->pid\n"
                       "int f(struct pt_regs *ctx) {\n"
                       "  struct task_struct *t = (void *)bpf_get_current_task();\n"
                       "  return PID_OF(t) + t->tgid;\n"
                       "}\n")
    assert "PID_OF(t) + BPF_CORE_READ(t, tgid)" in res.source
    assert res.warnings == ["prog.c:4: a kernel pointer dereference was left as written (it is "
                            "spelled inside a macro): read it with BPF_CORE_READ()"]


def test_bpf_num_cpus_is_a_constant(monkeypatch):
    import os
    monkeypatch.setattr(os, "sysconf", lambda name: 6)
    src = rewrite_case("int f(void *ctx) { return bpf_num_cpus(); }").source
    assert "return 6;" in src


def test_usdt_arguments_use_libbpf_usdt():
    src = golden("printk_usdt").source
    assert "#include <bpf/usdt.bpf.h>" in src
    assert "__pybpf_usdt_readarg(1, ctx, &addr);" in src
    assert "__pybpf_usdt_readarg_p(2, ctx, &path, sizeof(path));" in src
    assert "#include <bpf/usdt.bpf.h>" not in golden("ch2_hello").source


def test_trace_printk_in_helpers_and_defines():
    src = golden("printk_usdt").source
    assert "#define LOG(fmt, x) __pybpf_trace_printk(fmt, x)" in src
    assert '__pybpf_trace_printk("helper %d\\n", x);' in src
    assert '__pybpf_trace_printk("five %d %d %d %d %d\\n", a, b, c, d, e);' in src


def test_pinned_tables_report_their_path():
    res = rewrite_case(
        'BPF_TABLE_PINNED("hash", u64, u32, ns_set, 1024, "/sys/fs/bpf/ns_set");\n'
        'BPF_TABLE_PINNED("array", int, u64, arr, 4, "/sys/fs/bpf/arr", BPF_F_RDONLY_PROG);\n'
        'BPF_F_TABLE("lru_hash:/sys/fs/bpf/lru", u32, u64, lru, 8, 0);\n'
        'BPF_QUEUESTACK_PINNED("queue", q, u32, 16, 0, "/sys/fs/bpf/q");\n'
        'BPF_HASH(plain);\n'
        'int f(void *ctx) { u64 k = 0; ns_set.lookup(&k); return 0; }\n')
    t = res.tables
    assert (t["ns_set"].kind, t["ns_set"].key_type, t["ns_set"].leaf_type,
            t["ns_set"].max_entries, t["ns_set"].pin_path) == \
        ("hash", "u64", "u32", 1024, "/sys/fs/bpf/ns_set")
    assert (t["arr"].kind, t["arr"].flags, t["arr"].pin_path) == \
        ("array", "BPF_F_RDONLY_PROG", "/sys/fs/bpf/arr")
    assert (t["lru"].kind, t["lru"].pin_path) == ("lru_hash", "/sys/fs/bpf/lru")
    assert (t["q"].kind, t["q"].leaf_type, t["q"].max_entries, t["q"].pin_path) == \
        ("queue", "u32", 16, "/sys/fs/bpf/q")
    assert t["plain"].pin_path is None
    # the map itself is an ordinary BTF-defined map; the path is applied at open time
    assert "} ns_set SEC(\".maps\");" in res.source and "/sys/fs/bpf" not in res.source


def test_kernel_config_macros_the_text_uses():
    from pybpf.dialect import includes
    config = {"CONFIG_NET_NS": "y", "CONFIG_EXT4_FS": "m", "CONFIG_HZ": "250",
              "CONFIG_KPROBES": "n", "CONFIG_LOCALVERSION": '"-x"'}
    text = ("#ifdef CONFIG_NET_NS\n#endif\n#if defined(CONFIG_EXT4_FS_MODULE) || "
            "defined(CONFIG_EXT4_FS)\n#endif\nCONFIG_HZ CONFIG_KPROBES CONFIG_DEBUG_INFO "
            "CONFIG_LOCALVERSION")
    assert includes.config_defines(text, config) == [
        "#define CONFIG_EXT4_FS_MODULE 1", "#define CONFIG_HZ 250",
        '#define CONFIG_LOCALVERSION "-x"', "#define CONFIG_NET_NS 1"]
    assert includes.config_defines("no config here", config) == []


def test_kernel_config_macros_reach_the_program(monkeypatch):
    from pybpf.dialect import includes
    monkeypatch.setattr(includes, "kernel_config", lambda release=None: {"CONFIG_NUMA": "y"})
    src = rewrite_case("#ifdef CONFIG_NUMA\nint f(void *c) { return 1; }\n#endif\n").source
    assert "#define CONFIG_NUMA 1" in src
    # a -D flag wins
    src = rewrite_case("#ifdef CONFIG_NUMA\nint f(void *c) { return 1; }\n#endif\n",
                       cflags=["-DCONFIG_NUMA=0"]).source
    assert "#define CONFIG_NUMA 1" not in src


def test_dname_inline_len_is_the_kernels(monkeypatch):
    from pybpf.dialect import includes
    sizes = {("dentry", "d_iname"): 32}
    size = lambda s, m: sizes.get((s, m))
    assert includes.btf_defines("char name[DNAME_INLINE_LEN];", size) == \
        ["#define DNAME_INLINE_LEN 32"]
    sizes = {("dentry", "d_shortname"): 40, ("dentry", "d_iname"): 32}
    assert includes.btf_defines("char name[DNAME_INLINE_LEN];", size) == \
        ["#define DNAME_INLINE_LEN 40"]
    assert includes.btf_defines("#define DNAME_INLINE_LEN 16\nDNAME_INLINE_LEN", size) == []
    assert includes.btf_defines("nothing", size) == []


@needs_clang
def test_pointer_parameter_read_without_any_arrow():
    """`*ppos` on a probed function's parameter is read (kernel, else user memory) even in a
    program with no `->` for the cheap pre-check to find (zfsslower's trace_rw_entry)."""
    text = """
BPF_HASH(offsets, u32, u64);
int trace_rw_entry(struct pt_regs *ctx, void *filp, char *buf, size_t len, loff_t *ppos)
{
    u32 key = 0;
    u64 off = *ppos + buf[0];
    u64 *seen = offsets.lookup(&key);
    if (seen)
        off += *seen;            // a map value: read directly
    offsets.update(&key, &off);
    return 0;
}
"""
    res = rewrite_case(text)
    assert "u64 off = __PYBPF_READ_ANY(ppos) + __PYBPF_READ_ANY(&(buf)[0]);" in res.source
    assert "off += *seen;" in res.source


@needs_clang
def test_pointers_read_through_a_parameter_are_read_as_kernel_or_user_memory():
    """What a parameter points to may be user memory (a uprobe's `char **argv`): pointers
    read through it, in the same expression or kept in a local, are read the same way;
    an element's address is not a read."""
    text = """
BPF_HASH(h, u32, u64);
int on_main(struct pt_regs *ctx, int argc, char **argv)
{
    u32 k = 0;
    u64 v = argv[0][2];
    char *a1 = argv[1];
    v += *a1;
    void *addr = &argv[3];
    h.update(&k, &v);
    return addr != 0;
}
"""
    res = rewrite_case(text)
    assert "u64 v = __PYBPF_READ_ANY(&(__PYBPF_READ_ANY(&(argv)[0]))[2]);" in res.source
    assert "char *a1 = __PYBPF_READ_ANY(&(argv)[1]);" in res.source
    assert "v += __PYBPF_READ_ANY(a1);" in res.source
    assert "void *addr = &argv[3];" in res.source
