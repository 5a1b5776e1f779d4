"""#include lines, the license, LINUX_VERSION_CODE and clashes with vmlinux.h type names.

Kernel headers cannot be used next to vmlinux.h (they redefine its types), and the
running kernel's headers are usually not installed anyway. So every ``#include`` of a
kernel header - a path under ``linux/``, ``uapi/``, ``asm/``, ``asm-generic/``, ``net/``,
``trace/``, ``generated/`` or ``bcc/`` - is replaced, on the same line, by pybpf's compat
header: ``pybpf/compat/net.h`` for networking headers, ``pybpf/compat/bcc/proto.h`` for
``<bcc/proto.h>``, ``pybpf/compat/kernel.h`` for everything else (types come from
vmlinux.h, the macros BTF lacks from the compat header). C library headers that would pull
in glibc (``stdint.h``, ``string.h``, ``errno.h``, ...) map to the kernel compat header too,
and so does ``stddef.h`` (clang's disagrees with vmlinux.h on ``wchar_t``; libbpf and
vmlinux.h provide ``offsetof``, ``NULL`` and ``size_t``). clang's ``stdbool.h`` and
``stdarg.h`` and the user's own ``"local.h"`` headers are kept.
"""
from __future__ import annotations

import functools
import os
import re

_KERNEL_DIRS = {"linux", "uapi", "asm", "asm-generic", "net", "trace", "generated", "kernel",
                "crypto", "scsi", "xen", "keys", "media", "rdma", "video", "acpi", "clocksource",
                "drm", "misc", "ras", "soc", "vdso", "target", "sound", "dt-bindings"}
_NET_LINUX = {"tcp.h", "udp.h", "ip.h", "ipv6.h", "in.h", "in6.h", "socket.h", "skbuff.h",
              "netdevice.h", "if_ether.h", "icmp.h", "icmpv6.h", "if_packet.h", "if_vlan.h",
              "net.h", "netfilter.h", "inet.h", "if.h", "if_arp.h", "sctp.h", "un.h"}
_LIBC = {"stdint.h", "stddef.h", "inttypes.h", "string.h", "strings.h", "errno.h", "limits.h",
         "stdio.h", "stdlib.h", "unistd.h", "fcntl.h", "signal.h", "time.h", "sched.h",
         "endian.h", "byteswap.h", "assert.h", "ctype.h"}
_DROP = {"bcc/helpers.h", "bcc/bpf_helpers.h", "bcc/libbpf.h", "bpf_helpers.h"}
_INCLUDE = re.compile(r'^(\s*#\s*include\s*)([<"])([^>"]+)([>"])(.*)$', re.S)

KERNEL_H = "pybpf/compat/kernel.h"
NET_H = "pybpf/compat/net.h"
PROTO_H = "pybpf/compat/bcc/proto.h"


def map_include(path: str) -> str | None:
    """The compat header replacing ``path``, "" to drop it, None to keep it."""
    if path in _DROP:
        return ""
    if path == "bcc/proto.h":
        return PROTO_H
    parts = path.split("/")
    if path in _LIBC or parts[0] == "sys" or parts[0] == "bits":
        return KERNEL_H
    if parts[0] not in _KERNEL_DIRS and parts[0] != "bcc":
        return None
    rest = parts[1:] if parts[0] == "uapi" else parts
    if rest and rest[0] == "net" or (len(rest) == 2 and rest[0] == "linux" and
                                     rest[1] in _NET_LINUX) or \
            (len(rest) >= 2 and rest[0] == "linux" and rest[1].startswith("netfilter")):
        return NET_H
    return KERNEL_H


def rewrite_include(directive: str) -> str | None:
    """The replacement of an #include line (same line count), or None to keep it."""
    m = _INCLUDE.match(directive)
    if not m:
        return None
    path = m.group(3).strip()
    target = map_include(path)
    if target is None:
        return None
    newlines = "\n" * directive.count("\n")
    shown = f"{m.group(2)}{path}{m.group(4)}".replace("*/", "* /")
    if target == "":
        return f"/* pybpf: {shown} is part of the prelude */" + newlines
    return f"#include <{target}> /* pybpf: was {shown} */" + newlines


_LICENSE_DEFINE = re.compile(r"^\s*#\s*define\s+BPF_LICENSE\s+(.*?)\s*$", re.S)


def license_value(directives: list[str], cflags=()) -> str:
    """The license string: BPF_LICENSE from a #define or -D flag, else "GPL" (BCC's
    default)."""
    value = None
    for flag in cflags:
        m = re.fullmatch(r"-DBPF_LICENSE=(.*)", flag)
        if m:
            value = m.group(1)
    for d in directives:
        m = _LICENSE_DEFINE.match(d)
        if m:
            value = re.sub(r"\\\n", " ", m.group(1)).strip()
    if not value:
        return "GPL"
    if value.startswith('"') and value.endswith('"') and len(value) >= 2:
        return value[1:-1]
    return value


def c_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def linux_version_code(release: str | None = None) -> int:
    """LINUX_VERSION_CODE of the running kernel (patch level capped at 255, as the kernel
    does)."""
    release = release or os.uname().release
    nums = [int(x) for x in re.findall(r"\d+", release.split("-")[0])[:3]]
    while len(nums) < 3:
        nums.append(0)
    a, b, c = nums
    return (a << 16) + (b << 8) + min(c, 255)


_TAG_DEF = re.compile(r"^(?:struct|union|enum) (\w+) \{", re.M)


def _vmlinux_names(suffix: str, extract) -> frozenset[str]:
    """Names ``extract(header text)`` finds in vmlinux.h, cached in a sidecar file next to
    it (reading the 2.8 MB header costs ~50 ms); empty when there is no BTF."""
    try:
        from ..compile.vmlinux import vmlinux_h
        header = vmlinux_h()
    except Exception:
        return frozenset()
    sidecar = header + suffix
    try:
        if os.path.getmtime(sidecar) >= os.path.getmtime(header):
            with open(sidecar) as f:
                return frozenset(f.read().split())
    except OSError:
        pass
    with open(header) as f:
        names = frozenset(extract(f.read()))
    try:
        from ..compile import cachedir
        cachedir.atomic_write(sidecar, "\n".join(sorted(names)).encode())
    except OSError:
        pass
    return names


@functools.lru_cache(maxsize=None)
def kernel_tags() -> frozenset[str]:
    """struct/union/enum tags vmlinux.h defines (a user struct with one of these names
    would be a redefinition)."""
    return _vmlinux_names(".tags", _TAG_DEF.findall)


_TYPEDEF_LINE = re.compile(r"^typedef [^\n]*;$", re.M)
_ENUMERATOR = re.compile(r"^\t(\w+) = -?\w+,?$", re.M)


def _ordinary_names(header_text: str) -> set[str]:
    names = set(_ENUMERATOR.findall(header_text))
    for line in _TYPEDEF_LINE.findall(header_text):
        if "(" not in line:
            m = re.search(r"\b(\w+)\s*(?:\[[^\]]*\])*;$", line)
        else:   # typedef int (*name)(...); or typedef int name(...);
            m = re.match(r"typedef [^(]*\(\s*\*\s*(\w+)\s*\)", line) or \
                re.match(r"typedef [^(]*?\b(\w+)\s*\(", line)
        if m:
            names.add(m.group(1))
    return names


@functools.lru_cache(maxsize=None)
def kernel_identifiers() -> frozenset[str]:
    """Ordinary identifiers vmlinux.h declares (typedef names and enumerators): a user
    variable, function or table with one of these names would not compile next to it."""
    return _vmlinux_names(".idents", _ordinary_names)


# --- macros that describe the running kernel ----------------------------------------------
# Kernel headers bring the kernel's configuration (generated/autoconf.h) and macros whose
# value depends on the kernel's types. vmlinux.h has neither: the rewriter defines the ones a
# program mentions, from the running kernel (the rewrite cache is keyed on the kernel).

_CONFIG_NAME = re.compile(r"\bCONFIG_\w+")
_CONFIG_SOURCES = ("/proc/config.gz", "/boot/config-{release}", "/lib/modules/{release}/config")


@functools.lru_cache(maxsize=None)
def kernel_config(release: str | None = None) -> dict[str, str]:
    """The running kernel's configuration (``CONFIG_X`` -> ``y``/``m``/value) from
    /proc/config.gz or /boot/config-RELEASE; empty when neither is readable."""
    import gzip

    release = release or os.uname().release
    for pattern in _CONFIG_SOURCES:
        path = pattern.format(release=release)
        try:
            opener = gzip.open if path.endswith(".gz") else open
            with opener(path, "rt", errors="replace") as f:
                text = f.read()
        except OSError:
            continue
        return dict(re.findall(r"^(CONFIG_\w+)=(.*)$", text, re.M))
    return {}


def config_defines(text: str, config: dict[str, str] | None = None) -> list[str]:
    """``#define`` lines, as autoconf.h writes them, for the CONFIG_ names ``text`` uses
    (``=y`` -> ``CONFIG_X 1``, ``=m`` -> ``CONFIG_X_MODULE 1``, other values as they are)."""
    config = kernel_config() if config is None else config
    out = []
    for name in sorted(set(_CONFIG_NAME.findall(text))):
        base = name[:-7] if name.endswith("_MODULE") else name
        value = config.get(base)
        if value is None or value == "n":
            continue
        if value == "m":
            if name != base:
                out.append(f"#define {name} 1")
        elif value == "y":
            if name == base:
                out.append(f"#define {name} 1")
        elif name == base:
            out.append(f"#define {name} {value}")
    return out


# macro -> (struct, members to try in order): the macro is the size of the first member
# the kernel's struct has
_BTF_SIZE_MACROS = {
    # include/linux/dcache.h: the inline name buffer of a dentry (32 bytes before 6.14,
    # d_iname; 40 since, d_shortname)
    "DNAME_INLINE_LEN": ("dentry", ("d_shortname", "d_iname")),
}


def btf_defines(text: str, member_size=None) -> list[str]:
    """``#define`` lines for the kernel macros ``text`` uses whose value comes from the
    running kernel's types (``DNAME_INLINE_LEN``); not for names ``text`` defines itself."""
    out = []
    for name, (struct, members) in _BTF_SIZE_MACROS.items():
        if not re.search(rf"\b{name}\b", text) or \
                re.search(rf"^\s*#\s*define\s+{name}\b", text, re.M):
            continue
        if member_size is None:
            from ..btfinfo import member_size as _member_size
            member_size = _member_size
        for member in members:
            size = member_size(struct, member)
            if size:
                out.append(f"#define {name} {size}")
                break
    return out
