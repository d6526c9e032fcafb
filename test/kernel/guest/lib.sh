# Helpers for scenario scripts (sourced by run.sh in the guest; busybox sh).
up() { cut -d' ' -f1 /proc/uptime; }
log() { echo "[$(up)] $*"; }
# wait_for PATH [TIMEOUT_S]: poll (10 ms) until PATH exists; logs how long it took. Returns 1 on timeout.
wait_for() {
  _t0=$(up); _n=0; _max=$(( ${2:-20} * 100 ))
  while [ ! -e "$1" ]; do
    _n=$((_n + 1)); [ $_n -gt $_max ] && { log "TIMEOUT waiting for $1"; return 1; }
    usleep 10000
  done
  log "appeared: $1 (waited $(awk "BEGIN{print $(up) - $_t0}")s)"
}
# wait_glob 'PATTERN' [TIMEOUT_S]: like wait_for for the first match of a glob.
wait_glob() {
  _t0=$(up); _n=0; _max=$(( ${2:-20} * 100 ))
  while :; do
    for _f in $1; do [ -e "$_f" ] && { log "appeared: $_f (waited $(awk "BEGIN{print $(up) - $_t0}")s)"; return 0; }; done
    _n=$((_n + 1)); [ $_n -gt $_max ] && { log "TIMEOUT waiting for $1"; return 1; }
    usleep 10000
  done
}
# gadget_new DIR VID PID BCD MANUFACTURER PRODUCT SERIAL MAX_POWER_MA: a configfs USB gadget (libcomposite)
# with its device descriptor, English strings and one configuration c.1; leaves the shell in DIR so the
# caller adds its functions next. An empty SERIAL writes no serial number string (as on a receiver).
gadget_new() {
  mkdir "$1" && cd "$1" || return 1
  echo "$2" >idVendor; echo "$3" >idProduct; echo "$4" >bcdDevice; echo 0x0200 >bcdUSB
  mkdir strings/0x409
  echo "$5" >strings/0x409/manufacturer; echo "$6" >strings/0x409/product
  if [ -n "$7" ]; then echo "$7" >strings/0x409/serialnumber; fi
  mkdir configs/c.1; echo "$8" >configs/c.1/MaxPower
}
# net_user: static address for QEMU user networking (10.0.2.0/24) with a default route via 10.0.2.2.
net_user() {
  ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2 dev eth0
}
# tcp_sockets: a listener on 0.0.0.0:80 (busybox httpd) and one live connection to 10.0.2.100:443, which QEMU's
# guestfwd hands to a `cat` on the host (no traffic leaves the host).
tcp_sockets() {
  mkdir -p /tmp/www && httpd -p 80 -h /tmp/www
  { sleep 3600 | nc 10.0.2.100 443 >/dev/null 2>&1; } &
  _n=0
  while ! grep -q ' 6402000A:01BB 01 ' /proc/net/tcp && [ $_n -lt 300 ]; do usleep 10000; _n=$((_n + 1)); done
  grep -q ' 6402000A:01BB 01 ' /proc/net/tcp && log "tcp: established to 10.0.2.100:443" || log "tcp: NOT established"
}
