#!/bin/sh
# PID 1 of the VM lane guest (busybox sh; becomes /init in the initramfs built by
# mkinitramfs.sh; rebuild with scripts/vmtest-setup.sh after editing this file).
#
# Mounts the host root read-only over 9p, makes a few directories writable (overlay on
# tmpfs, thrown away at poweroff), mounts the read-write out dir shared with the host at the
# same path as on the host, runs $OUT/.vmtest/cmd.sh chrooted into the host root, stores
# its exit status in $OUT/.vmtest/rc and powers off.
#
# Serial ports (see vmtest.sh): ttyS0 = console (kernel + these messages), ttyS1 = the
# command's stdout, ttyS2 = the command's stderr.
export PATH=/bin:/sbin
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
for p in $(cat /proc/cmdline); do
  case "$p" in
    vmt.out=*) OUT="${p#vmt.out=}" ;;
    vmt.kdir=*) KDIR="${p#vmt.kdir=}" ;;
  esac
done
CTL=$OUT/.vmtest
for m in $(cat /modules.list); do insmod /mods/$m.ko || echo "vmtest-init: insmod $m failed"; done
R=/newroot
die() { echo "vmtest-init: $*"; poweroff -f; }
mount -t 9p -o trans=virtio,version=9p2000.L,ro,msize=512000,cache=loose hostroot $R || die "cannot mount host root"
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t devtmpfs devtmpfs $R/dev
mount -t devpts devpts $R/dev/pts 2>/dev/null
mount -t tmpfs tmpfs $R/dev/shm 2>/dev/null
mount -t tracefs tracefs $R/sys/kernel/tracing
mount -t debugfs debugfs $R/sys/kernel/debug
mount -t bpf bpf $R/sys/fs/bpf
mount -t securityfs securityfs $R/sys/kernel/security 2>/dev/null
mount -t tmpfs -o mode=755 tmpfs $R/run
mount -t tmpfs -o mode=755 tmpfs $R/mnt
# writable-but-throwaway copies (overlay over tmpfs) of tmp, var/tmp, root and of the dirs
# listed in $CTL/overlays (read here through the read-only root share)
mkdir -p /ovl && mount -t tmpfs tmpfs /ovl
i=0
for d in tmp var/tmp root $(cat $R$CTL/overlays 2>/dev/null); do
  d=/${d#/}
  [ -d "$R$d" ] || continue
  i=$((i+1)); mkdir -p /ovl/$i/u /ovl/$i/w
  mount -t overlay overlay -o lowerdir=$R$d,upperdir=/ovl/$i/u,workdir=/ovl/$i/w $R$d || echo "vmtest-init: overlay $d failed"
done
# (mounted after the overlays so that it is not hidden by them)
# read-write output directory shared with the host, at the same path as on the host
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 vmtout $R$OUT || die "cannot mount out dir"
# /lib/modules/<ver> -> the extracted modules; build/source -> the extracted Debian headers (for BCC)
if [ -n "$KDIR" ]; then
  V=$(uname -r)
  if [ -d $R/lib/modules ]; then
    mount -t tmpfs tmpfs $R/lib/modules
  else
    # the host has no /lib/modules (e.g. a container): make /lib writable (throwaway) to add it
    L=$(readlink -f $R/lib)
    mkdir -p /ovl/lib/u /ovl/lib/w
    mount -t overlay overlay -o lowerdir=$L,upperdir=/ovl/lib/u,workdir=/ovl/lib/w $L
    mkdir -p $R/lib/modules
  fi
  mkdir -p $R/lib/modules/$V
  for f in $R$KDIR/lib/modules/$V/*; do ln -s "${f#$R}" $R/lib/modules/$V/; done
  rm -f $R/lib/modules/$V/build $R/lib/modules/$V/source
  [ -d $R$KDIR/usr/src/linux-headers-$V ] && ln -s $KDIR/usr/src/linux-headers-$V $R/lib/modules/$V/build
  C=$(ls -d $R$KDIR/usr/src/linux-headers-*-common 2>/dev/null | head -1)
  [ -n "$C" ] && ln -s "${C#$R}" $R/lib/modules/$V/source
fi
# the command's stdout/stderr go to their own serial ports, in raw mode (no \n -> \r\n)
for t in ttyS1 ttyS2; do stty -F /dev/$t raw -echo 2>/dev/null || echo "vmtest-init: stty $t failed"; done
echo "vmtest-init: boot done after $(cut -d' ' -f1 /proc/uptime)s, running command"
chroot $R /bin/sh -c "cd \"\$(cat $CTL/cwd)\" && exec /bin/sh $CTL/cmd.sh" </dev/null >/dev/ttyS1 2>/dev/ttyS2
rc=$?
echo $rc > $R$CTL/rc
dmesg > $R$CTL/dmesg.txt 2>/dev/null
echo "vmtest-init: command exited rc=$rc at $(cut -d' ' -f1 /proc/uptime)s"
sync
umount $R$OUT 2>/dev/null
poweroff -f
