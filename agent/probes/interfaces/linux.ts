// Network interfaces from /sys/class/net, with their addresses from /proc/net — all through the machine
// root, so recorded trees stand in for machines.
//
// Kind: loopback/ppp from the ARPHRD `type`; tun vs tap from `tun_flags` (IFF_TUN 0x1, IFF_TAP 0x2, only
// tun/tap devices have it); DEVTYPE in `uevent` (wlan, wwan, vlan, bridge, bond, wireguard); `bridge/`,
// `bonding/`, `wireless/`/`phy80211` directories; /proc/net/vlan/config (present when 8021q is loaded);
// tunnel ARPHRD types (ipip, sit, gre; ARPHRD_NONE is what tun and WireGuard use); an Ethernet-type
// interface with no `device` link is virtual (veth, dummy, macvlan).
// Driver and bus come from the `device` link; the USB device behind a USB NIC is the nearest ancestor
// directory of the device that has idVendor/idProduct (the USB interface "1-1:1.0" has neither).
// Addresses: IPv6 from /proc/net/if_inet6, IPv4 from /proc/net/fib_trie tied to interfaces through the
// on-link routes of /proc/net/route (the method is in ipv4-attribution.ts).
// Every /proc/net file and the /sys/class/net listing are required: without them the addresses or the
// interfaces would be silently incomplete, and the checks would pass on a partial picture.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { InterfaceKind, InterfacesFacts, NetInterfaceFact } from '../../facts';
import {
  describeIoError,
  linkName,
  listDirectory,
  type MachineRoot,
  readAttribute,
  readSource,
  resolveLink,
  segmentsOf,
} from '../machine-root';
import { parseIpv4Routes } from '../network/proc-net-route';
import { observed, type Probe, unavailable } from '../probe';
import { parseLocalAddresses } from './fib-trie';
import { parseIfInet6 } from './if-inet6';
import { attributeIpv4 } from './ipv4-attribution';

const SOURCE = '/sys/class/net';

/** include/uapi/linux/if_arp.h */
const ARPHRD_ETHER = 1;
const ARPHRD_RAWIP = 519;
const ARPHRD_PPP = 512;
const ARPHRD_LOOPBACK = 772;
const ARPHRD_TUNNELS = new Set([768, 769, 776, 778, 823, 65534]);
const IFF_TAP = 0x0002;

const DEVTYPE_KINDS: Record<string, InterfaceKind> = {
  wlan: 'wireless',
  wwan: 'wwan',
  vlan: 'vlan',
  bridge: 'bridge',
  bond: 'bond',
  wireguard: 'tun',
};

interface SysfsInterface {
  fact: Omit<NetInterfaceFact, 'addresses'>;
}

export const linuxInterfacesProbe: Probe<'interfaces'> = {
  fact: 'interfaces',
  async read(root) {
    const observedAtMs = Date.now();
    let names: string[];
    try {
      names = (await readdir(root.path('sys', 'class', 'net'))).sort();
    } catch (error) {
      return unavailable(SOURCE, describeIoError(root.path('sys', 'class', 'net'), error), observedAtMs);
    }
    const [route, ifInet6, fibTrie, vlanConfig] = await Promise.all([
      readSource(root, 'proc', 'net', 'route'),
      readSource(root, 'proc', 'net', 'if_inet6'),
      readSource(root, 'proc', 'net', 'fib_trie'),
      readAttribute(root, 'proc', 'net', 'vlan', 'config'),
    ]);
    const failures = [route, ifInet6, fibTrie].flatMap((read) => (read.ok ? [] : [read.reason]));
    if (!route.ok || !ifInet6.ok || !fibTrie.ok)
      return unavailable(SOURCE, failures.join('; '), observedAtMs);
    const routes = parseIpv4Routes(route.text, '/proc/net/route');
    const ipv6 = parseIfInet6(ifInet6.text, '/proc/net/if_inet6');
    const ipv4 = parseLocalAddresses(fibTrie.text, '/proc/net/fib_trie');
    const parseFailures = [routes, ipv6, ipv4].flatMap((parsed) => (parsed.ok ? [] : [parsed.reason]));
    if (!routes.ok || !ipv6.ok || !ipv4.ok)
      return unavailable(SOURCE, parseFailures.join('; '), observedAtMs);

    const vlanNames = new Set(
      (vlanConfig ?? '')
        .split('\n')
        .slice(2)
        .map((line) => line.split('|')[0]!.trim())
        .filter((name) => name !== ''),
    );
    const sysfs = await Promise.all(names.map((name) => readInterface(root, name, vlanNames)));
    const loopback = sysfs.find((entry) => entry.fact.kind === 'loopback')?.fact.name ?? null;
    const attribution = attributeIpv4(ipv4.value, routes.value, loopback);
    const interfaces: NetInterfaceFact[] = sysfs.map(({ fact }) => ({
      ...fact,
      addresses: [
        ...(attribution.byInterface.get(fact.name) ?? []),
        ...ipv6.value.filter((address) => address.interface === fact.name).map((address) => address.cidr),
      ],
    }));
    // An address on an interface sysfs did not list (it vanished between the reads) is not dropped.
    const listed = new Set(names);
    const strays = [...attribution.byInterface].flatMap(([name, cidrs]) => (listed.has(name) ? [] : cidrs));
    const facts: InterfacesFacts = {
      interfaces,
      unattributedAddresses: [...attribution.unattributed, ...strays],
    };
    return observed(SOURCE, facts, observedAtMs);
  },
};

async function readInterface(
  root: MachineRoot,
  name: string,
  vlanNames: ReadonlySet<string>,
): Promise<SysfsInterface> {
  const classPath = ['sys', 'class', 'net', name];
  const devicePath = await resolveLink(root, ...classPath);
  const dir = devicePath === null ? classPath : segmentsOf(devicePath);
  const [typeText, operState, mac, tunFlags, uevent, entries, phy, hardware] = await Promise.all([
    readAttribute(root, ...dir, 'type'),
    readAttribute(root, ...dir, 'operstate'),
    readAttribute(root, ...dir, 'address'),
    readAttribute(root, ...dir, 'tun_flags'),
    readAttribute(root, ...dir, 'uevent'),
    listDirectory(root, ...dir),
    resolveLink(root, ...dir, 'phy80211'),
    resolveLink(root, ...dir, 'device'),
  ]);
  const arpType = typeText !== null && /^\d+$/.test(typeText) ? Number(typeText) : null;
  const devType = /^DEVTYPE=(.+)$/m.exec(uevent ?? '')?.[1]?.trim() ?? null;
  const isVirtual = devicePath?.startsWith('/sys/devices/virtual/') ?? false;
  const kind = kindOf({
    arpType,
    tunFlags,
    devType,
    entries: new Set(entries),
    hasPhy: phy !== null,
    isVlan: vlanNames.has(name),
    hasDevice: hardware !== null,
  });
  const [driver, bus, usbDevice] =
    hardware === null
      ? [null, isVirtual ? 'virtual' : null, null]
      : await Promise.all([
          linkName(root, ...segmentsOf(hardware), 'driver'),
          linkName(root, ...segmentsOf(hardware), 'subsystem'),
          usbDeviceAbove(root, hardware),
        ]);
  return {
    fact: {
      name,
      kind,
      arpType,
      operState,
      // Interfaces without a link-layer address (tun, ppp, wireguard) print an empty `address`.
      mac: mac === '' ? null : mac,
      driver,
      bus,
      usbDevice,
    },
  };
}

interface KindClues {
  arpType: number | null;
  tunFlags: string | null;
  devType: string | null;
  entries: ReadonlySet<string>;
  hasPhy: boolean;
  isVlan: boolean;
  hasDevice: boolean;
}

function kindOf(clues: KindClues): InterfaceKind {
  if (clues.arpType === ARPHRD_LOOPBACK) return 'loopback';
  if (clues.tunFlags !== null) {
    const flags = Number.parseInt(clues.tunFlags, 16);
    return Number.isInteger(flags) && (flags & IFF_TAP) !== 0 ? 'tap' : 'tun';
  }
  if (clues.arpType === ARPHRD_PPP) return 'ppp';
  const byDevType = clues.devType === null ? undefined : DEVTYPE_KINDS[clues.devType];
  if (byDevType) return byDevType;
  if (clues.entries.has('bridge')) return 'bridge';
  if (clues.entries.has('bonding')) return 'bond';
  if (clues.entries.has('wireless') || clues.hasPhy) return 'wireless';
  if (clues.isVlan) return 'vlan';
  if (clues.arpType === ARPHRD_RAWIP) return 'wwan';
  if (clues.arpType !== null && ARPHRD_TUNNELS.has(clues.arpType)) return 'tun';
  if (clues.arpType === ARPHRD_ETHER) return clues.hasDevice ? 'ethernet' : 'virtual';
  return 'other';
}

/** The USB device (not interface) at or above a device directory, or null when it is not on USB. */
async function usbDeviceAbove(
  root: MachineRoot,
  deviceMachinePath: string,
): Promise<NetInterfaceFact['usbDevice']> {
  let current = deviceMachinePath;
  while (current.startsWith('/sys/devices/')) {
    const segments = segmentsOf(current);
    const [vendorId, productId] = await Promise.all([
      readAttribute(root, ...segments, 'idVendor'),
      readAttribute(root, ...segments, 'idProduct'),
    ]);
    if (vendorId !== null && productId !== null) {
      const [serial, product] = await Promise.all([
        readAttribute(root, ...segments, 'serial'),
        readAttribute(root, ...segments, 'product'),
      ]);
      return { busPath: path.posix.basename(current), vendorId, productId, serial, product };
    }
    current = path.posix.dirname(current);
  }
  return null;
}
