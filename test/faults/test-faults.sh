#!/bin/sh
# npm run test:faults: the power-cut test boots the kernel harness's guest, so its prerequisites first
# (test/kernel/prepare.sh), then the fault suite.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
"$ROOT/test/kernel/prepare.sh"
cd "$ROOT"
exec npx vitest run --config test/faults/vitest.config.ts "$@"
