# An external USB optical drive: QEMU's scsi-cd ("QEMU"/"QEMU CD-ROM", empty tray) behind a usb-bot
# (bulk-only mass storage) on the qemu-xhci controller, bound to usb-storage and sr_mod as /dev/sr0.
# QEMU's emulated drive reports read capabilities only (CD-R/RW, DVD-ROM reading; no writing), so this root
# is the "read-only drive" case of optical-writer-absent.
# sr_mod and cdrom are not in the shared initramfs: SETUP copies the host's (same kernel) .ko files into the
# share and the guest insmods them. /proc/sys/dev/cdrom/info is not part of the recorder's set, so the
# script saves it to the share as cdrom-info; copy it to <root>/proc/sys/dev/cdrom/info after recording.
# QEMU_ARGS: -device qemu-xhci,id=xhci -device usb-bot,id=bot,bus=xhci.0 -drive if=none,id=cd,media=cdrom -device scsi-cd,bus=bot.0,drive=cd
# SETUP: K=/lib/modules/$(ls /lib/modules | sort -V | tail -1)/kernel/drivers; cp $K/cdrom/cdrom.ko $K/scsi/sr_mod.ko .
modprobe usb_storage
insmod /mnt/host/cdrom.ko
insmod /mnt/host/sr_mod.ko
modprobe xhci_pci
log "xhci loaded"
wait_glob '/sys/bus/usb/drivers/usb-storage/*:1.0'
wait_for /sys/class/block/sr0
usleep 200000
cat /proc/sys/dev/cdrom/info >/mnt/host/cdrom-info
