#!/bin/sh
# npm run test:kernel: everything the real-kernel suite needs, from a fresh Debian machine (CI runs as root,
# without KVM): the Debian packages, the guest kernel and initramfs, the bundled CLIs, then the suite.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
"$HERE/install-deps.sh"
command -v qemu-system-x86_64 >/dev/null || { echo "test:kernel: qemu-system-x86_64 not installed" >&2; exit 1; }
ls /boot/vmlinuz-* >/dev/null 2>&1 || { echo "test:kernel: no /boot/vmlinuz-* (linux-image-amd64)" >&2; exit 1; }
"$HERE/build-initramfs.sh"
"$HERE/build-live-initramfs.sh"
cd "$ROOT"
exec npx vitest run --config test/kernel/vitest.config.ts "$@"
