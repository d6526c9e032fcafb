#!/bin/sh
# Record fixture machine roots from a real Linux kernel: for each scenario in test/kernel/scenarios/, boot
# the guest (QEMU TCG, Debian's kernel, busybox initramfs), let the scenario script create its devices, run
# guest/record.sh, and copy the recorded tree into test/fixtures/roots/<scenario>/ (replacing it).
#   test/kernel/record-roots.sh                 all scenarios
#   test/kernel/record-roots.sh clean wifi-bluetooth
# Needs: test/kernel/install-deps.sh (run here first). Logs and the raw share: .cache/kernel/run/<scenario>/.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CACHE=$ROOT/.cache/kernel
"$HERE/install-deps.sh"
"$HERE/build-initramfs.sh"
[ $# -gt 0 ] || set -- $(cd "$HERE/scenarios" && ls *.sh | sed 's/\.sh$//')
status=0
for s in "$@"; do
  script=$HERE/scenarios/$s.sh
  [ -f "$script" ] || { echo "no scenario $s" >&2; exit 2; }
  run=$CACHE/run/$s
  rm -rf "$run"; mkdir -p "$run"
  { echo 'set -u'; cat "$HERE/guest/lib.sh"; echo 'log "scenario '"$s"' start"'; cat "$script"
    echo 'log "scenario ready"'; echo 'sync'; cat "$HERE/guest/record.sh"; } >"$run/run.sh"
  qargs=$(sed -n 's/^# QEMU_ARGS: //p' "$script")
  setup=$(sed -n 's/^# SETUP: //p' "$script")
  [ -z "$setup" ] || (cd "$run" && sh -c "$setup")
  echo "== $s"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  (cd "$run" && timeout 300 qemu-system-x86_64 -accel tcg -m 1024 -smp 1 -nographic -no-reboot \
    -kernel "$CACHE/vmlinux" -initrd "$CACHE/initramfs.cpio" -append "console=ttyS0 quiet panic=-1" \
    -virtfs local,path="$run",mount_tag=host,security_model=none \
    -smbios type=1,manufacturer=LENOVO,product=ThinkCentre-M920t,serial=PC1SHOUMI,uuid=7d1f6a52-3c84-4e0b-9f2a-5b6c0d1e2f30 \
    -smbios type=2,manufacturer=LENOVO,product=3136,serial=L1HF12345AB \
    $qargs >"$run/console.log" 2>&1) || true
  t1=$(date +%s.%N)
  echo "   qemu wall time $(echo "$t1 $t0" | awk '{printf "%.1f", $1 - $2}')s"
  grep -E '^\[[0-9. ]+\] ' "$run/guest.log" 2>/dev/null | sed 's/^/   /' || true
  if [ ! -s "$run/root.tar" ]; then
    echo "   FAILED: no root.tar; see $run/console.log" >&2; status=1; continue
  fi
  dest=$ROOT/test/fixtures/roots/$s
  rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
  tar -xf "$run/root.tar" -C "$dest.tmp"
  cp "$run/dmesg.txt" "$dest.tmp/dmesg.txt"
  node "$HERE/tidy-root.mjs" "$dest.tmp"
  rm -rf "$dest"; mv "$dest.tmp" "$dest"
  echo "   -> $(du -sk --apparent-size "$dest" | cut -f1) KiB, $(find "$dest" | wc -l) entries in ${dest#"$ROOT"/}"
done
# Git keeps no empty directory: list each root's in its .empty-dirs (restored before the tests run).
(cd "$ROOT" && npx --no-install tsx test/support/empty-dirs.ts write)
exit $status
