// PCI devices from sysfs: /sys/bus/pci/devices holds one link per function ("0000:00:14.3"), whose
// directory gives `vendor`, `device`, `class` ("0x028000"), `subsystem_vendor`, `subsystem_device` and a
// `driver` link when a driver is bound. Every device is listed whether or not a driver claimed it: a Wi‑Fi
// card whose driver is blacklisted has no phy in /sys/class/ieee80211, but it is still on the bus.

import { readdir } from 'node:fs/promises';
import type { PciDeviceFact, PciFacts } from '../../facts';
import {
  describeIoError,
  linkName,
  type MachineRoot,
  readAttribute,
  resolveLink,
  segmentsOf,
} from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';

const DEVICES_DIR = '/sys/bus/pci/devices';

export const linuxPciProbe: Probe<'pci'> = {
  fact: 'pci',
  async read(root) {
    const observedAtMs = Date.now();
    const listing = await listPciEntries(root);
    if (!listing.ok) return unavailable(DEVICES_DIR, listing.reason, observedAtMs);
    const devices = await Promise.all(listing.entries.map((slot) => readDevice(root, slot)));
    return observed<PciFacts>(
      DEVICES_DIR,
      { devices: devices.filter((device): device is PciDeviceFact => device !== null) },
      observedAtMs,
    );
  },
};

type PciListing = { ok: true; entries: string[] } | { ok: false; reason: string };

async function listPciEntries(root: MachineRoot): Promise<PciListing> {
  const dir = root.path(...segmentsOf(DEVICES_DIR));
  try {
    return { ok: true, entries: (await readdir(dir)).sort() };
  } catch (error) {
    // A machine without a PCI bus at all (some ARM boards) has no /sys/bus/pci: no PCI devices. A
    // /sys/bus/pci without its `devices` directory is no kernel's doing (it is a partly recorded tree, or
    // sysfs refused us), so that is a failure to read, as is a missing /sys.
    const buses = await readdir(root.path('sys', 'bus')).catch(() => null);
    if (buses !== null && !buses.includes('pci')) return { ok: true, entries: [] };
    return { ok: false, reason: describeIoError(dir, error) };
  }
}

/** "0x8086" → "8086", "0x028000" → "028000"; null when absent or not hex. */
function hexAttribute(value: string | null, digits: number): string | null {
  const match = value?.match(/^0x([0-9a-f]+)$/i);
  return match?.[1] ? match[1].toLowerCase().padStart(digits, '0') : null;
}

async function readDevice(root: MachineRoot, slot: string): Promise<PciDeviceFact | null> {
  const link = [...segmentsOf(DEVICES_DIR), slot];
  const sysfsPath = await resolveLink(root, ...link);
  if (sysfsPath === null) return null;
  const at = segmentsOf(sysfsPath);
  const [vendor, device, classCode, subsystemVendor, subsystemDevice, driver] = await Promise.all([
    readAttribute(root, ...at, 'vendor'),
    readAttribute(root, ...at, 'device'),
    readAttribute(root, ...at, 'class'),
    readAttribute(root, ...at, 'subsystem_vendor'),
    readAttribute(root, ...at, 'subsystem_device'),
    linkName(root, ...at, 'driver'),
  ]);
  const vendorId = hexAttribute(vendor, 4);
  const deviceId = hexAttribute(device, 4);
  const code = hexAttribute(classCode, 6);
  // Without ids and class there is nothing to judge; the kernel always writes all three for a device.
  if (vendorId === null || deviceId === null || code === null) return null;
  return {
    slot,
    vendorId,
    deviceId,
    classCode: code,
    subsystemVendorId: hexAttribute(subsystemVendor, 4),
    subsystemDeviceId: hexAttribute(subsystemDevice, 4),
    driver,
    sysfsPath,
  };
}
