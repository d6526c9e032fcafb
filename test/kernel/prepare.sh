#!/bin/sh
# What every suite that boots a guest needs, from a fresh Debian machine (CI runs as root, without KVM): the
# Debian packages, the guest kernel and the initramfs images. Used by test:kernel and test:faults.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
"$HERE/install-deps.sh"
command -v qemu-system-x86_64 >/dev/null || { echo "qemu-system-x86_64 not installed" >&2; exit 1; }
ls /boot/vmlinuz-* >/dev/null 2>&1 || { echo "no /boot/vmlinuz-* (linux-image-amd64)" >&2; exit 1; }
"$HERE/build-initramfs.sh"
"$HERE/build-live-initramfs.sh"
