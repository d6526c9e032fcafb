# Devices described to the guest's own kernel through dummy_hcd + libcomposite (configfs gadgets):
#  - on dummy_udc.0: a "Logitech USB Receiver" 046d:c52b with two HID interfaces (boot keyboard, boot mouse),
#    like a Unifying receiver; usbhid and hid-generic bind on the host side (hid_logitech_dj is left out:
#    it claims 046d:c52b and fails without the HID++ interface, leaving the HID devices driverless);
#  - on dummy_udc.1: a "Kingston DataTraveler 3.0" 0951:1666 serial 60A44C413D5EF0B1A9A4, mass storage backed
#    by a 16 MiB file in the guest; usb-storage binds and sd makes a block device.
# The qemu-xhci controller is present with nothing on it. The gadget side (dummy_udc.*, /sys/class/udc) is
# in the guest too: only dummy_hcd.* (host side) is what a real workstation would show.
# QEMU_ARGS: -device qemu-xhci,id=xhci -nic none
modprobe xhci_pci
modprobe usbhid
modprobe hid_generic
modprobe usb_storage
modprobe sd_mod
modprobe dummy_hcd num=2
modprobe libcomposite
modprobe usb_f_hid
modprobe usb_f_mass_storage
wait_for /sys/class/udc/dummy_udc.1
CG=/sys/kernel/config/usb_gadget

G=$CG/receiver
gadget_new $G 0x046d 0xc52b 0x1211 "Logitech" "USB Receiver" "" 98
mkdir functions/hid.kbd
echo 1 >functions/hid.kbd/subclass; echo 1 >functions/hid.kbd/protocol; echo 8 >functions/hid.kbd/report_length
# boot keyboard report descriptor (HID 1.11, appendix B.1)
printf '\005\001\011\006\241\001\005\007\031\340\051\347\025\000\045\001\165\001\225\010\201\002\225\001\165\010\201\003\225\005\165\001\005\010\031\001\051\005\221\002\225\001\165\003\221\003\225\006\165\010\025\000\045\145\005\007\031\000\051\145\201\000\300' >functions/hid.kbd/report_desc
mkdir functions/hid.mouse
echo 1 >functions/hid.mouse/subclass; echo 2 >functions/hid.mouse/protocol; echo 4 >functions/hid.mouse/report_length
# boot mouse with wheel
printf '\005\001\011\002\241\001\011\001\241\000\005\011\031\001\051\003\025\000\045\001\225\003\165\001\201\002\225\001\165\005\201\003\005\001\011\060\011\061\011\070\025\201\045\177\165\010\225\003\201\006\300\300' >functions/hid.mouse/report_desc
ln -s functions/hid.kbd configs/c.1/
ln -s functions/hid.mouse configs/c.1/
echo dummy_udc.0 >UDC
log "receiver gadget bound to dummy_udc.0"

G=$CG/stick
dd if=/dev/zero of=/tmp/stick.img bs=1M count=16 2>/dev/null
gadget_new $G 0x0951 0x1666 0x0100 "Kingston" "DataTraveler 3.0" "60A44C413D5EF0B1A9A4" 300
mkdir functions/mass_storage.0
echo 1 >functions/mass_storage.0/stall
echo 1 >functions/mass_storage.0/lun.0/removable
echo "KingstonDataTraveler 3.0PMAP" >functions/mass_storage.0/lun.0/inquiry_string
echo /tmp/stick.img >functions/mass_storage.0/lun.0/file
ln -s functions/mass_storage.0 configs/c.1/
echo dummy_udc.1 >UDC
log "stick gadget bound to dummy_udc.1"
cd /
wait_glob '/sys/bus/usb/drivers/usbhid/*:1.1'
wait_glob '/sys/bus/usb/drivers/usb-storage/*:1.0'
wait_glob '/sys/block/sd*'
