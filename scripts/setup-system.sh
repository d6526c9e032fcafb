#!/bin/sh
# npm run setup:system — every Debian package the tests, the benchmarks and `npm run package` use, in one
# explicit step (as root, or through sudo). Idempotent: a few dpkg-query calls and exit 0 when everything is
# present. No test installs anything itself: a test whose package is missing says to run this script.
# Waits for the dpkg lock when another apt holds it (test/support/apt-install.sh).
#
#   npm test
#     chromium fonts-noto-cjk poppler-utils   the inspection record printed to A4 PDF in a real browser, with
#                                             Chinese glyphs, read back with pdftotext
#     protobuf-compiler protobuf-compiler-grpc
#     python3-grpcio python3-protobuf         proto:lint (protoc) and the Python client of the admin API
#     tmux                                    shoumictl's tables driven in a real 80- and 200-column terminal
#     libreoffice-calc                        a ledger .xlsx made by LibreOffice, imported
#     systemd                                 systemd-analyze verify of the agent's unit
#     iproute2                                the network-namespace suites (ip netns)
#     postgresql                              the PostgreSQL store, coordination and e2e suites (started by
#                                             npm run setup:postgres, scripts/setup-postgres.sh)
#   npm run package, and its tests
#     mono-mcs libmono-system-serviceprocess4.0-cil
#                                             the Windows service host (shoumi-agent-service.exe)
#     qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross
#                                             runs the linux-arm64 executables on this x64 machine
#     g++-aarch64-linux-gnu                   compiles sqlite3's native module for the linux-arm64 collector
#   npm run test:kernel, test:faults, bench:detection (test/kernel/install-deps.sh says why each)
#     qemu-system-x86 linux-image-amd64 busybox-static kmod cpio xz-utils zstd gzip
#   npm run test:systemd (test/systemd/build-image.sh)
#     mmdebstrap e2fsprogs                    a Debian 12 root file system from Debian's packages, as ext4
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
exec sh "$HERE/../test/support/apt-install.sh" setup:system \
  chromium fonts-noto-cjk poppler-utils \
  protobuf-compiler protobuf-compiler-grpc python3-grpcio python3-protobuf \
  tmux libreoffice-calc systemd iproute2 postgresql \
  mono-mcs libmono-system-serviceprocess4.0-cil \
  qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross g++-aarch64-linux-gnu \
  qemu-system-x86 linux-image-amd64 busybox-static kmod cpio xz-utils zstd gzip \
  mmdebstrap e2fsprogs
