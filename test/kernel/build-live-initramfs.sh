#!/bin/sh
# The live suite's guest: the harness's initramfs (build-initramfs.sh) with a second cpio appended that holds
# the host's node and the libraries ldd names, at their host paths. The kernel unpacks concatenated cpio
# archives in order, so the base stays as it is for record-roots.sh. Node from the initramfs starts in ~1 s
# under TCG; over 9p it took ~3 s (every page of the 100 MB binary is a 9p read).
# Output: .cache/kernel/live-initramfs.cpio; rebuilt when the base or node is newer; FORCE=1 rebuilds.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${KERNEL_CACHE:-$ROOT/.cache/kernel}
NODE=${NODE:-$(command -v node)}
BASE=$OUT/initramfs.cpio
LIVE=$OUT/live-initramfs.cpio
[ -s "$BASE" ] || { echo "no $BASE: run test/kernel/build-initramfs.sh first" >&2; exit 1; }
if [ "${FORCE:-}" != 1 ] && [ -s "$LIVE" ] && [ "$LIVE" -nt "$BASE" ] && [ "$LIVE" -nt "$NODE" ] \
  && [ "$LIVE" -nt "$0" ]; then
  exit 0
fi
STAGE=$OUT/live-stage
rm -rf "$STAGE"
mkdir -p "$STAGE/usr/bin"
cp "$(readlink -f "$NODE")" "$STAGE/usr/bin/node"
# The dynamic loader and every library, kept at the paths the binary asks for.
for lib in $(ldd "$NODE" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
  mkdir -p "$STAGE$(dirname "$lib")"
  cp -L "$lib" "$STAGE$lib"
done
(cd "$STAGE" && find . | sort | cpio -o -H newc --quiet -R 0:0) >"$OUT/node-layer.cpio"
cat "$BASE" "$OUT/node-layer.cpio" >"$LIVE.tmp"
mv "$LIVE.tmp" "$LIVE"
rm -rf "$STAGE" "$OUT/node-layer.cpio"
