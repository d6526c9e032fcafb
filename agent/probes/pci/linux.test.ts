// Against test/fixtures/roots/usb-stick-in-and-out, recorded from a real Linux 6.1 kernel in a QEMU guest
// (test/kernel/scenarios/usb-stick-in-and-out.sh records /sys/bus/pci). The expected ids are QEMU's own
// for its i440fx machine, virtio-net, 9p and qemu-xhci devices, not the probe's output. QEMU has no
// wireless PCI controller, so the wireless classes are judged on facts in agent/checks/wireless-radios.test.ts.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { linuxPciProbe } from './linux';

const ROOTS = path.resolve(__dirname, '../../../test/fixtures/roots');

describe('linux PCI probe', () => {
  it('lists every function on the bus with ids, class, subsystem ids and driver', async () => {
    const result = await linuxPciProbe.read(machineRoot(path.join(ROOTS, 'usb-stick-in-and-out')));
    if (!result.ok) throw new Error(result.reason);
    expect(result.source).toBe('/sys/bus/pci/devices');
    const summary = result.facts.devices.map((d) => `${d.slot} ${d.vendorId}:${d.deviceId} ${d.classCode}`);
    expect(summary).toEqual([
      '0000:00:00.0 8086:1237 060000',
      '0000:00:01.0 8086:7000 060100',
      '0000:00:01.1 8086:7010 010180',
      '0000:00:01.3 8086:7113 068000',
      '0000:00:02.0 1234:1111 030000',
      '0000:00:03.0 1af4:1000 020000',
      '0000:00:04.0 1af4:1009 000200',
      '0000:00:05.0 1b36:000d 0c0330',
    ]);
    const xhci = result.facts.devices.find((device) => device.slot === '0000:00:05.0');
    expect(xhci).toMatchObject({
      driver: 'xhci_hcd',
      subsystemVendorId: '1af4',
      subsystemDeviceId: '1100',
      sysfsPath: '/sys/devices/pci0000:00/0000:00:05.0',
    });
    // The host bridge has no driver bound: a device without a driver is listed all the same.
    expect(result.facts.devices[0]?.driver).toBeNull();
  });

  it('fails to read a root whose /sys/bus/pci has no devices directory (a partly recorded tree)', async () => {
    const result = await linuxPciProbe.read(machineRoot(path.join(ROOTS, 'usb-storage-qemu')));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/sys\/bus\/pci\/devices: ENOENT/);
  });

  it('fails to read a root with no sysfs, and reads a kernel without a PCI bus as no devices', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-pci-'));
    try {
      const missing = await linuxPciProbe.read(machineRoot(dir));
      expect(missing.ok).toBe(false);
      if (!missing.ok) expect(missing.reason).toMatch(/ENOENT/);
      await mkdir(path.join(dir, 'sys', 'bus', 'usb'), { recursive: true });
      const noPci = await linuxPciProbe.read(machineRoot(dir));
      expect(noPci).toMatchObject({ ok: true, facts: { devices: [] } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
