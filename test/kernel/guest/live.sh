# The live suite's guest side (run.sh = guest/lib.sh + this; busybox sh, run by guest/init). Output goes to
# the console, which the host reads. Loads the USB and network drivers, brings up QEMU user networking,
# starts the agent from the share (its arguments in /mnt/host/agent.args), then serves the host's command
# channel: the host drops cmd/<n>.sh into the share; this loop runs it and leaves <n>.out and <n>.rc.
# Polling the share (9p, cache=none) every 50 ms is simpler than a second serial line and costs ~1 fork per
# round under TCG; the commands are test steps, not timed paths.
exec >/dev/console 2>&1
for m in xhci_pci usb_storage sd_mod usbhid hid_generic cdc_ether virtio_net; do modprobe $m; done
wait_for /sys/class/net/eth0 10 && net_user
# A copy in tmpfs, so that the agent's lazy reads never go over 9p.
mkdir -p /tmp/app && cp -r /mnt/host/dist /mnt/host/proto /mnt/host/policies /tmp/app/
cat >/tmp/start-agent.sh <<'AGENT'
# Started in the background; its PID in /tmp/agent.pid so a command can stop and restart it. node.args: flags
# for node itself (a profile, say); empty for the suite.
/usr/bin/node $(cat /mnt/host/node.args 2>/dev/null) /tmp/app/dist/shoumi-agent.cjs run $(cat /mnt/host/agent.args) >/dev/console 2>&1 &
echo $! >/tmp/agent.pid
AGENT
cat >/tmp/stop-agent.sh <<'AGENT'
pid=$(cat /tmp/agent.pid)
kill "$pid"
n=0; while kill -0 "$pid" 2>/dev/null && [ $n -lt 200 ]; do usleep 50000; n=$((n + 1)); done
! kill -0 "$pid" 2>/dev/null
AGENT
sh /tmp/start-agent.sh
log "shoumi-live: ready (agent pid $(cat /tmp/agent.pid))"
mkdir -p /mnt/host/cmd
while :; do
  for f in /mnt/host/cmd/*.sh; do
    [ -e "$f" ] || continue
    n=${f%.sh}
    sh "$f" >"$n.out" 2>&1
    echo $? >"$n.rc.tmp" && mv "$n.rc.tmp" "$n.rc"
    rm -f "$f"
  done
  usleep 50000
done
