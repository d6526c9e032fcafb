# A workstation with nothing plugged in: the xHCI controller's root hubs only, no radios; wired network
# (QEMU user networking, restrict=on) with a default route, one TCP listener (0.0.0.0:80) and one live TCP connection (to 10.0.2.100:443).
# QEMU_ARGS: -device qemu-xhci,id=xhci -nic user,model=virtio-net-pci,restrict=on,guestfwd=tcp:10.0.2.100:443-cmd:cat
modprobe xhci_pci
modprobe virtio_net
wait_for /sys/bus/usb/devices/usb2
wait_for /sys/class/net/eth0
net_user
tcp_sockets
