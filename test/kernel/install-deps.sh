#!/bin/sh
# Install the Debian packages the real-kernel harness needs. Idempotent: exits 0 at once when all are present.
#   qemu-system-x86   the emulator (TCG; no KVM needed)
#   linux-image-amd64 the guest kernel (6.1) and its modules
#   busybox-static    the guest's userland
#   kmod              modprobe -D / modinfo for resolving module dependencies on the host
#   cpio              to pack the initramfs
#   binutils          objcopy etc. (not strictly needed; extract-vmlinux uses only sh + xz/gzip)
#   xz-utils zstd     to decompress the kernel image and .ko.xz modules if compressed
#   iproute2          (host side, for network namespace tests)
set -eu
PKGS="qemu-system-x86 linux-image-amd64 busybox-static kmod cpio xz-utils zstd gzip"
missing=""
for p in $PKGS; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# --no-install-recommends keeps qemu from pulling a desktop's worth of packages.
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
