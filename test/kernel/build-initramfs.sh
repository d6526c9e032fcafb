#!/bin/sh
# Build the guest: the decompressed kernel ELF and an uncompressed busybox initramfs with the modules the
# scenarios need (and their dependencies, resolved by depmod). Outputs, cached under .cache/kernel/:
#   vmlinux         the ELF inside Debian's bzImage (QEMU boots it through PVH: ~2.7 s faster than the bzImage)
#   initramfs.cpio  busybox + modules + test/kernel/guest/init
# Rebuilt only when missing or older than its inputs; FORCE=1 rebuilds.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${KERNEL_CACHE:-$ROOT/.cache/kernel}
KVER=${KVER:-$(ls /lib/modules | sort -V | tail -1)}
VMLINUZ=/boot/vmlinuz-$KVER
mkdir -p "$OUT"

# Modules wanted in the guest; depmod adds their dependencies below.
MODULES="xhci_pci xhci_hcd usb_storage uas sd_mod usbhid hid_generic hid_logitech_dj cdc_ether usbnet rndis_host
cdc_acm usblp mac80211_hwsim hci_vhci bluetooth rfkill dummy_hcd libcomposite usb_f_mass_storage usb_f_hid
usb_f_ecm usb_f_rndis usb_f_acm usb_f_printer usb_f_fs 9p 9pnet_virtio virtio_pci virtio_net dummy configfs
vfat nls_cp437 nls_ascii nls_utf8"

# 1. The kernel ELF: find the xz stream in the bzImage and decompress it.
if [ "${FORCE:-}" = 1 ] || [ ! -s "$OUT/vmlinux" ] || [ "$VMLINUZ" -nt "$OUT/vmlinux" ]; then
  off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$VMLINUZ" | head -1 | cut -d: -f1)
  tail -c +$((off + 1)) "$VMLINUZ" | xz -dc >"$OUT/vmlinux.tmp" 2>/dev/null || true
  if [ "$(head -c 4 "$OUT/vmlinux.tmp" | od -An -c | tr -d ' ')" != '177ELF' ]; then
    echo "could not extract the kernel ELF from $VMLINUZ; falling back to the bzImage" >&2
    cp "$VMLINUZ" "$OUT/vmlinux.tmp"
  fi
  mv "$OUT/vmlinux.tmp" "$OUT/vmlinux"
fi

# 2. The initramfs.
if [ "${FORCE:-}" != 1 ] && [ -s "$OUT/initramfs.cpio" ] && [ "$OUT/initramfs.cpio" -nt "$HERE/guest/init" ] \
  && [ "$OUT/initramfs.cpio" -nt "$0" ]; then
  exit 0
fi
STAGE=$OUT/stage
rm -rf "$STAGE"
mkdir -p "$STAGE/bin" "$STAGE/sbin" "$STAGE/etc" "$STAGE/proc" "$STAGE/sys" "$STAGE/dev" "$STAGE/tmp" \
  "$STAGE/mnt/host" "$STAGE/run" "$STAGE/lib/modules/$KVER"
cp /bin/busybox "$STAGE/bin/busybox"
for a in $("$STAGE/bin/busybox" --list); do
  case $a in busybox) ;; *) ln -s busybox "$STAGE/bin/$a" ;; esac
done
ln -s ../bin/busybox "$STAGE/sbin/modprobe"
cp "$HERE/guest/init" "$STAGE/init"
chmod +x "$STAGE/init"
# Identity files the probes read (a fixed machine-id, so fixtures are stable).
echo 5f3c1e0a9b7d4e2f8a6c4b1d0e9f8a7b >"$STAGE/etc/machine-id"
cp /usr/lib/os-release "$STAGE/etc/os-release"
echo shoumi-guest >"$STAGE/etc/hostname"
echo "root:x:0:0:root:/root:/bin/sh" >"$STAGE/etc/passwd"

# Modules with dependencies (modprobe -D resolves them the way modules.dep says), then a depmod over just
# those, so busybox modprobe and the kernel's request_module work in the guest.
for m in $MODULES; do
  modprobe -S "$KVER" -D "$m" 2>/dev/null | awk '$1=="insmod"{print $2}'
done | sort -u | while read -r ko; do
  rel=${ko#/lib/modules/$KVER/}
  mkdir -p "$STAGE/lib/modules/$KVER/$(dirname "$rel")"
  cp "$ko" "$STAGE/lib/modules/$KVER/$rel"
done
for f in modules.builtin modules.builtin.modinfo modules.order; do
  [ -f "/lib/modules/$KVER/$f" ] && cp "/lib/modules/$KVER/$f" "$STAGE/lib/modules/$KVER/"
done
depmod -b "$STAGE" "$KVER"

(cd "$STAGE" && find . | sort | cpio -o -H newc --quiet -R 0:0) >"$OUT/initramfs.cpio.tmp"
mv "$OUT/initramfs.cpio.tmp" "$OUT/initramfs.cpio"
rm -rf "$STAGE"
