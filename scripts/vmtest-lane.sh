#!/bin/bash
# The VM lane: tests/vm (kprobes, kretprobes, fentry, LSM) inside a Debian kernel guest.
# BPF objects are compiled on the host first; the guest reuses them from the object cache.
# Skips loudly (exit 0) when the guest cannot be set up or started on this machine.
# usage: scripts/vmtest-lane.sh [pytest args...]
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PYTHON=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
OUT="$ROOT/.vmtest/out"
mkdir -p "$ROOT/.vmtest"
if ! "$ROOT/scripts/vmtest-setup.sh" > "$ROOT/.vmtest/setup.log" 2>&1; then
  echo "=================================================================="
  echo "VM LANE SKIPPED: the guest kernel could not be set up (see .vmtest/setup.log):"
  tail -5 "$ROOT/.vmtest/setup.log"
  echo "=================================================================="
  exit 0
fi
if ! command -v qemu-system-x86_64 >/dev/null; then
  echo "VM LANE SKIPPED: qemu-system-x86_64 is not installed"; exit 0
fi
fp=$("$PYTHON" "$ROOT/scripts/vm-precompile.py") || { echo "vm lane: host precompile failed"; exit 1; }
rm -rf "$OUT"; mkdir -p "$OUT"
export PYBPF_KERNEL_FINGERPRINT="$fp" PYTEST_DISABLE_PLUGIN_AUTOLOAD=1
# BPF LSM programs need "bpf" in the active LSM list
export VMTEST_APPEND="${VMTEST_APPEND:-lsm=landlock,lockdown,yama,integrity,apparmor,bpf}"
VMTEST_QUIET=${VMTEST_QUIET:-1} "$ROOT/scripts/vmtest.sh" -o "$OUT" -t "${VMTEST_TIMEOUT:-1200}" -- \
  "$PYTHON" -m pytest -p no:cacheprovider -p no:randomly -o addopts="" --strict-markers -ra \
  --junitxml="$OUT/junit.xml" tests/vm "$@"
rc=$?
if [ $rc -eq 125 ]; then
  echo "vm lane: the guest did not report a status (boot failure, panic or timeout); console log in $OUT/.vmtest/console.log"
fi
if [ -f "$OUT/junit.xml" ]; then
  "$PYTHON" - "$OUT/junit.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root if root.tag == "testsuite" else root.find("testsuite")
print("vm lane junit: tests=%s failures=%s errors=%s skipped=%s" % tuple(
    suite.get(k) for k in ("tests", "failures", "errors", "skipped")))
PY
fi
exit $rc
