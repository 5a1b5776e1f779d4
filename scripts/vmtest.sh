#!/bin/bash
# usage: vmtest.sh [-d VMTEST_DIR] [-m MEM] [-p CPUS] [-o OUTDIR] [-t TIMEOUT] -- command [args...]
# Boots the Debian kernel prepared by vmtest-setup.sh in QEMU with the host root filesystem
# shared read-only (9p), runs "command" as root in the current directory (made writable
# through a throwaway overlay) and exits with the command's exit status.
# Exit 125: the guest did not report a status (setup missing, boot failure, panic, timeout).
# Give interpreters by absolute path (pyenv shims cost ~9 s per call in the guest).
#
# Options (and environment defaults):
#   -d DIR      VMTEST_DIR      setup dir (default: <repo>/.vmtest)
#   -m MEM      VMTEST_MEM      guest memory (default 1G)
#   -p CPUS     VMTEST_CPUS     vCPUs (default 2)
#   -o OUTDIR   VMTEST_OUT      read-write dir shared with the guest at the same path, for
#                               junit XML, logs, ... (default: a temporary dir, removed at
#                               the end unless the run failed with 125)
#   -t TIMEOUT  VMTEST_TIMEOUT  seconds before QEMU is killed (default 1800)
# Environment:
#   VMTEST_QUIET=1    show only the command's stdout/stderr (no console, no timing line);
#                     the console is still saved in OUTDIR/.vmtest/console.log
#   VMTEST_ACCEL      kvm|tcg (default: kvm only with vmx/svm flags and a writable /dev/kvm)
#   VMTEST_APPEND     extra kernel command line (e.g. loglevel=7 to see boot messages)
#   VMTEST_ENV        names of extra environment variables to pass into the guest (always
#                     passed: PATH PYTHONPATH VIRTUAL_ENV LANG LC_ALL TERM FORCE_COLOR
#                     PY_COLORS PYTEST_ADDOPTS PYTEST_PLUGINS PYTEST_DISABLE_PLUGIN_AUTOLOAD
#                     and PYBPF_*)
#   VMTEST_OVERLAYS   extra host dirs to make writable (throwaway) in the guest
# Streams: the command's stdout -> stdout, its stderr -> stderr, the guest console (kernel
# messages, init progress) -> stderr. Inside the guest PYBPF_IN_VM=1 is set.
# Control files (cmd.sh, cwd, rc, dmesg.txt, console.log) are in OUTDIR/.vmtest/.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
D=${VMTEST_DIR:-$ROOT/.vmtest}
MEM=${VMTEST_MEM:-1G}
CPUS=${VMTEST_CPUS:-2}
OUT=${VMTEST_OUT:-}
TMO=${VMTEST_TIMEOUT:-1800}
QUIET=${VMTEST_QUIET:-0}
[ "$QUIET" = 0 ] && QUIET=
usage() { sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
while getopts "d:m:p:o:t:h" o; do
  case $o in d) D=$OPTARG;; m) MEM=$OPTARG;; p) CPUS=$OPTARG;; o) OUT=$OPTARG;; t) TMO=$OPTARG;; *) usage;; esac
done
shift $((OPTIND-1)); [ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || usage

T0=$(date +%s.%N)
say() { echo "vmtest: $*" >&2; }
infra_fail() { say "$*"; exit 125; }

[ -f "$D/kver" ] || infra_fail "no VM lane setup in $D: run scripts/vmtest-setup.sh first"
D=$(cd "$D" && pwd)
KVER=$(cat "$D/kver")
KROOT=$D/kernel
# the uncompressed ELF vmlinux boots through QEMU's PVH entry: no firmware, no decompression
KIMG=$KROOT/boot/vmlinux-$KVER
[ -f "$KIMG" ] || KIMG=$KROOT/boot/vmlinuz-$KVER
INITRD=$D/initramfs-$KVER.cpio.gz
[ -f "$KIMG" ] && [ -f "$INITRD" ] || infra_fail "kernel or initramfs missing in $D: rerun scripts/vmtest-setup.sh"
command -v qemu-system-x86_64 >/dev/null || infra_fail "qemu-system-x86_64 not found: rerun scripts/vmtest-setup.sh"

# KVM only with real VT-x/AMD-V; a PVM-based /dev/kvm (like this host's) cannot run a stock kernel
ACC=${VMTEST_ACCEL:-}
if [ -z "$ACC" ]; then
  if [ -w /dev/kvm ] && grep -qwE 'vmx|svm' /proc/cpuinfo; then ACC=kvm; else ACC=tcg; fi
fi
case $ACC in
  kvm) ACCEL=(-accel kvm -cpu host) ;;
  tcg) ACCEL=(-accel tcg,thread=multi,tb-size=256 -cpu max) ;;
  *) infra_fail "VMTEST_ACCEL must be kvm or tcg, not '$ACC'" ;;
esac

# pyenv shims are bash scripts that take ~9 s per call under TCG
if p=$(command -v -- "$1" 2>/dev/null) && [ -n "$p" ] && case $p in */shims/*) true;; *) false;; esac; then
  say "warning: $p is a pyenv shim (~9 s per call in the guest); pass an absolute interpreter path," \
      "e.g. \$(python3 -c 'import sys,os;print(os.path.realpath(sys.executable))')"
fi

KEEP_OUT=1
if [ -z "$OUT" ]; then OUT=$(mktemp -d "${TMPDIR:-/tmp}/vmtest-out.XXXXXX"); KEEP_OUT=; fi
mkdir -p "$OUT/.vmtest"; OUT=$(cd "$OUT" && pwd)
CTL=$OUT/.vmtest
case "$OUT$KROOT" in *[[:space:]]*) infra_fail "OUTDIR and VMTEST_DIR must not contain whitespace";; esac
rm -f "$CTL/rc" "$CTL/dmesg.txt" "$CTL/console.log"
{
  echo 'export HOME=/root PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYBPF_IN_VM=1'
  # pytest & co. see a tty on the serial port: keep colours only if the host has a terminal
  [ -t 1 ] || echo 'export NO_COLOR=1'
  for v in PATH PYTHONPATH VIRTUAL_ENV LANG LC_ALL TERM FORCE_COLOR PY_COLORS \
           PYTEST_ADDOPTS PYTEST_PLUGINS PYTEST_DISABLE_PLUGIN_AUTOLOAD \
           $(compgen -e | grep '^PYBPF_' | grep -vx PYBPF_IN_VM) ${VMTEST_ENV:-}; do
    [ -n "${!v:-}" ] && printf 'export %s=%q\n' "$v" "${!v}"
  done
  [ -n "${TERM:-}" ] || echo 'export TERM=dumb'
  printf '%q ' "$@"; echo
} > "$CTL/cmd.sh"
pwd > "$CTL/cwd"
{ pwd; for d in ${VMTEST_OVERLAYS:-}; do (cd "$d" && pwd); done; } > "$CTL/overlays"

# Plumbing: ttyS0 (console) -> QEMU's stdio -> our stderr (or nowhere when quiet), always
# logged to console.log; ttyS1/ttyS2 (the command's stdout/stderr) -> FIFOs -> cat -> our
# stdout/stderr. This works whatever our stdout/stderr are (tty, pipe, file, socket).
RUN=$(mktemp -d "${TMPDIR:-/tmp}/vmtest-run.XXXXXX")
mkfifo "$RUN/stdout" "$RUN/stderr"
# hold a writer on each FIFO until QEMU is gone: the readers neither block in open() nor see
# EOF before QEMU has opened (and closed) them
exec 3<>"$RUN/stdout" 4<>"$RUN/stderr"
cat <"$RUN/stdout" 3>&- 4>&- & CAT1=$!
cat <"$RUN/stderr" 3>&- 4>&- >&2 & CAT2=$!
QPID=
cleanup() {
  trap - EXIT INT TERM HUP
  if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
    local qp i
    qp=$(cat "$RUN/qemu.pid" 2>/dev/null || true)
    kill -TERM "$QPID" $qp 2>/dev/null || true      # timeout(1) also passes it on to QEMU
    for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$QPID" $qp 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$QPID" $qp 2>/dev/null || true
  fi
  exec 3>&- 4>&-
  wait "$CAT1" "$CAT2" 2>/dev/null || true
  rm -rf "$RUN"
}
trap cleanup EXIT
trap 'say "interrupted, stopping QEMU"; cleanup; [ -n "$KEEP_OUT" ] || rm -rf "$OUT"; exit 130' INT TERM HUP

# (fd 5, not ">/dev/stderr": reopening /proc/self/fd/2 would truncate a log file / fail on a socket)
if [ -n "$QUIET" ]; then exec 5>/dev/null; else exec 5>&2; fi
timeout -k 10 "$TMO" qemu-system-x86_64 "${ACCEL[@]}" -smp "$CPUS" -m "$MEM" \
  -nodefaults -no-user-config -display none -no-reboot -pidfile "$RUN/qemu.pid" \
  -chardev stdio,id=con,signal=off,logfile="$CTL/console.log" -serial chardev:con \
  -chardev file,id=cout,path="$RUN/stdout" -serial chardev:cout \
  -chardev file,id=cerr,path="$RUN/stderr" -serial chardev:cerr \
  -kernel "$KIMG" -initrd "$INITRD" \
  -append "console=ttyS0 quiet loglevel=1 panic=-1 oops=panic mitigations=off vmt.out=$OUT vmt.kdir=$KROOT ${VMTEST_APPEND:-}" \
  -fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
  -device virtio-9p-pci,fsdev=root,mount_tag=hostroot \
  -fsdev local,id=out,path="$OUT",security_model=none \
  -device virtio-9p-pci,fsdev=out,mount_tag=vmtout \
  </dev/null >&5 3>&- 4>&- 5>&- &
QPID=$!
qrc=0; wait "$QPID" || qrc=$?
QPID=
cleanup   # flush the command's output before the summary lines
T=$(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')
if [ -f "$CTL/rc" ]; then
  rc=$(cat "$CTL/rc")
  [ -n "$QUIET" ] || say "guest run took $T s ($ACC, exit status $rc)"
  [ -n "$KEEP_OUT" ] || rm -rf "$OUT"
  exit "$rc"
fi
[ "$qrc" = 124 ] && why="timeout after $TMO s" || why="qemu/timeout exit status $qrc"
if [ -n "$QUIET" ] && [ -f "$CTL/console.log" ]; then
  say "last console lines:"; tail -n 30 "$CTL/console.log" | sed 's/\r$//' >&2
fi
say "guest run took $T s ($ACC)"
say "guest did not report an exit status ($why): kernel panic, boot failure or timeout;" \
    "console log: $CTL/console.log; rerun with VMTEST_APPEND=loglevel=7 for boot messages"
exit 125
