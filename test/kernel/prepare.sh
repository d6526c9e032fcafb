#!/bin/sh
# What every suite that boots a guest needs, from a fresh Debian machine (CI runs as root, without KVM): the
# guest kernel and the initramfs images, built from Debian packages that `npm run setup:system` installs
# (this script installs nothing; install-deps.sh lists them). Used by test:kernel, test:faults and
# bench:detection.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
missing=""
for p in qemu-system-x86 linux-image-amd64 busybox-static kmod cpio xz-utils zstd gzip; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "the real-kernel suites need the Debian packages$missing: run \`npm run setup:system\` (as root) once" >&2
  exit 1
fi
command -v qemu-system-x86_64 >/dev/null || { echo "qemu-system-x86_64 not installed" >&2; exit 1; }
ls /boot/vmlinuz-* >/dev/null 2>&1 || { echo "no /boot/vmlinuz-* (linux-image-amd64)" >&2; exit 1; }
"$HERE/build-initramfs.sh"
"$HERE/build-live-initramfs.sh"
