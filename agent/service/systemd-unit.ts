// The systemd unit an install writes. Each line says why it is there. The agent runs as root: it reads all
// of sysfs and /proc, root-only files (/etc/shadow for account checks), /dev/kmsg, /dev/bus/usb, and listens
// on netlink for hot-plug and route changes. The hardening takes away what it never needs: writing anywhere
// but its data directory, gaining privileges, home directories, other programs' /tmp.

export interface UnitSettings {
  binary: string;
  /** host:port of the collector's agent port. */
  collector: string;
  /** host:port of its enrolment port (used only if DATA/tls is ever empty; no token is in the unit). */
  enrol: string;
  dataDir: string;
}

/** A value for ExecStart: systemd splits on spaces and treats quotes and backslashes specially. */
function execArgument(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./[\]-]+$/.test(value)) return value;
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('%', '%%')}"`;
}

export function systemdUnitText(settings: UnitSettings): string {
  const exec = [
    settings.binary,
    'run',
    '--collector',
    settings.collector,
    '--enrol',
    settings.enrol,
    '--data',
    settings.dataDir,
  ]
    .map(execArgument)
    .join(' ');
  return `# Written by shoumi-agent install; a second install rewrites it. Do not edit: changes are lost.
[Unit]
Description=shoumi (守密) compliance agent
# The agent retries the collector itself; starting after the network is up only spares a burst of failures.
After=network-online.target
Wants=network-online.target
# Never stop restarting: an agent that gave up is a blind spot (the collector's silent-agent rule sees it).
StartLimitIntervalSec=0

[Service]
Type=simple
ExecStart=${exec}
# A crash, a kill or a clean exit all bring it back; 5 s apart so a fault does not spin the CPU.
Restart=always
RestartSec=5
# Findings are in the outbox on disk before they are sent; SIGTERM drains the stream, then it exits.
KillSignal=SIGTERM
TimeoutStopSec=20
# Root, deliberately (see the top of this file): reading all of sysfs, /etc/shadow, /dev/kmsg and netlink.
User=root
# Nothing it runs (lpstat, ip, udevadm) may gain privileges through setuid binaries or file capabilities.
NoNewPrivileges=yes
# The whole file system read-only for it, except its own data directory (outbox, certificate, policy).
ProtectSystem=strict
ReadWritePaths=${execArgument(settings.dataDir)}
# Its files are for root alone (the private key is in the data directory).
UMask=0077
# It reads nothing under /home, /root or /run/user.
ProtectHome=yes
# Its temporary files (and the commands'), apart from every other program's.
PrivateTmp=yes
# /proc/sys and /sys are read (cdrom info, device attributes), never written.
ProtectKernelTunables=yes
# It never loads kernel modules; it only reads which are loaded (/proc/modules stays readable).
ProtectKernelModules=yes
ProtectControlGroups=yes
# It reads the hostname, never sets it.
ProtectHostname=yes
# Not set: PrivateDevices, ProtectClock, DevicePolicy (they hide /dev/bus/usb and block devices it inspects)
# and ProtectKernelLogs (it reads /dev/kmsg); MemoryDenyWriteExecute (the JavaScript engine compiles code).
# Sockets: TCP to the collector, netlink for uevents and route changes, unix for udevadm and the journal.
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
SystemCallArchitectures=native

[Install]
WantedBy=multi-user.target
`;
}
