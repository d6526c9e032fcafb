#!/bin/sh
# Builds the systemd guest for `npm run test:systemd`: a Debian 12 (bookworm) root file system made from
# Debian's own packages by mmdebstrap, with systemd as PID 1, Debian's kernel and an initramfs made inside
# it by initramfs-tools, systemd-networkd taking an address by DHCP from QEMU's user network, and a small
# command runner (a unit) that runs the host's scripts from a 9p share. Outputs in .cache/systemd-guest/:
#   rootfs.img   ext4 file system image (mkfs.ext4 -d: no loop mount), booted read-write as /dev/vda; the
#                suite boots it with snapshot=on, so the cached image is never changed
#   vmlinux      the kernel ELF from the image's bzImage (QEMU boots it through PVH, skipping the guest's own
#                decompression: seconds under emulation)
#   initrd.img   the image's own initramfs (virtio_pci, virtio_blk, ext4)
#   key          the SHA-256 of this script: everything the image holds is written here, so a change to the
#                script rebuilds it, and the suite refuses an image whose key is not the script's
# Needs root (mmdebstrap's root mode keeps file owners for mkfs.ext4 -d) and the Debian packages mmdebstrap
# and e2fsprogs (npm run setup:system). Downloads from the machine's own apt sources (bookworm).
# FORCE=1 rebuilds.
set -eu

# The guest's own files, written into the tree by mmdebstrap's customize hook (`build-image.sh --customize
# TREE`): they live in this script so that its hash is the image's key.
customize() {
  t=$1
  echo shoumi-systemd-guest >"$t/etc/hostname"
  printf '127.0.0.1 localhost\n127.0.1.1 shoumi-systemd-guest\n' >"$t/etc/hosts"
  # A fixed machine id: systemd sees no first boot (no systemd-firstboot, no preset run) on any boot.
  echo 7d1c0e5b3a9f4e2d8c6b4a2f0e1d3c5b >"$t/etc/machine-id"
  # root without a password on the serial console, for whoever debugs a failed run by hand.
  chroot "$t" passwd -dq root
  cat >"$t/etc/fstab" <<'FSTAB'
/dev/vda / ext4 rw,noatime 0 1
# The host's share for the suite: the agent to install, the token, and the command runner's scripts.
host /mnt/host 9p trans=virtio,version=9p2000.L,msize=262144,cache=none,nofail 0 0
FSTAB
  mkdir -p "$t/mnt/host"
  # Loaded early rather than when udev gets to them: the share is mounted before udev's coldplug is done.
  printf '%s\n' virtio_net 9pnet_virtio 9p >"$t/etc/modules-load.d/shoumi-guest.conf"
  # DHCP on QEMU's user network (10.0.2.15 from slirp), by systemd-networkd.
  cat >"$t/etc/systemd/network/20-qemu-user.network" <<'NET'
[Match]
Name=en* eth*

[Network]
DHCP=ipv4
NET
  chroot "$t" systemctl enable systemd-networkd.service
  # The journal in memory: nothing in the suite reads it after a reboot, and the disk is a throwaway snapshot.
  mkdir -p "$t/etc/systemd/journald.conf.d"
  printf '[Journal]\nStorage=volatile\n' >"$t/etc/systemd/journald.conf.d/shoumi-guest.conf"
  # Timers that would start work in the middle of a test under emulation.
  for unit in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer e2scrub_reap.service fstrim.timer \
    dpkg-db-backup.timer; do
    chroot "$t" systemctl mask "$unit" >/dev/null 2>&1 || true
  done

  # The command runner: the host drops cmd/<n>.sh into the share; this runs it as root and leaves <n>.out
  # (stdout and stderr) and <n>.rc (the exit code, renamed into place last). On start it prints a line
  # with this boot's id to the console, which is how the host knows the guest is up (again, after a reboot).
  cat >"$t/usr/local/sbin/shoumi-test-runner" <<'RUNNER'
#!/bin/bash
set -u
shopt -s nullglob
mkdir -p /mnt/host/cmd
# `read -t` on a FIFO nobody writes is a sleep without forking a process each round (slow under emulation).
rm -f /run/shoumi-test-runner.wait && mkfifo /run/shoumi-test-runner.wait
exec 3<>/run/shoumi-test-runner.wait
echo "shoumi-test-runner ready boot=$(cat /proc/sys/kernel/random/boot_id)" >/dev/console
while :; do
  for f in /mnt/host/cmd/*.sh; do
    n=${f%.sh}
    rm -f "$f.running"
    mv "$f" "$f.running" || continue
    bash "$f.running" >"$n.out" 2>&1 </dev/null
    echo $? >"$n.rc.tmp" && mv "$n.rc.tmp" "$n.rc"
    rm -f "$f.running"
  done
  read -r -t 0.05 -u 3 || true
done
RUNNER
  chmod 755 "$t/usr/local/sbin/shoumi-test-runner"
  cat >"$t/etc/systemd/system/shoumi-test-runner.service" <<'UNIT'
[Unit]
Description=shoumi test suite: runs the host's scripts from the 9p share
RequiresMountsFor=/mnt/host
# Stopped (on reboot) before the share is unmounted; started without waiting for the network.
DefaultDependencies=no
After=local-fs.target
Conflicts=shutdown.target
Before=shutdown.target

[Service]
ExecStart=/usr/local/sbin/shoumi-test-runner
# A test's command is stopped with the runner, not left behind (a reboot through it returns at once).
KillMode=control-group

[Install]
WantedBy=multi-user.target
UNIT
  chroot "$t" systemctl enable shoumi-test-runner.service
}
if [ "${1:-}" = --customize ]; then
  customize "$2"
  exit 0
fi

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${SYSTEMD_GUEST_CACHE:-$ROOT/.cache/systemd-guest}
KEY=$(sha256sum "$0" | cut -d' ' -f1)
if [ "${FORCE:-}" != 1 ] && [ -s "$OUT/rootfs.img" ] && [ -s "$OUT/vmlinux" ] && [ -s "$OUT/initrd.img" ] \
  && [ "$(cat "$OUT/key" 2>/dev/null)" = "$KEY" ]; then
  echo "systemd guest image up to date ($OUT)"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "build-image.sh needs root (mmdebstrap root mode, file owners kept)" >&2; exit 1; }
for tool in mmdebstrap mkfs.ext4; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run npm run setup:system" >&2; exit 1; }
done
MIRROR=${SYSTEMD_GUEST_MIRROR:-http://deb.debian.org/debian}
started=$(date +%s)
mkdir -p "$OUT"
rm -f "$OUT/key"
TREE=$OUT/tree
rm -rf "$TREE"

# What the guest is for, and nothing else: systemd and udev (modules load by modalias: virtio_net, 9p),
# the kernel (its postinst runs update-initramfs), iproute2 for a look at the network when a test fails.
# Documentation, locales and the kernel's drivers for hardware QEMU does not emulate here are left out, and
# dpkg does not fsync each file (force-unsafe-io): the tree is packed into an image afterwards anyway, and
# fsyncs made the build wait on the disk for most of its time on a busy machine.
PACKAGES=systemd,systemd-sysv,udev,dbus,linux-image-amd64,initramfs-tools,zstd,iproute2,procps,kmod
mmdebstrap --variant=minbase --mode=root --format=directory \
  --include="$PACKAGES" \
  --aptopt='Apt::Install-Recommends "false"' \
  --dpkgopt=force-unsafe-io \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/lib/modules/*/kernel/drivers/gpu/*' \
  --dpkgopt='path-exclude=/usr/lib/modules/*/kernel/drivers/media/*' \
  --dpkgopt='path-exclude=/usr/lib/modules/*/kernel/drivers/infiniband/*' \
  --dpkgopt='path-exclude=/usr/lib/modules/*/kernel/drivers/staging/*' \
  --dpkgopt='path-exclude=/usr/lib/modules/*/kernel/sound/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/gpu/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/media/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/infiniband/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/drivers/staging/*' \
  --dpkgopt='path-exclude=/lib/modules/*/kernel/sound/*' \
  --essential-hook='mkdir -p "$1/etc/initramfs-tools/conf.d"' \
  --essential-hook='printf "%s\n" "# Only the listed modules: the guest boots from virtio-blk, ext4." "MODULES=list" "COMPRESS=zstd" >"$1/etc/initramfs-tools/conf.d/shoumi-guest.conf"' \
  --essential-hook='printf "%s\n" virtio_pci virtio_blk ext4 >>"$1/etc/initramfs-tools/modules"' \
  --customize-hook="sh '$HERE/build-image.sh' --customize \"\$1\"" \
  bookworm "$TREE" "$MIRROR"
rooted=$(date +%s)

KVER=$(ls "$TREE/lib/modules" | sort -V | tail -1)
VMLINUZ=$TREE/boot/vmlinuz-$KVER
# The kernel ELF: the xz stream inside the bzImage, decompressed (as test/kernel/build-initramfs.sh does).
off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$VMLINUZ" | head -1 | cut -d: -f1)
tail -c +$((off + 1)) "$VMLINUZ" | xz -dc >"$OUT/vmlinux.tmp" 2>/dev/null || true
if [ "$(head -c 4 "$OUT/vmlinux.tmp" | od -An -c | tr -d ' ')" != '177ELF' ]; then
  echo "could not extract the kernel ELF from $VMLINUZ; booting the bzImage" >&2
  cp "$VMLINUZ" "$OUT/vmlinux.tmp"
fi
mv "$OUT/vmlinux.tmp" "$OUT/vmlinux"
cp "$TREE/boot/initrd.img-$KVER" "$OUT/initrd.img"

# ext4 from the tree; 3 GiB leaves room for the agent (~110 MB per copy), its data and the journal. Sparse.
rm -f "$OUT/rootfs.img.tmp"
mkfs.ext4 -q -F -L shoumi-root -d "$TREE" "$OUT/rootfs.img.tmp" 3G
mv "$OUT/rootfs.img.tmp" "$OUT/rootfs.img"
rm -rf "$TREE"
echo "$KEY" >"$OUT/key"
echo "systemd guest image built in $(($(date +%s) - started)) s (mmdebstrap $((rooted - started)) s, kernel and ext4 $(($(date +%s) - rooted)) s): $OUT (kernel $KVER)"
