// The systemd unit `shoumi-collector install` writes. Each line says why it is there. Unlike the agent, the
// collector needs nothing of the machine: it listens on TCP, writes its data directory and reads its config,
// its policy and its own folder. So it runs as its own system user with everything else taken away.
//
// Not set, deliberately:
//   MemoryDenyWriteExecute  V8 compiles JavaScript to machine code at run time and must map memory both
//                           writable and executable; with it the collector dies at start.
//   ProcSubset=pid          Node and libuv read /proc/meminfo, /proc/stat and /proc/cpuinfo (os.cpus,
//                           heap sizing); hiding them changes what the runtime believes about the machine.

export interface CollectorUnitSettings {
  /** The executable in the installed folder. */
  binary: string;
  config: string;
  dataDir: string;
  user: string;
  /** The lowest port the config listens on: below 1024 the unit grants CAP_NET_BIND_SERVICE alone. */
  lowestPort: number;
}

/** A value for ExecStart: systemd splits on spaces and treats quotes, backslashes and % specially. */
function execArgument(value: string): string {
  if (/^[A-Za-z0-9_@+=:,./[\]-]+$/.test(value)) return value;
  return `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('%', '%%')}"`;
}

/** A path for ReadWritePaths= (space-separated list; quotes allowed, % is a specifier). */
function pathArgument(value: string): string {
  return execArgument(value);
}

export function collectorUnitText(settings: CollectorUnitSettings): string {
  const exec = [settings.binary, 'serve', '--config', settings.config].map(execArgument).join(' ');
  const privilegedPort = settings.lowestPort > 0 && settings.lowestPort < 1024;
  const capabilities = privilegedPort
    ? `# A listen address in the config has a port below 1024: binding it is the one privilege it keeps.
CapabilityBoundingSet=CAP_NET_BIND_SERVICE
AmbientCapabilities=CAP_NET_BIND_SERVICE`
    : `# No capability at all: every port in the config is 1024 or above.
CapabilityBoundingSet=
AmbientCapabilities=
# A user namespace of its own (its user and root mapped, nobody else): no capability could reach the host.
# Left out when a low port needs CAP_NET_BIND_SERVICE, which a private user namespace would make useless.
PrivateUsers=yes`;
  return `# Written by shoumi-collector install; a second install rewrites it. Settings belong in ${settings.config}.
[Unit]
Description=shoumi (守密) collector
# Agents reach it over the network; listening on a specific address needs that address to exist.
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
ExecStart=${exec}
# A crash brings it back, 5 s apart; a clean stop (systemctl stop, SIGTERM) stays stopped. A refused start
# (bad config, a data directory others may write) exits 2 and is retried too: the journal says why.
Restart=on-failure
RestartSec=5
# SIGTERM closes the listeners and the store (the last commit is on disk), then it exits.
KillSignal=SIGTERM
TimeoutStopSec=30
# Its own system user: the data directory is its and nobody else's (the collector refuses it otherwise).
User=${settings.user}
Group=${settings.user}
# Its files are its own alone: the CA key and the store are in the data directory.
UMask=0077
# Nothing it runs may gain privileges through setuid binaries or file capabilities.
NoNewPrivileges=yes
${capabilities}
# The whole file system read-only for it, except its data directory.
ProtectSystem=strict
ReadWritePaths=${pathArgument(settings.dataDir)}
# It reads nothing under /home, /root or /run/user.
ProtectHome=yes
# Its /tmp apart from every other program's.
PrivateTmp=yes
# Mounts it might make stay in its own namespace.
PrivateMounts=yes
# No device nodes beyond /dev/null, /dev/zero, /dev/random and the like.
PrivateDevices=yes
# Kernel settings, modules, logs, the clock, cgroups and the hostname: read at most, never changed.
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
# Other users' processes are invisible in its /proc.
ProtectProc=invisible
# TCP for agents and administrators, unix for the journal; no netlink, no raw sockets.
RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX
RestrictNamespaces=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
LockPersonality=yes
RemoveIPC=yes
# The system calls of an ordinary service; anything else fails with EPERM instead of killing it, so a new
# call in a later Node shows up as an error in the journal, not as a crash loop.
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallErrorNumber=EPERM

[Install]
WantedBy=multi-user.target
`;
}
