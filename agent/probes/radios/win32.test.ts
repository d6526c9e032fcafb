// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md).

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { windowsRadiosProbe } from './win32';

const root = machineRoot('/');

describe('windows radios probe', () => {
  it('finds the disabled Wi-Fi card, the mobile broadband modem and the Bluetooth controller', async () => {
    const { run } = recordedPowerShell({
      'Get-PnpDevice (Bluetooth, Net)': 'get-pnpdevice-radios-laptop.json',
      'Get-NetAdapter': 'get-netadapter-laptop.json',
    });
    const result = await windowsRadiosProbe(run).read(root);
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.radios).toEqual([
      {
        kind: 'wifi',
        name: 'WLAN',
        interfaces: ['WLAN'],
        driver: 'Netwtw10',
        bus: 'pci',
        devicePath: 'PCI\\VEN_8086&DEV_2723&SUBSYS_00848086&REV_1A\\4&2B4C1F7&0&00E4',
        vendorId: '8086',
        productId: '2723',
        rfkill: null,
      },
      {
        kind: 'wwan',
        name: '手机网络',
        interfaces: ['手机网络'],
        driver: 'WmbClass',
        bus: 'usb',
        devicePath: 'USB\\VID_2CB7&PID_0007&MI_00\\7&1D2E3F4&0&0000',
        vendorId: '2cb7',
        productId: '0007',
        rfkill: null,
      },
      // The Bluetooth enumerators, the paired headset and the PAN adapter are not radios themselves.
      {
        kind: 'bluetooth',
        name: 'Intel(R) Wireless Bluetooth(R)',
        interfaces: [],
        driver: 'BTHUSB',
        bus: 'usb',
        devicePath: 'USB\\VID_8087&PID_0029\\5&1A2B3C4D&0&10',
        vendorId: '8087',
        productId: '0029',
        rfkill: null,
      },
    ]);
    expect(result.facts.sources).toEqual(['Get-NetAdapter', 'Get-PnpDevice -Class Bluetooth']);
  });

  it('finds no radio on a desktop with one Ethernet card', async () => {
    const { run } = recordedPowerShell({
      'Get-PnpDevice (Bluetooth, Net)': 'get-pnpdevice-radios-desktop.json',
      'Get-NetAdapter': 'get-netadapter-desktop.json',
    });
    expect(await windowsRadiosProbe(run).read(root)).toMatchObject({ ok: true, facts: { radios: [] } });
  });

  it('fails with the reason when Get-NetAdapter fails', async () => {
    const { run } = recordedPowerShell({
      'Get-PnpDevice (Bluetooth, Net)': 'get-pnpdevice-radios-desktop.json',
      'Get-NetAdapter': { ok: false, reason: 'Get-NetAdapter: powershell.exe exited with 1: Access denied' },
    });
    expect(await windowsRadiosProbe(run).read(root)).toMatchObject({
      ok: false,
      reason: 'Get-NetAdapter: powershell.exe exited with 1: Access denied',
    });
  });
});
