// Against machine roots recorded from a real Linux 6.1 kernel in a QEMU guest (test/kernel/record-roots.sh;
// each scenario script in test/kernel/scenarios/ says which devices it made). Expected ids, serials and
// names are the ones those scripts gave QEMU or the configfs gadgets, not the probe's own output.

import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { UsbDeviceFact } from '../../facts';
import { machineRoot } from '../machine-root';
import { linuxUsbProbe } from './linux';

const ROOTS = path.resolve(__dirname, '../../../test/fixtures/roots');

async function devicesOf(scenario: string): Promise<UsbDeviceFact[]> {
  const result = await linuxUsbProbe.read(machineRoot(path.join(ROOTS, scenario)));
  if (!result.ok) throw new Error(`expected facts from ${scenario}, got: ${result.reason}`);
  expect(result.source).toBe('/sys/bus/usb/devices');
  return result.facts.devices;
}

function byIds(devices: UsbDeviceFact[], vendorId: string, productId: string): UsbDeviceFact {
  const found = devices.filter((device) => device.vendorId === vendorId && device.productId === productId);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('linux USB probe', () => {
  it('finds only root hubs and no storage on the clean machine', async () => {
    const devices = await devicesOf('clean');
    expect(devices.length).toBeGreaterThan(0);
    for (const device of devices) {
      expect(device.deviceClass).toBe('09');
      expect(device.busPath).toMatch(/^usb\d+$/);
      expect(device.blockDevices).toEqual([]);
      expect(device.interfaces.map((face) => face.interfaceClass)).toEqual(['09']);
      expect(device.sysfsPath).toMatch(/^\/sys\/devices\//);
    }
  });

  it("sees QEMU's USB stick with its serial, mass-storage interface and disk", async () => {
    const devices = await devicesOf('usb-storage-qemu');
    const stick = byIds(devices, '46f4', '0001');
    expect(stick.serial).toBe('SHM0001STICK');
    expect(stick.busPath).toMatch(/^\d+-[\d.]+$/);
    expect(stick.sysfsPath.endsWith(`/${stick.busPath}`)).toBe(true);
    expect(stick.interfaces).toEqual([
      {
        name: `${stick.busPath}:1.0`,
        interfaceClass: '08',
        interfaceSubClass: '06',
        interfaceProtocol: '50',
        driver: 'usb-storage',
        // QEMU's stick has no interface string descriptor.
        interfaceName: null,
      },
    ]);
    expect(stick.blockDevices).toEqual(['sda']);
    // The keyboard on the same controller is HID and has no disk; its hub's disk is not its own.
    const keyboard = byIds(devices, '0627', '0001');
    expect(keyboard.interfaces.map((face) => [face.interfaceClass, face.driver])).toEqual([['03', 'usbhid']]);
    expect(keyboard.blockDevices).toEqual([]);
    for (const hub of devices.filter((device) => device.deviceClass === '09'))
      expect(hub.blockDevices).toEqual([]);
  });

  it('sees the gadget receiver as HID and the Kingston stick as storage', async () => {
    const devices = await devicesOf('gadget-receiver-and-stick');
    const receiver = byIds(devices, '046d', 'c52b');
    expect(receiver).toMatchObject({ manufacturer: 'Logitech', product: 'USB Receiver', speedMbps: 480 });
    expect(
      receiver.interfaces.map((face) => [
        face.interfaceClass,
        face.interfaceSubClass,
        face.interfaceProtocol,
      ]),
    ).toEqual([
      ['03', '01', '01'],
      ['03', '01', '02'],
    ]);
    const stick = byIds(devices, '0951', '1666');
    expect(stick).toMatchObject({
      manufacturer: 'Kingston',
      product: 'DataTraveler 3.0',
      serial: '60A44C413D5EF0B1A9A4',
    });
    expect(stick.interfaces.map((face) => [face.interfaceClass, face.driver])).toEqual([
      ['08', 'usb-storage'],
    ]);
    expect(stick.blockDevices).toHaveLength(1);
    expect(stick.blockDevices[0]).toMatch(/^sd[a-z]$/);
  });

  it('sees the tethering network device by its CDC interfaces (usb-net-tether)', async () => {
    const tether = byIds(await devicesOf('usb-net-tether'), '0525', 'a4a2');
    expect(tether.deviceClass).toBe('02');
    expect(tether.interfaces.map((face) => [face.name, face.interfaceClass, face.driver])).toEqual([
      [`${tether.busPath}:1.0`, '02', 'cdc_ether'],
      [`${tether.busPath}:1.1`, '0a', 'cdc_ether'],
    ]);
    expect(tether.blockDevices).toEqual([]);
  });

  it('fails naming the path and errno when the root does not exist', async () => {
    const missing = path.join(tmpdir(), 'shoumi-no-such-root');
    const result = await linuxUsbProbe.read(machineRoot(missing));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toBe(
      `cannot read ${missing}/sys/bus/usb/devices: ENOENT (no such file or directory)`,
    );
  });

  it('reports no devices on a kernel without a USB bus', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'shoumi-nousb-'));
    try {
      await mkdir(path.join(root, 'sys/bus/pci'), { recursive: true });
      expect(await linuxUsbProbe.read(machineRoot(root))).toMatchObject({ ok: true, facts: { devices: [] } });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
