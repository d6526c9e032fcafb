# Radios without USB: mac80211_hwsim (one cfg80211 radio phy0/wlan0 with its rfkill switch, soft-blocked
# here, so the radio is present but switched off) and hci_vhci (Bluetooth controller hci0 with its rfkill
# switch, unblocked). No network cable.
# QEMU_ARGS: -device qemu-xhci,id=xhci -nic none
modprobe xhci_pci
modprobe mac80211_hwsim radios=1
modprobe hci_vhci
exec 7<>/dev/vhci   # the controller lives while /dev/vhci is open
wait_for /sys/class/ieee80211/phy0
wait_for /sys/class/net/wlan0
wait_for /sys/class/bluetooth/hci0
wait_glob '/sys/class/bluetooth/hci0/rfkill*'
for r in /sys/class/rfkill/rfkill*; do
  if [ "$(cat $r/type)" = wlan ]; then echo 1 >$r/soft; log "soft-blocked $(cat $r/name) ($r)"; fi
done
wait_for /sys/bus/usb/devices/usb2
