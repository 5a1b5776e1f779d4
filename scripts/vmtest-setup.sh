#!/bin/bash
# One-time setup of the VM test lane (see docs/testing.md, "VM lane").
#
# usage: scripts/vmtest-setup.sh [VMTEST_DIR]        (default: <repo>/.vmtest, git-ignored)
#
# Installs QEMU + busybox-static + kmod (apt, --no-install-recommends), downloads the Debian
# kprobes-enabled kernel (linux-image-amd64 -> linux-image-<kver>, plus its headers), unpacks
# it into VMTEST_DIR/kernel (nothing is installed into the host's /boot or /lib/modules),
# runs depmod, extracts the uncompressed vmlinux (for a fast PVH boot) and builds the
# initramfs. Needs root and network access to the Debian mirror the first time.
#
# Idempotent: when everything for the resolved kernel version is present (stamp file
# VMTEST_DIR/stamp-<kver>), it finishes in well under a second without apt or downloads.
# The kernel ABI name changes with Debian security updates: the version is resolved through
# the linux-image-amd64 metapackage (cached against the apt lists' fingerprint), so a new
# kernel is fetched after the apt lists change. VMTEST_KVER=<kver> pins a version.
# The initramfs is rebuilt (cheaply) whenever guest-init.sh or mkinitramfs.sh change.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
D=${1:-${VMTEST_DIR:-$ROOT/.vmtest}}
T0=$(date +%s.%N)

die() { echo "vmtest-setup: error: $*" >&2; exit 1; }
log() { echo "vmtest-setup: $*" >&2; }
need_root() { [ "$(id -u)" = 0 ] || die "$1 needs root (run: sudo $0)"; }

mkdir -p "$D" || die "cannot create $D"
D=$(cd "$D" && pwd)
case $D in *[[:space:]]*) die "VMTEST_DIR must not contain whitespace: '$D'";; esac

# --- 1. resolve the kernel version --------------------------------------------------------
# apt-cache takes ~1 s here (no pkgcache.bin), so its answer is cached against a fingerprint
# of the apt package lists: it can only change when the lists change.
lists_fp() { stat -c '%n %s %Y' /var/lib/apt/lists/*Packages* 2>/dev/null | sha256sum | cut -c1-16; }
resolve_kpkg() { apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/{print $2; exit}'; }
if [ -n "${VMTEST_KVER:-}" ]; then
  KVER=$VMTEST_KVER
else
  FP=$(lists_fp)
  KVER=
  if [ -f "$D/kver-resolved" ] && [ "$(cut -d' ' -f1 "$D/kver-resolved")" = "$FP" ]; then
    KVER=$(cut -d' ' -f2 "$D/kver-resolved")
  fi
  if [ -z "$KVER" ]; then
    KPKG=$(resolve_kpkg || true)
    if [ -z "$KPKG" ]; then
      need_root "apt-get update"
      log "apt-cache knows no linux-image-amd64: running apt-get update"
      apt-get -o DPkg::Lock::Timeout=600 update -qq || die "apt-get update failed"
      FP=$(lists_fp)
      KPKG=$(resolve_kpkg || true)
    fi
    [ -n "$KPKG" ] || die "cannot resolve linux-image-amd64 to a versioned kernel package (is this Debian with a main amd64 source?)"
    KVER=${KPKG#linux-image-}
    echo "$FP $KVER" > "$D/kver-resolved"
  fi
fi
KROOT=$D/kernel
VMLINUX=$KROOT/boot/vmlinux-$KVER
INITRD=$D/initramfs-$KVER.cpio.gz
STAMP=$D/stamp-$KVER

# --- 2. host packages ----------------------------------------------------------------------
pkgs_ok() {
  command -v qemu-system-x86_64 >/dev/null && command -v depmod >/dev/null &&
    [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1   # busybox must be static
}
if ! pkgs_ok; then
  need_root "apt-get install"
  log "installing qemu-system-x86 busybox-static kmod"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends \
    qemu-system-x86 busybox-static kmod >&2 || die "apt-get install failed"
  pkgs_ok || die "qemu-system-x86_64, depmod or a static /bin/busybox is still missing after apt-get install"
fi

# --- 3. kernel: download, unpack, depmod, extract vmlinux -----------------------------------
if [ -f "$STAMP" ] && [ -f "$VMLINUX" ] && [ -f "$D/kver" ] && [ "$(cat "$D/kver")" = "$KVER" ]; then
  :
else
  need_root "downloading and unpacking the kernel"
  log "fetching kernel $KVER"
  HPKG=linux-headers-$KVER
  CPKG=$(apt-cache depends "$HPKG" 2>/dev/null | awk '/Depends: linux-headers-.*-common/{print $2; exit}' || true)
  [ -n "$CPKG" ] || die "cannot resolve the -common headers package of $HPKG"
  rm -rf "$D/debs" "$D/kernel.new"
  mkdir -p "$D/debs" "$D/kernel.new"
  (cd "$D/debs" && apt-get download "linux-image-$KVER" "$HPKG" "$CPKG" >&2) ||
    die "apt-get download linux-image-$KVER $HPKG $CPKG failed (network? try apt-get update)"
  for f in "$D"/debs/*.deb; do dpkg-deb -x "$f" "$D/kernel.new" || die "dpkg-deb -x $f failed"; done
  depmod -b "$D/kernel.new" "$KVER" || die "depmod failed"
  python3 "$HERE/extract-vmlinux.py" "$D/kernel.new/boot/vmlinuz-$KVER" "$D/kernel.new/boot/vmlinux-$KVER" >&2 ||
    die "cannot extract vmlinux from vmlinuz-$KVER"
  for o in KPROBES KPROBE_EVENTS BPF_SYSCALL DEBUG_INFO_BTF; do
    grep -q "^CONFIG_$o=y" "$D/kernel.new/boot/config-$KVER" || die "kernel $KVER lacks CONFIG_$o=y"
  done
  # swap in the new tree; drop older kernels and the .debs (~80 MB)
  rm -rf "$KROOT" "$D/debs" "$D"/stamp-* "$D"/initramfs-*.cpio.gz*
  mv "$D/kernel.new" "$KROOT"
  echo "$KVER" > "$D/kver"
  touch "$STAMP"
fi

# --- 4. initramfs (rebuilt when the scripts that make it change) ----------------------------
IHASH=$(cat "$HERE/guest-init.sh" "$HERE/mkinitramfs.sh" | sha256sum | cut -c1-16)
if [ ! -f "$INITRD" ] || [ "$(cat "$INITRD.hash" 2>/dev/null)" != "$IHASH" ]; then
  need_root "building the initramfs (mknod)"
  "$HERE/mkinitramfs.sh" "$KROOT" "$KVER" "$INITRD" >&2 || die "mkinitramfs.sh failed"
  echo "$IHASH" > "$INITRD.hash"
fi

echo "vmtest setup done: $D (kernel $KVER, $(awk -v a="$T0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s)"
