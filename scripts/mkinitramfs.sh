#!/bin/sh
# usage: mkinitramfs.sh <extracted-kernel-root> <kver> <out.cpio.gz>
# Builds the VM lane's ~1.6 MB initramfs: busybox-static + the virtio/9p/overlay modules
# (all =m in Debian's kernel) + guest-init.sh as /init. Needs root (mknod) and a static
# /bin/busybox (package busybox-static). Called by vmtest-setup.sh.
set -eu
[ $# -eq 3 ] || { sed -n '2,5p' "$0" >&2; exit 2; }
KROOT=$1; KVER=$2; OUTF=$3
HERE=$(cd "$(dirname "$0")" && pwd)
[ -d "$KROOT/lib/modules/$KVER/kernel" ] || { echo "mkinitramfs: no modules in $KROOT/lib/modules/$KVER" >&2; exit 1; }
if ldd /bin/busybox >/dev/null 2>&1; then
  echo "mkinitramfs: /bin/busybox is dynamically linked: install busybox-static" >&2; exit 1
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir -p "$T/bin" "$T/proc" "$T/sys" "$T/dev" "$T/mods" "$T/newroot"
cp /bin/busybox "$T/bin/busybox"
ln -s busybox "$T/bin/sh"
# DEVTMPFS_MOUNT is not set in Debian's config: without this node init has no stdio
mknod -m 600 "$T/dev/console" c 5 1
cp "$HERE/guest-init.sh" "$T/init"; chmod 755 "$T/init"
# load order matters (busybox insmod does not resolve dependencies)
MODS="virtio_ring virtio virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci netfs fscache 9pnet 9pnet_virtio 9p overlay"
: > "$T/modules.list"
for m in $MODS; do
  f=$(find "$KROOT/lib/modules/$KVER/kernel" -name "$m.ko*" | head -1)
  [ -n "$f" ] || { echo "mkinitramfs: module $m not found" >&2; exit 1; }
  case "$f" in
    *.xz) xz -dc "$f" > "$T/mods/$m.ko" ;;
    *.zst) zstd -dcq "$f" > "$T/mods/$m.ko" ;;
    *) cp "$f" "$T/mods/$m.ko" ;;
  esac
  echo "$m" >> "$T/modules.list"
done
(cd "$T" && find . | busybox cpio -o -H newc -R 0:0 2>/dev/null) | gzip -1 > "$OUTF.tmp"
mv "$OUTF.tmp" "$OUTF"
echo "wrote $OUTF ($(du -h "$OUTF" | cut -f1))"
