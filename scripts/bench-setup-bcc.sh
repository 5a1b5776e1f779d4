#!/bin/bash
# Opt-in: make BCC (Debian's python3-bpfcc) runnable beside pybpf, for scripts/bench.py's
# comparisons. BCC needs kernel headers; none exist for this kernel, so this installs
# Debian's 6.1 headers and points /lib/modules/$(uname -r)/{build,source} at them (BCC then
# compiles, with mismatched headers, as docs/benchmarks.md explains). pybpf needs none of this.
# usage: scripts/bench-setup-bcc.sh    (as root)
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt_install() { apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$@" >/dev/null; }
if ! /usr/bin/python3 -c 'import bcc' 2>/dev/null; then
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt_install python3-bpfcc
fi
KVER=$(uname -r)
BUILD=/lib/modules/$KVER/build
if [ ! -e "$BUILD" ]; then
  HPKG=$(apt-cache depends linux-headers-amd64 | awk '/Depends: linux-headers-[0-9]/{print $2; exit}')
  [ -n "$HPKG" ] || { apt-get -o DPkg::Lock::Timeout=600 update -qq;
    HPKG=$(apt-cache depends linux-headers-amd64 | awk '/Depends: linux-headers-[0-9]/{print $2; exit}'); }
  apt_install "$HPKG"
  HVER=${HPKG#linux-headers-}
  COMMON=$(ls -d /usr/src/linux-headers-*-common | sort -V | tail -1)
  mkdir -p "/lib/modules/$KVER"
  ln -sfn "/usr/src/linux-headers-$HVER" "$BUILD"
  ln -sfn "$COMMON" "/lib/modules/$KVER/source"
fi
/usr/bin/python3 -c 'import bcc; print("BCC", getattr(bcc, "__version__", "?"), "ready")'
