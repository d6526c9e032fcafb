#!/bin/sh
# npm run test:kernel: the guest's prerequisites (prepare.sh), then the real-kernel suite.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
"$HERE/prepare.sh"
cd "$ROOT"
exec npx vitest run --config test/kernel/vitest.config.ts "$@"
