#!/bin/sh
# Records test/fixtures/roots/net-netns-peer-storm: a workstation with thousands of live TCP connections to
# one outside peer (the shape that once blocked a device's whole delivery: its connection-peers-allowed
# evidence listed every socket). Two network namespaces on this host: the workstation (veth0 10.99.0.5/16,
# default route via 10.99.0.1) and an "outside" host behind it holding 203.0.113.9 (TEST-NET-3), where a
# Node server accepts on :443. A Node client inside the workstation opens CONNECTIONS sockets to
# 203.0.113.9:443 and holds them; while they are ESTABLISHED, what the network probes read is copied from
# inside the workstation namespace, exactly as the kernel returned it: /proc/net/{route,ipv6_route,tcp,tcp6,
# udp,udp6,if_inet6,dev,fib_trie}, /sys/class/net (links and their device directories, as `ip netns exec`
# mounts sysfs), /proc/version and /proc/sys/kernel/{osrelease,ostype} (this host's kernel, which made those
# bytes), and etc/resolv.conf as `ip netns exec` shows it. Everything else — USB, PCI, DMI, /etc identity —
# is the QEMU-recorded `clean` root (test/fixtures/README.md), so every other probe reads something real;
# its network files (eth0, the guest's /proc/net) are replaced, not mixed in. No traffic leaves the
# namespaces. Needs root, iproute2 and node.
#   test/netns/record-peer-storm-root.sh [CONNECTIONS]     (default 3000)
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CONNECTIONS=${1:-3000}
WS=shoumi-rec-storm-ws
OUT=shoumi-rec-storm-out
PEER=203.0.113.9
BASE=$ROOT/test/fixtures/roots/clean
DEST=$ROOT/test/fixtures/roots/net-netns-peer-storm
WORK=$(mktemp -d)

namespaces_down() {
  ip netns del $WS 2>/dev/null || true
  ip netns del $OUT 2>/dev/null || true
  rm -rf /etc/netns/$WS
}
cleanup() {
  # Only the two processes this script started, by their pids.
  [ -f "$WORK/client.pid" ] && kill "$(cat "$WORK/client.pid")" 2>/dev/null || true
  [ -f "$WORK/server.pid" ] && kill "$(cat "$WORK/server.pid")" 2>/dev/null || true
  namespaces_down
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

namespaces_down
ip netns add $WS
ip netns add $OUT
mkdir -p /etc/netns/$WS
printf 'nameserver 10.99.0.53\nsearch classified.example\n' >/etc/netns/$WS/resolv.conf
ip -n $WS link set lo up
ip -n $OUT link set lo up
ip link add veth0 netns $WS type veth peer name veth0 netns $OUT
ip -n $WS link set veth0 up
ip -n $OUT link set veth0 up
ip -n $WS addr add 10.99.0.5/16 dev veth0
ip -n $OUT addr add 10.99.0.1/16 dev veth0
ip -n $OUT addr add $PEER/32 dev lo
ip -n $WS route add default via 10.99.0.1

# The outside host: accept and hold every connection.
ip netns exec $OUT sh -c "ulimit -n 65536; exec node -e '
  const sockets = [];
  require(\"node:net\").createServer((s) => sockets.push(s)).listen({ host: \"$PEER\", port: 443, backlog: 4096 }, () => console.log(\"listening\"));
'" >"$WORK/server.log" 2>&1 &
echo $! >"$WORK/server.pid"
until grep -q listening "$WORK/server.log"; do sleep 0.1; done

# The workstation: open CONNECTIONS sockets to the peer and hold them.
ip netns exec $WS sh -c "ulimit -n 65536; exec node -e '
  const net = require(\"node:net\");
  let open = 0;
  const held = [];
  for (let i = 0; i < $CONNECTIONS; i++) {
    const socket = net.connect({ host: \"$PEER\", port: 443 }, () => { if (++open === $CONNECTIONS) console.log(\"ready\"); });
    socket.on(\"error\", (error) => { console.error(error.message); process.exit(1); });
    held.push(socket);
  }
  setInterval(() => {}, 1000);
'" >"$WORK/client.log" 2>&1 &
echo $! >"$WORK/client.pid"
until grep -q ready "$WORK/client.log"; do
  if ! kill -0 "$(cat "$WORK/client.pid")" 2>/dev/null; then cat "$WORK/client.log"; exit 1; fi
  sleep 0.2
done
echo "== $CONNECTIONS connections from 10.99.0.5 to $PEER:443 established"

rm -rf "$DEST.tmp"
cp -a "$BASE" "$DEST.tmp"
rm -rf "$DEST.tmp/sys/class/net" "$DEST.tmp/proc/net" "$DEST.tmp/dmesg.txt" "$DEST.tmp/.empty-dirs"
ip netns exec $WS sh -s "$DEST.tmp" <<'IN'
set -eu
R=$1
mkdir -p "$R/sys/class/net" "$R/proc/net" "$R/proc/sys/kernel" "$R/etc"
for link in /sys/class/net/*; do
  cp -P "$link" "$R/sys/class/net/"
  dev=$(readlink -f "$link")
  mkdir -p "$R${dev%/*}"
  # sysfs attributes that refuse a read (e.g. phys_port_id on a veth) leave empty files: dropped below.
  cp -a "$dev" "$R${dev%/*}/" 2>/dev/null || true
done
find "$R/sys/devices/virtual/net" -type f -size 0 | while IFS= read -r f; do cat "${f#"$R"}" >/dev/null 2>&1 || rm -f "$f"; done
for f in route ipv6_route tcp tcp6 udp udp6 if_inet6 dev fib_trie; do cat /proc/net/$f >"$R/proc/net/$f"; done
cat /proc/version >"$R/proc/version"
cat /proc/sys/kernel/osrelease >"$R/proc/sys/kernel/osrelease"
cat /proc/sys/kernel/ostype >"$R/proc/sys/kernel/ostype"
cat /etc/resolv.conf >"$R/etc/resolv.conf"
IN
node "$ROOT/test/kernel/tidy-root.mjs" "$DEST.tmp"
(cd "$DEST.tmp" && find . -mindepth 1 -type d -empty | sed 's|^\./||' | LC_ALL=C sort >.empty-dirs)
[ -s "$DEST.tmp/.empty-dirs" ] || rm -f "$DEST.tmp/.empty-dirs"
cat >"$DEST.tmp/README.md" <<README
# net-netns-peer-storm

A workstation with $CONNECTIONS live TCP connections to one outside peer, $PEER:443. Made by
\`test/netns/record-peer-storm-root.sh $CONNECTIONS\` (how, and where every byte comes from, is in its header):
the network files (\`proc/net/*\`, \`sys/class/net\` and \`sys/devices/virtual/net\`, \`etc/resolv.conf\`,
\`proc/version\`, \`proc/sys/kernel/{osrelease,ostype}\`) were read inside a network namespace on the recording
host while the connections were ESTABLISHED (veth0 10.99.0.5/16, default route via 10.99.0.1); the rest is
the QEMU-recorded \`clean\` root (see ../../README.md), whose eth0 and /proc/net were left out.
README
rm -rf "$DEST"; mv "$DEST.tmp" "$DEST"
echo "   -> $(grep -c " 01 " "$DEST/proc/net/tcp") ESTABLISHED lines in proc/net/tcp ($(wc -c <"$DEST/proc/net/tcp") bytes), $(find "$DEST" | wc -l) entries in ${DEST#"$ROOT"/}"
