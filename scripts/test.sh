#!/bin/bash
# Set up what is missing, then run the whole suite: unit, kernel and example tests on the
# host, then the VM lane (kprobes, fentry, LSM in a Debian kernel guest) when QEMU can run.
# usage: scripts/test.sh [pytest args...]     (as root; PYBPF_SKIP_VM=1 skips the VM lane)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
"$ROOT/scripts/setup.sh" --test || exit 1
PYTHON=${PYTHON:-python3}
start=$SECONDS
"$PYTHON" -m pytest -p no:cacheprovider tests --ignore=tests/vm "$@"
host_rc=$?
echo "test.sh: host lanes took $((SECONDS - start)) s (pytest exit $host_rc)"

vm_rc=0
if [ "${PYBPF_SKIP_VM:-0}" = 1 ]; then
  echo "test.sh: VM lane skipped (PYBPF_SKIP_VM=1)"
elif [ -x "$ROOT/scripts/vmtest-lane.sh" ]; then
  vm_start=$SECONDS
  "$ROOT/scripts/vmtest-lane.sh"
  vm_rc=$?
  echo "test.sh: VM lane took $((SECONDS - vm_start)) s (exit $vm_rc)"
fi
[ $host_rc -eq 0 ] && [ $vm_rc -eq 0 ]
