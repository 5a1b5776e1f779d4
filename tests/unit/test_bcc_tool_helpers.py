"""Helpers BCC's tools import: StrcmpRewrite (trace, argdist), BPF.generate_auto_includes,
ArgString; the generated C is checked by compiling it with the rewriter's pipeline."""
from pybpf.bcc import BPF, ArgString, StrcmpRewrite
from pybpf.dialect import rewrite


def test_strcmp_rewrite_replaces_each_call_with_a_generated_function():
    r = StrcmpRewrite.rewrite_expr('STRCMP("bash", arg1) && !STRCMP("sh", arg2)', False,
                                   False, {"arg2"}, "/* before */", 7)
    assert r["expr"] == 'streq_7("bash", arg1) && !streq_8("sh", arg2)'
    assert r["probeid"] == 9
    funcs = r["streq_functions"]
    assert funcs.startswith("/* before */")
    assert "static inline bool streq_7(char const *ignored, uintptr_t str)" in funcs
    assert 'char needle[] = "bash";' in funcs and 'char needle[] = "sh";' in funcs
    # arg1 is a kernel pointer, arg2 was marked @user
    first, second = funcs.split("streq_8")
    assert "bpf_probe_read(&haystack" in first and "bpf_probe_read_user(&haystack" in second


def test_strcmp_rewrite_user_probe_reads_user_memory_and_leaves_other_text():
    r = StrcmpRewrite.rewrite_expr("arg1 > 3", False, True, set(), "", 0)
    assert r == {"expr": "arg1 > 3", "streq_functions": "", "probeid": 0}
    r = StrcmpRewrite.rewrite_expr('STRCMP("x", arg1)', False, True, set(), "", 0)
    assert "bpf_probe_read_user(&haystack" in r["streq_functions"]


def test_generated_streq_function_passes_the_rewriter():
    r = StrcmpRewrite.rewrite_expr('STRCMP("/etc/passwd", filename)', False, True, set(), "", 0)
    text = r["streq_functions"] + """
int kprobe__do_sys_openat2(struct pt_regs *ctx, int dfd, const char *filename) {
    if (!(%s)) return 0;
    bpf_trace_printk("opened");
    return 0;
}""" % r["expr"]
    out = rewrite(text).source
    assert "static inline bool streq_0(" in out and "streq_0(\"/etc/passwd\", filename)" in out


def test_generate_auto_includes_like_bcc():
    words = ["struct", "sk_buff", "*skb", "bio", "file->f_path"]
    assert BPF.generate_auto_includes(words) == (
        "#include <linux/fs.h>\n#include <linux/blkdev.h>\n#include <linux/netdevice.h>\n")
    assert BPF.generate_auto_includes(["u64", "x"]) == ""


def test_arg_string_keeps_bytes():
    a = ArgString("sys_*")
    assert bytes(a) == b"sys_*" and str(a) == "sys_*"
