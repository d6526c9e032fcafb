// USB devices from sysfs: /sys/bus/usb/devices holds one link per device ("1-1", "usb1") and one per
// interface ("1-1:1.0"). Root hubs are kept (deviceClass "09", busPath "usbN"): the facts stay complete and
// the checks decide what to ignore.

import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { UsbDeviceFact, UsbFacts, UsbInterfaceFact } from '../../facts';
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

const DEVICES_DIR = '/sys/bus/usb/devices';

export const linuxUsbProbe: Probe<'usb'> = {
  fact: 'usb',
  async read(root) {
    const observedAtMs = Date.now();
    const listing = await listUsbEntries(root);
    if (!listing.ok) return unavailable(DEVICES_DIR, listing.reason, observedAtMs);
    return observed<UsbFacts>(
      DEVICES_DIR,
      { devices: await readDevices(root, listing.entries) },
      observedAtMs,
    );
  },
};

type UsbListing = { ok: true; entries: string[] } | { ok: false; reason: string };

async function listUsbEntries(root: MachineRoot): Promise<UsbListing> {
  const dir = root.path(...segmentsOf(DEVICES_DIR));
  try {
    return { ok: true, entries: (await readdir(dir)).sort() };
  } catch (error) {
    // A kernel without usbcore loaded has a /sys/bus but no usb in it: a machine with no USB bus has
    // no USB devices. Anything else (no /sys at all, EACCES) is a failure to read the machine.
    const buses = await readdir(root.path('sys', 'bus')).catch(() => null);
    if (buses !== null && !buses.includes('usb')) return { ok: true, entries: [] };
    return { ok: false, reason: describeIoError(dir, error) };
  }
}

interface Located {
  name: string;
  sysfsPath: string;
}

async function readDevices(root: MachineRoot, entries: string[]): Promise<UsbDeviceFact[]> {
  const located = await Promise.all(
    entries.map(async (name): Promise<Located | null> => {
      const sysfsPath = await resolveLink(root, ...segmentsOf(DEVICES_DIR), name);
      return sysfsPath === null ? null : { name, sysfsPath };
    }),
  );
  const found = located.filter((entry): entry is Located => entry !== null);
  // Interfaces are named "<device>:<config>.<interface>", except a root hub "usbN" whose interface is
  // "N-0:1.0"; the parent directory in sysfs is the reliable link between the two.
  const interfaceEntries = found.filter((entry) => entry.name.includes(':'));
  const deviceEntries = found.filter((entry) => !entry.name.includes(':'));

  const devices = await Promise.all(
    deviceEntries.map(async (device): Promise<UsbDeviceFact | null> => {
      const attribute = (name: string) => readAttribute(root, ...segmentsOf(device.sysfsPath), name);
      const vendorId = await attribute('idVendor');
      if (vendorId === null) return null;
      const ownInterfaces = interfaceEntries.filter(
        (entry) => path.posix.dirname(entry.sysfsPath) === device.sysfsPath,
      );
      const [productId, deviceClass, manufacturer, product, serial, speed, interfaces, blockDevices] =
        await Promise.all([
          attribute('idProduct'),
          attribute('bDeviceClass'),
          attribute('manufacturer'),
          attribute('product'),
          attribute('serial'),
          attribute('speed'),
          Promise.all(ownInterfaces.map((entry) => readInterface(root, entry))),
          findBlockDevices(root, ownInterfaces),
        ]);
      return {
        busPath: device.name,
        sysfsPath: device.sysfsPath,
        vendorId: vendorId.toLowerCase(),
        productId: (productId ?? '').toLowerCase(),
        deviceClass: (deviceClass ?? '').toLowerCase(),
        manufacturer,
        product,
        serial,
        speedMbps: parseSpeed(speed),
        interfaces,
        blockDevices,
      };
    }),
  );
  return devices.filter((device): device is UsbDeviceFact => device !== null);
}

async function readInterface(root: MachineRoot, entry: Located): Promise<UsbInterfaceFact> {
  const at = segmentsOf(entry.sysfsPath);
  const [interfaceClass, interfaceSubClass, interfaceProtocol, driver, interfaceName] = await Promise.all([
    readAttribute(root, ...at, 'bInterfaceClass'),
    readAttribute(root, ...at, 'bInterfaceSubClass'),
    readAttribute(root, ...at, 'bInterfaceProtocol'),
    linkName(root, ...at, 'driver'),
    readAttribute(root, ...at, 'interface'),
  ]);
  return {
    name: entry.name,
    interfaceClass: (interfaceClass ?? '').toLowerCase(),
    interfaceSubClass: (interfaceSubClass ?? '').toLowerCase(),
    interfaceProtocol: (interfaceProtocol ?? '').toLowerCase(),
    driver,
    interfaceName,
  };
}

/** "480" → 480, "1.5" → 1.5; the kernel writes "unknown" for a device whose speed it does not know. */
function parseSpeed(speed: string | null): number | null {
  if (speed === null) return null;
  const mbps = Number(speed);
  return Number.isFinite(mbps) && speed !== '' ? mbps : null;
}

/**
 * Block devices below a USB device's interfaces, where the kernel's SCSI layer puts every USB disk
 * (usb-storage and uas alike): <interface>/host0/target0:0:0/0:0:0:0/block/sda. Only that path is read,
 * level by level: a walk of the whole subtree (power/, ep_81/, port links…) cost most of an event sweep in an
 * emulated guest, and the stick's finding waits for it.
 */
const SCSI_PATH = [/^host\d+$/, /^target\d+:\d+:\d+$/, /^\d+:\d+:\d+:\d+$/];

async function findBlockDevices(root: MachineRoot, interfaces: readonly Located[]): Promise<string[]> {
  const below = async (segments: string[], level: number): Promise<string[]> => {
    if (level === SCSI_PATH.length) return listDirectory(root, ...segments, 'block');
    const names = await listDirectory(root, ...segments);
    const found = await Promise.all(
      names
        .filter((name) => SCSI_PATH[level]!.test(name))
        .map((name) => below([...segments, name], level + 1)),
    );
    return found.flat();
  };
  const found = await Promise.all(interfaces.map((entry) => below(segmentsOf(entry.sysfsPath), 0)));
  return found.flat().sort();
}
