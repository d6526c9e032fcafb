#!/bin/sh
# npm run test:systemd: the guest image (built once, cached by the build script's hash), then the suite. Fails
# with what to run when QEMU, mmdebstrap or the packaged agent is missing; never skips.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
missing=""
for p in qemu-system-x86 mmdebstrap e2fsprogs xz-utils; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "the systemd suite needs the Debian packages$missing: run \`npm run setup:system\` (as root) once" >&2
  exit 1
fi
if [ ! -f "$ROOT/dist/packages/shoumi-agent-linux-x64" ] && [ ! -f "$ROOT/dist/packages/shoumi-agent-linux-x64/shoumi-agent" ]; then
  echo "dist/packages/shoumi-agent-linux-x64 is missing: run \`npm run package\` first (the suite installs the packaged agent)" >&2
  exit 1
fi
"$HERE/build-image.sh"
cd "$ROOT"
exec npx vitest run --config test/systemd/vitest.config.ts "$@"
