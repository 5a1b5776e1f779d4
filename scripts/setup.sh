#!/bin/bash
# Install what pybpf needs, idempotently: Debian packages (clang, llvm, libbpf-dev, ...),
# the Python package in editable mode with its test extra (this builds the cffi bindings),
# and the tracefs/bpffs mounts. Fast when everything is already there.
# usage: scripts/setup.sh [--test]   (as root; CI and scripts/test.sh call it with --test)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-python3}
export DEBIAN_FRONTEND=noninteractive

# systemtap-sdt-dev: <sys/sdt.h>, which the USDT tests build their probed program with
APT_PACKAGES="clang llvm libbpf-dev libelf-dev zlib1g-dev pkg-config gcc libc6-dev iproute2 kmod
  systemtap-sdt-dev"
# --test: what the suite compares against or runs under pybpf: BCC's own tools
# (tests/kernel/test_bcc_tools.py runs them unchanged with `pybpf run`) and bpftool (the CLI
# tests compare `pybpf prog/map/btf` output with it)
[ "${1:-}" = "--test" ] && APT_PACKAGES="$APT_PACKAGES bpfcc-tools bpftool"
missing=""
for p in $APT_PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing Debian packages:$missing"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends $missing >/dev/null
fi

# the Python package: reinstall when the bindings' inputs or the metadata changed.
# editable_mode=compat puts a plain path in a .pth file: the default mode's import hook
# costs ~10 ms at every interpreter start, a quarter of pybpf's warm-start budget.
stamp_src=$(cat "$ROOT/setup.cfg" "$ROOT/setup.py" "$ROOT"/pybpf/_libbpf/build.py \
  "$ROOT"/pybpf/_libbpf/shim*.c "$ROOT"/pybpf/_libbpf/decl/*.h | sha256sum | cut -c1-16)
stamp="$ROOT/pybpf/_libbpf/.built-$stamp_src"
# (also when the installed pybpf is another checkout's)
if [ ! -e "$stamp" ] || ! (cd / && "$PYTHON" -c "
import os, pybpf, pybpf._libbpf, pytest, elftools, pyroute2, psutil
assert os.path.realpath(pybpf.__file__) == os.path.realpath('$ROOT/pybpf/__init__.py')
") 2>/dev/null; then
  echo "setup: installing pybpf (editable) and its test dependencies with $PYTHON"
  (cd "$ROOT" && "$PYTHON" -m pip install -q --disable-pip-version-check --root-user-action=ignore \
    --config-settings editable_mode=compat -e '.[test]')
  rm -f "$ROOT"/pybpf/_libbpf/.built-*
  touch "$stamp"
fi

# byte-compile now: with PYTHONDONTWRITEBYTECODE set (as in some shells and CI), every start
# would otherwise recompile pybpf from source (~25 ms)
"$PYTHON" -m compileall -q "$ROOT/pybpf" >/dev/null || true

# tracefs (trace_pipe, tracepoints) and bpffs (pins)
if ! grep -q " /sys/kernel/tracing tracefs " /proc/mounts; then
  mount -t tracefs tracefs /sys/kernel/tracing || echo "setup: warning: cannot mount tracefs" >&2
fi
if ! grep -q " /sys/fs/bpf bpf " /proc/mounts; then
  mount -t bpf bpf /sys/fs/bpf || echo "setup: warning: cannot mount bpffs" >&2
fi
echo "setup: ok ($("$PYTHON" -c 'import pybpf; print("pybpf", pybpf.__version__)'), $(clang --version | head -1))"
