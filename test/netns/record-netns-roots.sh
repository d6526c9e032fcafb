#!/bin/sh
# Records machine roots from network namespaces on this host into test/fixtures/roots/net-netns-<name>/:
# the kernel's own /sys/class/net (links and the device directories they lead to) and /proc/net files, as
# read inside a namespace built here, plus the resolv.conf that `ip netns exec` shows it
# (/etc/netns/<ns>/resolv.conf, bind-mounted over /etc/resolv.conf). Only TEST-NET and 10.99/16 addresses,
# and no traffic leaves the namespaces. Needs root and iproute2; the kernel is whatever this host runs
# (written to proc/version in each root).
#   test/netns/record-netns-roots.sh
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
NS=shoumi-rec-ws
PEER=shoumi-rec-peer

cleanup() {
  ip netns del $NS 2>/dev/null || true
  ip netns del $PEER 2>/dev/null || true
  rm -rf /etc/netns/$NS
}
trap cleanup EXIT INT TERM

# record NAME: copy what the probes read, as seen from inside $NS, into net-netns-NAME.
record() {
  dest=$ROOT/test/fixtures/roots/net-netns-$1
  rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
  ip netns exec $NS sh -s "$dest.tmp" <<'IN'
set -eu
R=$1
mkdir -p "$R/sys/class/net" "$R/proc/net" "$R/etc"
for link in /sys/class/net/*; do
  cp -P "$link" "$R/sys/class/net/"
  dev=$(readlink -f "$link")
  mkdir -p "$R${dev%/*}"
  # sysfs attributes that refuse a read (e.g. phys_port_id on a veth) leave empty files: dropped below.
  cp -a "$dev" "$R${dev%/*}/" 2>/dev/null || true
done
find "$R/sys" -type f -size 0 | while IFS= read -r f; do cat "${f#"$R"}" >/dev/null 2>&1 || rm -f "$f"; done
for f in route ipv6_route tcp tcp6 udp udp6 if_inet6 dev fib_trie; do cat /proc/net/$f >"$R/proc/net/$f"; done
cat /proc/version >"$R/proc/version"
cat /etc/resolv.conf >"$R/etc/resolv.conf"
IN
  node "$ROOT/test/kernel/tidy-root.mjs" "$dest.tmp"
  rm -rf "$dest"; mv "$dest.tmp" "$dest"
  echo "   -> $(find "$dest" | wc -l) entries in ${dest#"$ROOT"/}"
}

cleanup
ip netns add $NS
ip netns add $PEER
mkdir -p /etc/netns/$NS
printf 'nameserver 10.99.0.53\nsearch classified.example\n' >/etc/netns/$NS/resolv.conf
ip -n $NS link set lo up
ip link add veth0 netns $NS type veth peer name veth0 netns $PEER
ip -n $NS link set veth0 up
ip -n $PEER link set veth0 up
ip -n $NS addr add 10.99.0.5/16 dev veth0
ip -n $PEER addr add 10.99.0.1/16 dev veth0
ip -n $NS route add default via 10.99.0.1

echo "== net-netns-allowed: one veth in 10.99.0.0/16, default route via 10.99.0.1"
record allowed

echo "== net-netns-tunnels: as allowed, plus tun0 (198.51.100.7/24, and 192.0.2.77 peer 192.0.2.78), tap0 and a bridge br0"
ip netns exec $NS ip tuntap add tun0 mode tun
ip netns exec $NS ip tuntap add tap0 mode tap
ip -n $NS link add br0 type bridge
ip -n $NS link set tun0 up
ip -n $NS link set tap0 up
ip -n $NS addr add 198.51.100.7/24 dev tun0
ip -n $NS addr add 192.0.2.77 peer 192.0.2.78/32 dev tun0
record tunnels
ip -n $NS link del tun0
ip -n $NS link del tap0
ip -n $NS link del br0

echo "== net-netns-dual-homed: as allowed, plus veth1 in 203.0.113.0/24 with the default route via 203.0.113.1"
printf 'nameserver 8.8.8.8\nnameserver 10.99.0.53\n' >/etc/netns/$NS/resolv.conf
ip link add veth1 netns $NS type veth peer name veth1 netns $PEER
ip -n $NS link set veth1 up
ip -n $PEER link set veth1 up
ip -n $NS addr add 203.0.113.5/24 dev veth1
ip -n $PEER addr add 203.0.113.1/24 dev veth1
ip -n $NS route del default
ip -n $NS route add default via 203.0.113.1
record dual-homed
