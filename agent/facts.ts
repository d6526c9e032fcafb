// Facts: what probes read from the machine and checks judge. Plain data only, so that a recorded
// fixture, a live sysfs tree and a Windows probe all produce the same shapes.
//
// A probe that cannot read its source says so (`unavailable` with the reason) — it never guesses —
// and a check turns that into an `error` finding, never a `pass`.

export type ProbeResult<T> =
  | { ok: true; facts: T; source: string; observedAtMs: number }
  | { ok: false; reason: string; source: string; observedAtMs: number };

/** Hex ids are 4 lowercase digits ("046d"); classes are 2 lowercase hex digits ("08"). */
export interface UsbInterfaceFact {
  /** e.g. "1-1:1.0" */
  name: string;
  interfaceClass: string;
  interfaceSubClass: string;
  interfaceProtocol: string;
  driver: string | null;
  /** The interface string descriptor (sysfs `interface`), e.g. "MTP" on a phone; null when absent. */
  interfaceName: string | null;
}

export interface UsbDeviceFact {
  /** Kernel name under /sys/bus/usb/devices, e.g. "1-1.2". */
  busPath: string;
  /** Resolved sysfs path of the device, e.g. "/sys/devices/pci0000:00/0000:00:04.0/usb1/1-1". */
  sysfsPath: string;
  vendorId: string;
  productId: string;
  deviceClass: string;
  manufacturer: string | null;
  product: string | null;
  serial: string | null;
  speedMbps: number | null;
  interfaces: UsbInterfaceFact[];
  /** Block devices (e.g. "sda") that hang below this USB device, once the kernel has made them. */
  blockDevices: string[];
}

export interface UsbFacts {
  devices: UsbDeviceFact[];
}

export type RadioKind = 'wifi' | 'bluetooth' | 'wwan' | 'other';

export interface RadioFact {
  kind: RadioKind;
  /** Kernel name: "phy0", "hci0", "wwan0". */
  name: string;
  /** Network interfaces that belong to this radio ("wlan0"). */
  interfaces: string[];
  driver: string | null;
  /** Bus the radio hangs on: "usb", "pci", "sdio", "platform", "virtual" (e.g. mac80211_hwsim). */
  bus: string | null;
  /** Resolved sysfs path of the underlying device, or null for virtual radios. */
  devicePath: string | null;
  vendorId: string | null;
  productId: string | null;
  /** rfkill state; a radio switched off is still present and still fails 3.7.8. */
  rfkill: { soft: boolean; hard: boolean } | null;
}

export interface RadiosFacts {
  radios: RadioFact[];
  /** sysfs classes that were read, for the evidence of a pass. */
  sources: string[];
}

export interface RouteFact {
  family: 4 | 6;
  interface: string;
  /** CIDR, e.g. "0.0.0.0/0". */
  destination: string;
  /** null when the route is on-link. */
  gateway: string | null;
  metric: number;
}

export interface SocketEndpoint {
  address: string;
  port: number;
}

export interface ConnectionFact {
  protocol: 'tcp' | 'udp';
  family: 4 | 6;
  local: SocketEndpoint;
  remote: SocketEndpoint;
  /** TCP state name ("ESTABLISHED", "SYN_SENT"); "CONNECTED" for a connected UDP socket. */
  state: string;
}

export interface NetworkFacts {
  routes: RouteFact[];
  /** Sockets with a remote peer (not listeners). */
  connections: ConnectionFact[];
}

export interface SignatureDatabaseFact {
  /** e.g. "daily" */
  name: string;
  file: string;
  version: number | null;
  signatures: number | null;
  /** Build time from the database header, epoch ms UTC. */
  builtAtMs: number | null;
}

export interface AntivirusServiceFact {
  /** The unit as the definition names it, e.g. "RAVBDFZ.service". */
  name: string;
  /** A process of the unit runs; null when the machine's units cannot be seen. */
  running: boolean | null;
}

export interface AntivirusProductFact {
  /** Product name as the policy's approved list names it, e.g. "ClamAV". */
  product: string;
  /**
   * The definition that recognised it (policies/antivirus/product-definition.ts), e.g. "huorong-esm"; null
   * for a product seen only by name (a Security Center entry no definition knows). Absent from older probes.
   */
  definitionId?: string | null;
  /** Every name the product is known by (its definition's names); the approved list may name any. */
  names?: string[];
  /** The install paths found on the machine. */
  installPaths?: string[];
  /**
   * Whether any of its services or resident processes runs: false for a product installed but not running
   * (which fails real-time protection), null when the probe could not tell.
   */
  running?: boolean | null;
  /** Why the signature date is unknown (no documented source, a source unreadable), for the check's reason. */
  signaturesUnknownBecause?: string | null;
  /**
   * Windows Security Center's view of it where it registered there: whether its own files or service were
   * found as well (an entry can be registered by a tool that is not the product).
   */
  corroborated?: boolean | null;
  /**
   * Linux: the product's systemd units, each with whether a process of it runs (null: the machine's units
   * cannot be seen). With `processNames` and the processes fact, the check tells whether the product runs;
   * the Linux probe leaves `running` out so that /proc is read once, by the processes probe.
   */
  services?: AntivirusServiceFact[];
  /** Its resident processes by name (its definition's), for the check to look for among the processes. */
  processNames?: string[];
  /** Its real-time (on-access) processes by name; empty when no source documents which they are. */
  realtimeProcesses?: string[];
  /** Why the last full scan is unknown (no documented source, a source unreadable), for the check's reason. */
  fullScanUnknownBecause?: string | null;
  /**
   * Windows Security Center's definition state for it: true when Security Center says its signatures are
   * out of date, false when it says they are current, null when it does not say (an unexplained value, or
   * not registered there). The product's own claim, not a date: it can fail the signature rule, never pass it.
   */
  signaturesOutOfDate?: boolean | null;
  databases: SignatureDatabaseFact[];
  /** Newest signature build time where the product reports it without database files (Windows). */
  signaturesUpdatedAtMs?: number | null;
  /** End of the last full scan, epoch ms UTC; null when unknown or never. */
  lastFullScanAtMs?: number | null;
  /** On-access / real-time protection running; null when the probe cannot tell. */
  realtimeProtection?: boolean | null;
}

export interface AntivirusFacts {
  products: AntivirusProductFact[];
}

export interface PciDeviceFact {
  /** e.g. "0000:00:14.3" */
  slot: string;
  vendorId: string;
  deviceId: string;
  /** 6 lowercase hex digits: class, subclass, prog-if ("028000" is a wireless network controller). */
  classCode: string;
  subsystemVendorId: string | null;
  subsystemDeviceId: string | null;
  driver: string | null;
  /** Resolved sysfs path relative to the machine root, e.g. "/sys/devices/pci0000:00/0000:00:14.3". */
  sysfsPath: string;
}

export interface PciFacts {
  devices: PciDeviceFact[];
}

/** When the kernel's log says a USB device came or went (read from the kernel ring buffer). */
export interface UsbHistoryEvent {
  /** Epoch ms UTC, from the kernel's monotonic timestamp and the boot time. */
  atMs: number;
  action: 'add' | 'remove';
  busPath: string;
  vendorId: string | null;
  productId: string | null;
  serial: string | null;
  manufacturer: string | null;
  product: string | null;
  /** Driver names the log shows binding to it ("usb-storage", "uas"), where it says so. */
  drivers: string[];
}

export interface UsbHistoryFacts {
  events: UsbHistoryEvent[];
  /** Epoch ms from which the log is complete (boot, or the oldest record still in the ring buffer). */
  coversFromMs: number;
}

/** What tools other than sysfs say about Wi‑Fi (systeminformation, node-wifi): a second opinion. */
export interface WifiToolReport {
  tool: 'systeminformation' | 'node-wifi';
  /** Interface names the tool reports as Wi‑Fi; empty when it reports none. */
  interfaces: string[];
  /** Why the tool could not answer (e.g. nmcli missing), or null when it did. */
  unavailable: string | null;
}

export interface WifiToolFacts {
  reports: WifiToolReport[];
}

export type InterfaceKind =
  | 'loopback'
  | 'ethernet'
  | 'wireless'
  | 'wwan'
  | 'tun'
  | 'tap'
  | 'ppp'
  | 'bridge'
  | 'vlan'
  | 'bond'
  | 'virtual'
  | 'other';

export interface NetInterfaceFact {
  name: string;
  kind: InterfaceKind;
  /** ARPHRD type from sysfs `type` (1 ethernet, 512 ppp, 65534 none/tun, 772 loopback). */
  arpType: number | null;
  /** sysfs `operstate`: "up", "down", "unknown", ... */
  operState: string | null;
  mac: string | null;
  /** CIDR notation with the prefix of the on-link network, e.g. "10.0.2.15/24", "fe80::5054:ff:fe12:3456/64". */
  addresses: string[];
  driver: string | null;
  /** Bus of the underlying device ("usb", "pci", "virtual", ...), null when it has none. */
  bus: string | null;
  /** The USB device behind the interface (tethering, USB Ethernet dongles), or null. */
  usbDevice: {
    busPath: string;
    vendorId: string;
    productId: string;
    serial: string | null;
    product: string | null;
  } | null;
}

export interface InterfacesFacts {
  interfaces: NetInterfaceFact[];
  /**
   * Addresses the machine holds that no source ties to an interface (on Linux: an IPv4 address with no
   * on-link route containing it, e.g. the local end of a point-to-point link), in CIDR with /32 or /128.
   */
  unattributedAddresses?: string[];
}

export interface DnsServerFact {
  address: string;
  /** File it was read from, e.g. "/etc/resolv.conf". */
  source: string;
}

export interface DnsFacts {
  servers: DnsServerFact[];
  searchDomains: string[];
}

export interface ProxyFact {
  /** "http", "https", "ftp", "socks", "all" */
  scheme: string;
  url: string;
  host: string;
  port: number | null;
  /** Where it is configured, e.g. "/etc/environment: http_proxy". */
  source: string;
}

export interface ProxyFacts {
  proxies: ProxyFact[];
  /** Setting files that were read, for the evidence of a pass. */
  sources: string[];
}

export interface CanaryResult {
  /** "host:port" as the policy lists it. */
  endpoint: string;
  reachable: boolean;
  /** Why it was not reached ("ECONNREFUSED", "timeout after 1500 ms"), or null when reached. */
  error: string | null;
  elapsedMs: number;
}

export interface CanaryFacts {
  results: CanaryResult[];
}

export interface PrintQueueFact {
  name: string;
  /** CUPS DeviceURI, e.g. "ipp://10.1.2.3/ipp/print", "usb://HP/LaserJet?serial=...". */
  deviceUri: string;
  shared: boolean;
  isDefault: boolean;
  /** Host the URI points at, null for local (usb, parallel, file) queues. */
  remoteHost: string | null;
}

export interface PrintersFacts {
  /** Whether a print system (CUPS on Linux, the spooler on Windows) is installed at all. */
  installed: boolean;
  queues: PrintQueueFact[];
  /** The print server shares its queues with the network (cupsd Browsing/BrowseLocalProtocols, Listen *:631). */
  serverSharing: boolean | null;
  /** Print auditing: whether each job is logged (CUPS page_log; Windows PrintService/Operational log). */
  auditing: { enabled: boolean | null; source: string };
}

export interface OpticalDriveFact {
  /** "sr0" */
  name: string;
  vendor: string | null;
  model: string | null;
  /** Can write any disc (CD-R, CD-RW, DVD-R, DVD-RAM, ...); null when the capability is unknown. */
  canWrite: boolean | null;
  /** Write capabilities reported, e.g. ["CD-R", "DVD-R"]. */
  writeCapabilities: string[];
  bus: string | null;
}

export interface OpticalFacts {
  drives: OpticalDriveFact[];
}

export type PasswordState = 'empty' | 'locked' | 'set' | 'none';

export interface AccountFact {
  name: string;
  uid: number | null;
  /** Never the hash itself: only whether one is set, empty, or locked. */
  passwordState: PasswordState;
  /** Login shell, to tell system accounts that cannot log in from people. */
  shell: string | null;
}

export interface AccountsFacts {
  accounts: AccountFact[];
}

export interface ProcessFact {
  pid: number;
  /** Executable name (Linux `comm`, Windows image name). */
  name: string;
}

export interface ProcessesFacts {
  processes: ProcessFact[];
}

export interface ScreenLockSetting {
  /** Desktop or mechanism the setting belongs to: "gnome", "ukui", "deepin", "xscreensaver", "windows". */
  desktop: string;
  lockEnabled: boolean | null;
  /** Seconds of idleness before the screen locks (or blanks, where locking follows blanking). */
  idleDelaySeconds: number | null;
  source: string;
}

export interface ScreenLockFacts {
  settings: ScreenLockSetting[];
}

/** One setting of the password rules as read, or why it could not be read. */
export type PasswordSettingReading<T> = PasswordSettingRead<T> | PasswordSettingUnreadable;

export interface PasswordSettingRead<T> {
  ok: true;
  value: T;
}

export interface PasswordSettingUnreadable {
  ok: false;
  reason: string;
}

/** A value the system enforces and what sets it, e.g. "pam_pwquality minlen in /etc/security/pwquality.conf". */
export interface EnforcedValue {
  value: number;
  source: string;
}

export interface FailedLoginLockout {
  /** Failed attempts after which the account is locked (pam_faillock deny, LockoutBadCount). */
  attempts: number;
  /** Seconds before it unlocks by itself; 0 when only an administrator can unlock it. */
  unlockSeconds: number;
  source: string;
}

export interface PasswordAgeFact {
  /** An account that can log in with a password (one is set, not locked, not empty). */
  account: string;
  /** Days a password may be used before it must change; null when it never expires. */
  maxAgeDays: number | null;
  source: string;
}

export interface HardwareTokenModule {
  /** The module as the configuration names it ("pam_pkcs11.so"), or the Windows policy's name. */
  module: string;
  /** Where it is configured: "/etc/pam.d/common-auth:17". */
  at: string;
  /** As written: "required", "[success=done default=die]", "sufficient". */
  control: string;
  /** Every login must pass it: present on disk, failure ends the login, and no earlier line can skip it. */
  required: boolean;
  /** Why it is not required, when it is not ("control sufficient", "module file not installed"). */
  notRequiredBecause: string | null;
}

/** Password rules as the system enforces them (PAM, login.defs and shadow on Linux; secedit on Windows). */
export interface PasswordPolicyFacts {
  /** Shortest new password accepted; value null when nothing enforces a minimum. */
  minLength: PasswordSettingReading<EnforcedValue | null>;
  /** Character classes (lower, upper, digit, other) a new password must mix; null when nothing asks. */
  minClasses: PasswordSettingReading<EnforcedValue | null>;
  /** Lockout after failed logins; null when failures never lock the account. */
  lockout: PasswordSettingReading<FailedLoginLockout | null>;
  /** The maximum age of each account's password (the effective one: shadow, not login.defs). */
  passwordAges: PasswordSettingReading<PasswordAgeFact[]>;
  /** Smart-card / UKey login modules found in the login stack. */
  hardwareTokens: PasswordSettingReading<HardwareTokenModule[]>;
  /** Files and commands read, for the evidence. */
  sources: string[];
  /** Settings read that do not decide a rule but that a reader will ask about (login.defs defaults). */
  notes: string[];
}

/** Everything one sweep reads. Checks declare which of these keys they need. */
export interface Facts {
  usb: ProbeResult<UsbFacts>;
  radios: ProbeResult<RadiosFacts>;
  network: ProbeResult<NetworkFacts>;
  antivirus: ProbeResult<AntivirusFacts>;
  pci: ProbeResult<PciFacts>;
  usbHistory: ProbeResult<UsbHistoryFacts>;
  wifiTools: ProbeResult<WifiToolFacts>;
  interfaces: ProbeResult<InterfacesFacts>;
  dns: ProbeResult<DnsFacts>;
  proxies: ProbeResult<ProxyFacts>;
  canary: ProbeResult<CanaryFacts>;
  printers: ProbeResult<PrintersFacts>;
  optical: ProbeResult<OpticalFacts>;
  accounts: ProbeResult<AccountsFacts>;
  processes: ProbeResult<ProcessesFacts>;
  screenLock: ProbeResult<ScreenLockFacts>;
  passwordPolicy: ProbeResult<PasswordPolicyFacts>;
}

export type FactName = keyof Facts;
