# QEMU's emulated USB stick (46f4:0001 "QEMU USB HARDDRIVE", serial SHM0001STICK) with one FAT partition
# mounted at /media/stick, and QEMU's USB keyboard (0627:0001), on the qemu-xhci controller.
# Network as in clean: default route via 10.0.2.2, a listener on :80 and a live connection to 10.0.2.100:443.
# QEMU_ARGS: -device qemu-xhci,id=xhci -drive if=none,id=stick,file=stick.img,format=raw -device usb-storage,bus=xhci.0,drive=stick,serial=SHM0001STICK -device usb-kbd,bus=xhci.0 -nic user,model=virtio-net-pci,restrict=on,guestfwd=tcp:10.0.2.100:443-cmd:cat
# SETUP: truncate -s 32M stick.img
modprobe sd_mod
modprobe usb_storage
modprobe usbhid
modprobe hid_generic
modprobe vfat
modprobe nls_cp437
modprobe nls_ascii
modprobe virtio_net
modprobe xhci_pci
log "xhci loaded"
wait_glob '/sys/bus/usb/drivers/usb-storage/*:1.0'
wait_for /sys/block/sda
# one FAT32 partition, mounted the way a desktop automounter would
printf 'o\nn\np\n1\n\n\nt\nc\nw\n' | fdisk /dev/sda >/dev/null 2>&1
wait_for /sys/block/sda/sda1
usleep 200000
mkdosfs -n SHOUMI /dev/sda1 >/dev/null
mkdir -p /media/stick && mount -t vfat /dev/sda1 /media/stick
wait_glob '/sys/bus/hid/drivers/hid-generic/0003:*'
wait_for /sys/class/net/eth0
net_user
tcp_sockets
