#!/bin/sh
# Install the Debian packages the real-kernel harness needs (idempotent, see test/support/apt-install.sh):
#   qemu-system-x86   the emulator (TCG; no KVM needed)
#   linux-image-amd64 the guest kernel (6.1) and its modules
#   busybox-static    the guest's userland
#   kmod              modprobe -D / modinfo for resolving module dependencies on the host
#   cpio              to pack the initramfs
#   xz-utils zstd     to decompress the kernel image and .ko.xz modules if compressed
set -eu
exec "$(dirname "$0")/../support/apt-install.sh" install-deps.sh \
  qemu-system-x86 linux-image-amd64 busybox-static kmod cpio xz-utils zstd gzip
