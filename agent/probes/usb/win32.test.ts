// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md):
// the ids, serial and classes expected here are the ones written into those fixtures by hand.

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { windowsUsbProbe } from './win32';

const root = machineRoot('/');

describe('windows USB probe', () => {
  it('sees the Kingston stick with its serial, mass-storage interface and physical drive', async () => {
    const { run } = recordedPowerShell({
      'Get-PnpDevice': 'get-pnpdevice-usb-stick-and-receiver.json',
      Win32_DiskDrive: 'win32-diskdrive-usb-stick.json',
    });
    const result = await windowsUsbProbe(run).read(root);
    if (!result.ok) throw new Error(result.reason);
    const devices = result.facts.devices;
    // The root hub has no vendor id and is left out; the hub, the stick and the receiver remain.
    expect(devices.map((device) => `${device.vendorId}:${device.productId}`)).toEqual([
      '05e3:0610',
      '0951:1666',
      '046d:c52b',
    ]);
    const stick = devices[1]!;
    expect(stick).toMatchObject({
      busPath: 'USB\\VID_0951&PID_1666\\60A44C413D5EE3B1B9560E8B',
      serial: '60A44C413D5EE3B1B9560E8B',
      product: 'DataTraveler 3.0',
      manufacturer: null,
      deviceClass: '',
      blockDevices: ['\\\\.\\PHYSICALDRIVE1'],
    });
    expect(stick.interfaces).toEqual([
      {
        name: 'USB\\VID_0951&PID_1666\\60A44C413D5EE3B1B9560E8B',
        interfaceClass: '08',
        interfaceSubClass: '06',
        interfaceProtocol: '50',
        driver: 'USBSTOR',
        interfaceName: null,
      },
    ]);
  });

  it('gives the composite receiver its three HID interfaces and no serial', async () => {
    const { run } = recordedPowerShell({
      'Get-PnpDevice': 'get-pnpdevice-usb-stick-and-receiver.json',
      Win32_DiskDrive: 'win32-diskdrive-usb-stick.json',
    });
    const result = await windowsUsbProbe(run).read(root);
    if (!result.ok) throw new Error(result.reason);
    const receiver = result.facts.devices.find((device) => device.productId === 'c52b')!;
    // "6&1B4B4D2B&0&3" is an id Windows made up from the port: the receiver reports no serial.
    expect(receiver).toMatchObject({
      serial: null,
      deviceClass: '00',
      product: 'USB Receiver',
      blockDevices: [],
    });
    expect(
      receiver.interfaces.map((face) => [
        face.interfaceClass,
        face.interfaceSubClass,
        face.interfaceProtocol,
        face.driver,
      ]),
    ).toEqual([
      ['03', '01', '01', 'HidUsb'],
      ['03', '01', '02', 'HidUsb'],
      ['03', '00', '00', 'HidUsb'],
    ]);
    const hub = result.facts.devices.find((device) => device.vendorId === '05e3')!;
    expect(hub.interfaces.map((face) => face.interfaceClass)).toEqual(['09']);
  });

  it('finds no devices on a machine with only a root hub', async () => {
    const { run } = recordedPowerShell({
      'Get-PnpDevice': 'get-pnpdevice-usb-clean.json',
      Win32_DiskDrive: 'empty-list.json',
    });
    const result = await windowsUsbProbe(run).read(root);
    expect(result).toMatchObject({ ok: true, facts: { devices: [] } });
  });

  it('fails, naming the command, when a command fails or prints something else', async () => {
    const failed = recordedPowerShell({
      'Get-PnpDevice': {
        ok: false,
        reason: 'Get-PnpDevice: cannot run powershell.exe: spawn powershell.exe ENOENT',
      },
      Win32_DiskDrive: 'empty-list.json',
    });
    expect(await windowsUsbProbe(failed.run).read(root)).toMatchObject({
      ok: false,
      reason: 'Get-PnpDevice: cannot run powershell.exe: spawn powershell.exe ENOENT',
      source: 'Get-PnpDevice (USB, USBSTOR), Win32_DiskDrive',
    });
    const garbled = recordedPowerShell({
      'Get-PnpDevice': { ok: true, stdout: 'Get-PnpDevice : Access is denied.' },
      Win32_DiskDrive: 'empty-list.json',
    });
    const result = await windowsUsbProbe(garbled.run).read(root);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^Get-PnpDevice printed output that is not JSON/);
  });
});
