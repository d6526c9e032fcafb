#!/bin/sh
# Records kernel scenarios of test/kernel/ again, into test/fixtures/roots/net-<scenario>/, with
# /proc/net/fib_trie added to what guest/record.sh takes: the interfaces probe reads each interface's IPv4
# addresses from fib_trie, and the recorder of the original roots does not copy it. Everything else is the
# harness of test/kernel/ unchanged (same kernel, initramfs, QEMU arguments, scenario scripts, tidy step).
#   test/netns/record-kernel-net-roots.sh                 usb-net-tether and clean
#   test/netns/record-kernel-net-roots.sh usb-net-tether
# Needs what test/kernel/record-roots.sh needs (it runs test/kernel/install-deps.sh first).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KERNEL=$ROOT/test/kernel
CACHE=$ROOT/.cache/kernel
"$KERNEL/install-deps.sh"
"$KERNEL/build-initramfs.sh"
[ $# -gt 0 ] || set -- usb-net-tether clean
for s in "$@"; do
  script=$KERNEL/scenarios/$s.sh
  [ -f "$script" ] || { echo "no scenario $s" >&2; exit 2; }
  run=$CACHE/run/net-$s
  rm -rf "$run"; mkdir -p "$run"
  { echo 'set -u'; cat "$KERNEL/guest/lib.sh"; echo 'log "scenario '"$s"' start"'; cat "$script"
    echo 'log "scenario ready"'; echo 'sync'
    sed 's/ if_inet6 dev; do/ if_inet6 dev fib_trie; do/' "$KERNEL/guest/record.sh"; } >"$run/run.sh"
  grep -q 'dev fib_trie; do' "$run/run.sh" || { echo "guest/record.sh changed: cannot add fib_trie" >&2; exit 1; }
  qargs=$(sed -n 's/^# QEMU_ARGS: //p' "$script")
  setup=$(sed -n 's/^# SETUP: //p' "$script")
  [ -z "$setup" ] || (cd "$run" && sh -c "$setup")
  echo "== net-$s"
  # shellcheck disable=SC2086
  (cd "$run" && timeout 300 qemu-system-x86_64 -accel tcg -m 1024 -smp 1 -nographic -no-reboot \
    -kernel "$CACHE/vmlinux" -initrd "$CACHE/initramfs.cpio" -append "console=ttyS0 quiet panic=-1" \
    -virtfs local,path="$run",mount_tag=host,security_model=none \
    -smbios type=1,manufacturer=LENOVO,product=ThinkCentre-M920t,serial=PC1SHOUMI,uuid=7d1f6a52-3c84-4e0b-9f2a-5b6c0d1e2f30 \
    -smbios type=2,manufacturer=LENOVO,product=3136,serial=L1HF12345AB \
    $qargs >"$run/console.log" 2>&1) || true
  [ -s "$run/root.tar" ] || { echo "   FAILED: no root.tar; see $run/console.log" >&2; exit 1; }
  dest=$ROOT/test/fixtures/roots/net-$s
  rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
  tar -xf "$run/root.tar" -C "$dest.tmp"
  node "$KERNEL/tidy-root.mjs" "$dest.tmp"
  rm -rf "$dest"; mv "$dest.tmp" "$dest"
  echo "   -> $(find "$dest" | wc -l) entries in ${dest#"$ROOT"/}"
done
