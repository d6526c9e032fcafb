# QEMU's usb-net (0525:a4a2, CDC ECM): cdc_ether binds and makes usb0, like a phone in USB tethering mode.
# usb0 is up with an address (192.168.42.129/24, the Android tethering range); no default route.
# QEMU_ARGS: -device qemu-xhci,id=xhci -device usb-net,bus=xhci.0,netdev=tether -netdev user,id=tether,restrict=on,net=192.168.42.0/24 -nic none
modprobe usbnet
modprobe cdc_ether
modprobe xhci_pci
wait_for /sys/class/net/usb0
wait_glob '/sys/bus/usb/drivers/cdc_ether/*:1.0'
ip link set usb0 up && ip addr add 192.168.42.129/24 dev usb0
