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

export interface AntivirusProductFact {
  /** Product name as the policy's approved list names it, e.g. "ClamAV". */
  product: string;
  databases: SignatureDatabaseFact[];
}

export interface AntivirusFacts {
  products: AntivirusProductFact[];
}

/** Everything one sweep reads. Checks declare which of these keys they need. */
export interface Facts {
  usb: ProbeResult<UsbFacts>;
  radios: ProbeResult<RadiosFacts>;
  network: ProbeResult<NetworkFacts>;
  antivirus: ProbeResult<AntivirusFacts>;
}

export type FactName = keyof Facts;
