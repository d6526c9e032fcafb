# A stick that came and went, and a card reader that stayed, told by the kernel's own log; plus the PCI bus.
#  - dummy_udc.0: "Kingston DataTraveler 3.0" 0951:1666 serial 4C530001090321117410 (mass storage, 16 MiB) is
#    plugged in, waits until sd made its disk, and is pulled out again (UDC cleared): /dev/kmsg then holds
#    "New USB device found", Product/Manufacturer/SerialNumber, "USB Mass Storage device detected" and
#    "USB disconnect" for it, with the kernel's microsecond timestamps.
#  - dummy_udc.1: a card reader 05e3:0751 "Generic"/"USB3.0 Card Reader" serial 000000001532 with two LUNs
#    (two slots, two disks sda/sdb), left plugged in.
#  - QEMU's PCI bus: host bridge, ISA/IDE/SMBus of i440fx-PIIX, VGA, virtio-net (class 020000), qemu-xhci.
#    QEMU emulates no wireless PCI controller (class 0280/0d), so this records the PCI probe's format only.
# Recorded beyond guest/record.sh (which has no hook for extra sources: this script wraps `log`, and adds
# them when the recorder announces "recording"): /dev/kmsg as read to its end (one record per line, the
# kernel's "prio,seq,usec,flags;message" format, dictionary lines " KEY=value" included), /proc/stat (btime),
# and /sys/bus/pci/devices/* with each device's whole directory.
# QEMU_ARGS: -device qemu-xhci,id=xhci -nic user,model=virtio-net-pci,restrict=on
modprobe xhci_pci
modprobe usb_storage
modprobe sd_mod
modprobe dummy_hcd num=2
modprobe libcomposite
modprobe usb_f_mass_storage
wait_for /sys/class/udc/dummy_udc.1
CG=/sys/kernel/config/usb_gadget

G=$CG/stick
dd if=/dev/zero of=/tmp/stick.img bs=1M count=16 2>/dev/null
gadget_new $G 0x0951 0x1666 0x0100 "Kingston" "DataTraveler 3.0" "4C530001090321117410" 300
mkdir functions/mass_storage.0
echo 1 >functions/mass_storage.0/lun.0/removable
echo /tmp/stick.img >functions/mass_storage.0/lun.0/file
ln -s functions/mass_storage.0 configs/c.1/
echo dummy_udc.0 >UDC
log "stick gadget bound to dummy_udc.0"
cd /
wait_glob '/sys/block/sd*'
sleep 1
echo "" >$G/UDC
log "stick gadget unbound from dummy_udc.0"
_n=0; while [ -e /sys/bus/usb/devices/3-1 ] && [ $_n -lt 500 ]; do usleep 10000; _n=$((_n + 1)); done
log "3-1 gone: $([ -e /sys/bus/usb/devices/3-1 ] && echo no || echo yes)"

G=$CG/reader
dd if=/dev/zero of=/tmp/sd.img bs=1M count=8 2>/dev/null
dd if=/dev/zero of=/tmp/cf.img bs=1M count=8 2>/dev/null
gadget_new $G 0x05e3 0x0751 0x1432 "Generic" "USB3.0 Card Reader" "000000001532" 500
mkdir functions/mass_storage.0
echo 1 >functions/mass_storage.0/lun.0/removable
echo /tmp/sd.img >functions/mass_storage.0/lun.0/file
mkdir functions/mass_storage.0/lun.1
echo 1 >functions/mass_storage.0/lun.1/removable
echo /tmp/cf.img >functions/mass_storage.0/lun.1/file
ln -s functions/mass_storage.0 configs/c.1/
echo dummy_udc.1 >UDC
log "card reader gadget bound to dummy_udc.1"
cd /
wait_for /sys/block/sdb
sleep 1

# The recorder's first `log "recording"` comes after it has made its tree $R: add the extra sources there.
log_plain() { echo "[$(up)] $*"; }
log() {
  log_plain "$@"
  [ "$1" = recording ] || return 0
  mkdir -p "$R/dev" "$R/proc"
  cat /proc/stat >"$R/proc/stat"
  # /dev/kmsg blocks at its end: read for a second, then stop the reader.
  cat /dev/kmsg >"$R/dev/kmsg" & _k=$!
  sleep 1; kill $_k
  log_plain "kmsg: $(wc -l <"$R/dev/kmsg") lines"
  mkdir -p "$R/sys/bus/pci/devices" "$R/sys/bus/pci/drivers"
  for d in /sys/bus/pci/devices/*; do entry "$d"; done
  for d in /sys/bus/pci/drivers/*; do mkdir -p "$R$d"; done
}
