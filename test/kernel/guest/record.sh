# Recorder: copies what the probes read from this guest's /sys, /proc and /etc into a machine-root tree and
# writes it to /mnt/host/root.tar (busybox sh; sourced after the scenario script).
# - directories, readable regular files with the exact bytes the kernel gave (unreadable/write-only skipped),
# - symlinks verbatim (sysfs links are relative already: ../../../devices/...),
# - entry points: sys/bus/usb/devices/*, sys/class/{net,ieee80211,bluetooth,rfkill,block,udc}/*,
#   sys/class/dmi/id; each link's target device directory is recorded whole (children included), its
#   ancestors up to /sys/devices shallowly (their own attribute files and links, no subdirectories).
# Copying is done by busybox `cp -a` (reads each attribute to EOF; links copied as links; one process per
# tree, since every fork costs ~10 ms under TCG). cp leaves an empty file where a read failed (e.g. `speed`
# of a link that is down): each empty file is read again and removed if the read fails.
R=/tmp/rootrec
rm -rf $R; mkdir -p $R
shallow() { # $1 dir: its files and links, no subdirectories
  mkdir -p "$R$1"
  _d=$1
  _l=""
  for e in "$1"/* "$1"/.[!.]*; do
    if [ -L "$e" ] || [ -f "$e" ]; then [ -e "$R$e" ] || [ -L "$R$e" ] || _l="$_l $e"; fi
  done
  # shellcheck disable=SC2086
  [ -z "$_l" ] || cp -a $_l "$R$_d/" 2>/dev/null
}
TREES=" "
tree() { # $1 dir (physical): whole subtree, links not followed; ancestors up to /sys/devices shallowly
  for t in $TREES; do case "$1/" in "$t"/*) return 0 ;; esac; done
  TREES="$TREES$1 "
  mkdir -p "$R${1%/*}"
  cp -a "$1" "$R${1%/*}/" 2>/dev/null
  _a=${1%/*}
  while [ "$_a" != /sys/devices ] && [ "$_a" != /sys ] && [ -n "$_a" ]; do shallow "$_a"; _a=${_a%/*}; done
}
entry() { # $1 a link (or dir) under /sys/bus or /sys/class: record it and the tree it points to
  [ -e "$1" ] || return 0
  mkdir -p "$R${1%/*}"
  if [ -L "$1" ]; then
    [ -L "$R$1" ] || cp -a "$1" "$R$1"
    tree "$(readlink -f "$1")"
  else
    tree "$1"
  fi
}
log "recording"
for d in /sys/bus/usb/devices/*; do entry "$d"; done
mkdir -p $R/sys/bus/usb/drivers $R/sys/bus/usb/devices
for d in /sys/bus/usb/drivers/*; do mkdir -p "$R$d"; done
for c in net ieee80211 bluetooth rfkill block udc; do
  mkdir -p $R/sys/class/$c
  for d in /sys/class/$c/*; do entry "$d"; done
done
entry /sys/class/dmi/id
# PCI: every device, so that a machine without wireless PCI hardware can be shown to have none.
mkdir -p $R/sys/bus/pci/devices
for d in /sys/bus/pci/devices/*; do entry "$d"; done
# failed reads, binary and side-effect attributes
find $R -type f -size 0 | while IFS= read -r f; do cat "${f#$R}" >/dev/null 2>&1 || rm -f "$f"; done
find $R/sys -type f \( -name descriptors -o -name config -o -name rom -o -name 'resource[0-9]*' \
  -o -name report_descriptor \) -exec rm -f {} +
mkdir -p $R/proc/net $R/proc/sys/kernel $R/etc
for f in route ipv6_route tcp tcp6 udp udp6 if_inet6 dev fib_trie; do cat /proc/net/$f >$R/proc/net/$f 2>/dev/null; done
for f in hostname osrelease ostype; do cat /proc/sys/kernel/$f >$R/proc/sys/kernel/$f; done
cat /proc/version >$R/proc/version
# Optical drive capabilities, when the cdrom driver is loaded.
[ -r /proc/sys/dev/cdrom/info ] && mkdir -p $R/proc/sys/dev/cdrom && cat /proc/sys/dev/cdrom/info >$R/proc/sys/dev/cdrom/info
cat /proc/mounts >$R/proc/mounts
for f in machine-id os-release hostname; do cat /etc/$f >$R/etc/$f; done
log "recorded $(find $R | wc -l) entries"
(cd $R && tar -cf /mnt/host/root.tar .)
dmesg | grep -iE 'usb|hid|scsi|sd[a-z]|storage|uas|hwsim|bluetooth|hci|rfkill|cdc|wlan|gadget|udc|logitech' \
  >/mnt/host/dmesg.txt
dmesg >/mnt/host/dmesg-full.txt
log "record done"
