// Radios from sysfs: every wireless device the kernel has a driver bound for shows up in a class
// directory — /sys/class/ieee80211 (Wi-Fi phys), /sys/class/bluetooth (HCI controllers), /sys/class/wwan
// (modems on the WWAN framework) — plus modems whose network device is driven by a known WWAN driver.
// An absent class directory means no driver of that kind is loaded, so no radio of that kind: a fact, not a
// failure. rfkill state is matched to each radio by the rfkill entry's parent device.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { RadioFact, RadioKind, RadiosFacts } from '../../facts';
import {
  describeIoError,
  linkName,
  listDirectory,
  type MachineRoot,
  readAttribute,
  resolveLink,
  segmentsOf,
} from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';

const CLASS_DIRECTORIES = {
  wifi: '/sys/class/ieee80211',
  bluetooth: '/sys/class/bluetooth',
  wwan: '/sys/class/wwan',
  net: '/sys/class/net',
  rfkill: '/sys/class/rfkill',
} as const;

/**
 * Network drivers that only ever drive cellular modems (drivers/net/usb). Generic class drivers such as
 * cdc_ether and cdc_ncm are left out on purpose: they also drive USB Ethernet adapters and phone
 * tethering, which the network and USB checks judge, and calling them radios would be a guess.
 * Serial-only modem drivers (option, qcserial, sierra) give tty ports, not network devices; their modems
 * are visible as USB interfaces to the USB checks.
 */
const WWAN_NET_DRIVERS = new Set(['qmi_wwan', 'cdc_mbim', 'huawei_cdc_ncm', 'sierra_net', 'GobiNet']);

const VIRTUAL_DEVICES = '/sys/devices/virtual/';

export const linuxRadiosProbe: Probe<'radios'> = {
  fact: 'radios',
  async read(root) {
    const observedAtMs = Date.now();
    const source = '/sys/class';
    const classRoot = root.path('sys', 'class');
    const classes = await listDirectory(root, 'sys', 'class');
    if (classes.length === 0) {
      // /sys/class always holds dozens of classes (tty, mem, net); empty or absent means no sysfs here.
      const reason = await describeMissingDirectory(classRoot);
      return unavailable(source, reason, observedAtMs);
    }
    const [rfkill, ...found] = await Promise.all([
      readRfkill(root),
      readClassRadios(root, 'wifi', /^phy\d+$/),
      readClassRadios(root, 'bluetooth', /^hci\d+$/),
      readClassRadios(root, 'wwan', /^wwan\d+$/),
      readWwanNetworkDevices(root),
    ]);
    const radios = found
      .flat()
      .map(({ classPath, radio }) => ({ ...radio, rfkill: (classPath && rfkill.get(classPath)) || null }));
    const sources = Object.values(CLASS_DIRECTORIES).filter((directory) =>
      classes.includes(path.posix.basename(directory)),
    );
    return observed<RadiosFacts>(source, { radios, sources }, observedAtMs);
  },
};

interface LocatedRadio {
  /** Resolved sysfs path of the class entry (phy0, hci0), which rfkill entries name as their parent. */
  classPath: string | null;
  radio: RadioFact;
}

async function readClassRadios(
  root: MachineRoot,
  kind: Exclude<RadioKind, 'other'>,
  entryName: RegExp,
): Promise<LocatedRadio[]> {
  const classDirectory = CLASS_DIRECTORIES[kind];
  // hci0:11 and wwan0at0 are connections and ports of a radio, not radios.
  const names = (await listDirectory(root, ...segmentsOf(classDirectory))).filter((name) =>
    entryName.test(name),
  );
  return Promise.all(
    names.map(async (name) => {
      const entry = [...segmentsOf(classDirectory), name];
      const [classPath, device] = await Promise.all([
        resolveLink(root, ...entry),
        describeDevice(root, [...entry, 'device']),
      ]);
      const interfaces = kind === 'wifi' && classPath !== null ? await wifiInterfaces(root, classPath) : [];
      return {
        classPath,
        radio: { kind, name, interfaces, ...device, bus: device.bus ?? virtualBus(classPath), rfkill: null },
      };
    }),
  );
}

/** Network devices whose phy80211 link leads to this phy. */
async function wifiInterfaces(root: MachineRoot, phyPath: string): Promise<string[]> {
  const netDirectory = segmentsOf(CLASS_DIRECTORIES.net);
  const names = await listDirectory(root, ...netDirectory);
  const owners = await Promise.all(names.map((name) => resolveLink(root, ...netDirectory, name, 'phy80211')));
  return names.filter((_, index) => owners[index] === phyPath);
}

async function readWwanNetworkDevices(root: MachineRoot): Promise<LocatedRadio[]> {
  const netDirectory = segmentsOf(CLASS_DIRECTORIES.net);
  const names = await listDirectory(root, ...netDirectory);
  const drivers = await Promise.all(
    names.map((name) => linkName(root, ...netDirectory, name, 'device', 'driver')),
  );
  const modems = names.filter((_, index) => WWAN_NET_DRIVERS.has(drivers[index] ?? ''));
  return Promise.all(
    modems.map(async (name) => ({
      classPath: await resolveLink(root, ...netDirectory, name),
      radio: {
        kind: 'wwan' as const,
        name,
        interfaces: [name],
        ...(await describeDevice(root, [...netDirectory, name, 'device'])),
        rfkill: null,
      },
    })),
  );
}

type DeviceDescription = Pick<RadioFact, 'driver' | 'bus' | 'devicePath' | 'vendorId' | 'productId'>;

/**
 * The hardware behind a class entry, through its `device` link: driver and bus from the device's own
 * links, ids from `vendor`/`device` (PCI, SDIO: "0x8086") or, for a USB interface, from the USB device
 * that is its parent ("idVendor": "0bda"). A radio with no device link (mac80211_hwsim's phys, hci_vhci)
 * is virtual, and gets no device path.
 */
async function describeDevice(root: MachineRoot, deviceLink: string[]): Promise<DeviceDescription> {
  const devicePath = await resolveLink(root, ...deviceLink);
  if (devicePath === null || devicePath.startsWith(VIRTUAL_DEVICES)) {
    return {
      driver: null,
      bus: devicePath === null ? null : 'virtual',
      devicePath: null,
      vendorId: null,
      productId: null,
    };
  }
  const at = segmentsOf(devicePath);
  const [driver, bus] = await Promise.all([
    linkName(root, ...at, 'driver'),
    linkName(root, ...at, 'subsystem'),
  ]);
  const ids =
    bus === 'usb' && (await readAttribute(root, ...at, 'bInterfaceClass')) !== null
      ? await Promise.all([
          readAttribute(root, ...at, '..', 'idVendor'),
          readAttribute(root, ...at, '..', 'idProduct'),
        ])
      : await Promise.all([readAttribute(root, ...at, 'vendor'), readAttribute(root, ...at, 'device')]);
  const [vendorId, productId] = ids.map((id) => (id === null ? null : id.replace(/^0x/i, '').toLowerCase()));
  return { driver, bus, devicePath, vendorId: vendorId ?? null, productId: productId ?? null };
}

/** A class entry that itself lives under /sys/devices/virtual (hci_vhci's hci0) is a virtual radio. */
function virtualBus(classPath: string | null): string | null {
  return classPath?.startsWith(VIRTUAL_DEVICES) ? 'virtual' : null;
}

/**
 * rfkill state keyed by the resolved path of the device each switch belongs to: an rfkill entry lives in
 * its radio's directory (/sys/devices/.../ieee80211/phy0/rfkill0), so its parent directory is the radio.
 */
async function readRfkill(root: MachineRoot): Promise<Map<string, { soft: boolean; hard: boolean }>> {
  const rfkillDirectory = segmentsOf(CLASS_DIRECTORIES.rfkill);
  const names = (await listDirectory(root, ...rfkillDirectory)).filter((name) => /^rfkill\d+$/.test(name));
  const states = new Map<string, { soft: boolean; hard: boolean }>();
  await Promise.all(
    names.map(async (name) => {
      const [entryPath, soft, hard] = await Promise.all([
        resolveLink(root, ...rfkillDirectory, name),
        readAttribute(root, ...rfkillDirectory, name, 'soft'),
        readAttribute(root, ...rfkillDirectory, name, 'hard'),
      ]);
      if (entryPath !== null && soft !== null && hard !== null) {
        states.set(path.posix.dirname(entryPath), { soft: soft === '1', hard: hard === '1' });
      }
    }),
  );
  return states;
}

async function describeMissingDirectory(directory: string): Promise<string> {
  return readdir(directory).then(
    () => `no sysfs classes in ${directory}`,
    (error: unknown) => describeIoError(directory, error),
  );
}
