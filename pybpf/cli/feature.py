"""``pybpf feature``: what this kernel supports (bpftool's ``feature probe`` sections, plus
pybpf's own probes: kprobes, uprobes, fentry, LSM, ring buffer, batch ops, tcx...).

Helper support is probed by loading ``call HELPER; exit`` for each program type and reading
the verifier log: libbpf 1.1 (and Debian's bpftool with it) misses the "program of this
type cannot use helper" message of newer kernels and reports every helper as available.
"""
from __future__ import annotations

import gzip
import os

from .grammar import Args
from .render import Result

USAGE = """\
Usage: pybpf feature [probe [kernel]] [full]
       Program types, map types, helpers per program type, miscellaneous ISA features and
       pybpf's probes (kprobes, fentry, ...). 'full' also probes helpers that write to the
       kernel log (bpf_trace_printk, bpf_probe_write_user)."""

SYSCTLS = {"unprivileged_bpf_disabled": "kernel/unprivileged_bpf_disabled",
           "bpf_jit_enable": "net/core/bpf_jit_enable",
           "bpf_jit_harden": "net/core/bpf_jit_harden",
           "bpf_jit_kallsyms": "net/core/bpf_jit_kallsyms",
           "bpf_jit_limit": "net/core/bpf_jit_limit"}
CONFIGS = ["CONFIG_BPF", "CONFIG_BPF_SYSCALL", "CONFIG_HAVE_EBPF_JIT", "CONFIG_BPF_JIT",
           "CONFIG_BPF_JIT_ALWAYS_ON", "CONFIG_DEBUG_INFO_BTF", "CONFIG_DEBUG_INFO_BTF_MODULES",
           "CONFIG_CGROUPS", "CONFIG_CGROUP_BPF", "CONFIG_BPF_EVENTS", "CONFIG_KPROBE_EVENTS",
           "CONFIG_UPROBE_EVENTS", "CONFIG_TRACING", "CONFIG_FTRACE_SYSCALLS",
           "CONFIG_FUNCTION_ERROR_INJECTION", "CONFIG_BPF_KPROBE_OVERRIDE", "CONFIG_NET",
           "CONFIG_XDP_SOCKETS", "CONFIG_NET_CLS_BPF", "CONFIG_NET_CLS_ACT",
           "CONFIG_NET_SCH_INGRESS", "CONFIG_BPF_LSM", "CONFIG_BPF_STREAM_PARSER"]
# program types libbpf cannot probe without a BTF attach target (as libbpf and bpftool)
NO_HELPER_PROBE = {"tracing", "struct_ops", "ext", "lsm"}
ATTACH_FOR_PROBE = {"cgroup_sock_addr": 10, "cgroup_sockopt": 21, "sk_lookup": 36,
                    "lirc_mode2": 16}
NOISY_HELPERS = {"bpf_trace_printk", "bpf_probe_write_user"}
REJECTED = ("unknown func ", "invalid func ", "cannot use helper")


def _sysctl(path: str):
    try:
        with open(f"/proc/sys/{path}") as f:
            text = f.read().strip()
    except OSError:
        return None
    try:
        return int(text)
    except ValueError:
        return text


def kernel_config() -> dict[str, str | None]:
    text = ""
    for path, opener in (("/proc/config.gz", gzip.open),
                         (f"/boot/config-{os.uname().release}", open)):
        try:
            with opener(path, "rt") as f:
                text = f.read()
            break
        except OSError:
            continue
    values = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key in CONFIGS:
            values[key] = value
    return {k: values.get(k) for k in CONFIGS} if text else {}


def _names(fn) -> dict[int, str]:
    out, t = {}, 1
    while True:
        name = fn(t)
        if name.startswith("type "):
            return out
        out[t] = name
        t += 1


def _load_ok(prog_type: int, insns: bytes, attach: int = 0) -> tuple[bool, str]:
    from .._libbpf import syscalls as sc
    from ..errors import SyscallError

    try:
        fd, log = sc.prog_load(prog_type, insns, expected_attach_type=attach, log_level=1)
    except SyscallError as exc:
        return False, getattr(exc, "verifier_log", "")
    os.close(fd)
    return True, log


def probe_helpers(prog_type: int, helpers: dict[int, str], attach: int) -> list[str]:
    from .xlated import encode

    out = []
    for hid, name in sorted(helpers.items()):
        ok, log = _load_ok(prog_type, encode(0x85, imm=hid) + encode(0x95), attach)
        if ok or not any(r in log for r in REJECTED):
            out.append(name)
    return out


def probe_misc() -> dict[str, bool]:
    from .xlated import encode

    mov0, mov1, exit_ = encode(0xB7, 0, imm=0), encode(0xB7, 0, imm=1), encode(0x95)
    progs = {
        "have_large_insn_limit": mov1 * 4097 + exit_,
        "have_bounded_loops": encode(0xB7, 0, imm=10) + encode(0x17, 0, imm=1) +
        encode(0x55, 0, off=-2, imm=0) + exit_,                  # r0 -= 1 until 0
        "have_v2_isa_extension": mov0 + encode(0xA5, 0, off=0, imm=1) + exit_,  # jlt
        "have_v3_isa_extension": mov0 + encode(0xA6, 0, off=0, imm=1) + exit_,  # jmp32
        "have_v4_isa_extension": mov0 + encode(0xD7, 0, imm=16) + exit_,        # bswap16
    }
    return {key: _load_ok(1, insns)[0] for key, insns in progs.items()}


def collect(full: bool = False) -> dict:
    from .. import features
    from .._libbpf import syscalls as sc
    from .._libbpf.objects import map_type_name, prog_type_name
    from .progdata import helper_names

    system = {k: _sysctl(p) for k, p in SYSCTLS.items()}
    system.update(kernel_config())
    prog_types = _names(prog_type_name)
    map_types = _names(map_type_name)
    have_prog = {name: sc.probe_prog_type(t) for t, name in prog_types.items()}
    helpers_by_id = {i: n for i, n in helper_names().items()
                     if full or n not in NOISY_HELPERS}
    helpers = {}
    for t, name in prog_types.items():
        if not have_prog[name] or name in NO_HELPER_PROBE:
            helpers[f"{name}_available_helpers"] = []
            continue
        helpers[f"{name}_available_helpers"] = probe_helpers(
            t, helpers_by_id, ATTACH_FOR_PROBE.get(name, 0))
    extra = features.summary()
    return {
        "system_config": system,
        "syscall_config": {"have_bpf_syscall": True},
        "program_types": {f"have_{n}_prog_type": have_prog[n] for n in have_prog},
        "map_types": {f"have_{n}_map_type": sc.probe_map_type(t)
                      for t, n in map_types.items()},
        "helpers": helpers,
        "misc": probe_misc(),
        "pybpf": {k: v for k, v in extra.items()
                  if not k.startswith(("prog_type_", "map_type_"))},
    }


def feature_text(d: dict) -> str:
    out = ["System configuration:"]
    for key, value in d["system_config"].items():
        out.append(f"\t{key}: {'is not set' if value is None else value}")
    out += ["", "bpf() syscall is available", "", "Program types:"]
    for key, ok in d["program_types"].items():
        name = key[len("have_"):-len("_prog_type")]
        out.append(f"\teBPF program_type {name} is {'' if ok else 'NOT '}available")
    out += ["", "Map types:"]
    for key, ok in d["map_types"].items():
        name = key[len("have_"):-len("_map_type")]
        out.append(f"\teBPF map_type {name} is {'' if ok else 'NOT '}available")
    for key, names in d["helpers"].items():
        out += ["", f"eBPF helpers supported for program type "
                    f"{key[:-len('_available_helpers')]}:"]
        out += [f"\t- {n}" for n in names]
    out += ["", "Miscellaneous:"]
    out += [f"\t{k[len('have_'):].replace('_', ' ')}: {'yes' if v else 'no'}"
            for k, v in d["misc"].items()]
    out += ["", "pybpf probes:"]
    out += [f"\t{k}: {'yes' if v else 'no'}" for k, v in d["pybpf"].items()]
    return "\n".join(out)


def do_probe(args: Args, ctx) -> Result:
    args.accept("kernel")
    full = args.accept("full") is not None
    args.done()
    return Result(collect(full), feature_text)


COMMANDS = {"probe": do_probe}
DEFAULT = "probe"
FALLBACK = True
