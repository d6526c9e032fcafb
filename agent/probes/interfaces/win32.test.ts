// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md).

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { windowsInterfacesProbe } from './win32';

const root = machineRoot('/');

describe('windows interfaces probe', () => {
  it('names each adapter with its kind, state, MAC, addresses and bus', async () => {
    const { run } = recordedPowerShell({
      'Get-NetAdapter': 'get-netadapter-laptop.json',
      'Get-NetIPAddress': 'get-netipaddress-laptop.json',
    });
    const result = await windowsInterfacesProbe(run).read(root);
    if (!result.ok) throw new Error(result.reason);
    const summary = result.facts.interfaces.map((face) => [face.name, face.kind, face.operState, face.bus]);
    expect(summary).toEqual([
      ['以太网', 'ethernet', 'up', 'pci'],
      ['WLAN', 'wireless', 'disabled', 'pci'],
      ['手机网络', 'wwan', 'disconnected', 'usb'],
      ['蓝牙网络连接', 'other', 'disconnected', 'bth'],
      ['Loopback Pseudo-Interface 1', 'loopback', null, null],
    ]);
    const ethernet = result.facts.interfaces[0]!;
    expect(ethernet).toMatchObject({
      mac: '8c:16:45:12:34:56',
      addresses: ['fe80::8e16:45ff:fe12:3456/64', '10.20.3.17/16'],
      driver: 'e1d68x64',
      arpType: null,
      usbDevice: null,
    });
    expect(result.facts.interfaces[2]!.usbDevice).toEqual({
      busPath: 'USB\\VID_2CB7&PID_0007&MI_00\\7&1D2E3F4&0&0000',
      vendorId: '2cb7',
      productId: '0007',
      serial: null,
      product: null,
    });
    expect(result.facts.interfaces[4]!.addresses).toEqual(['::1/128', '127.0.0.1/8']);
  });

  it('fails with the reason when Get-NetIPAddress fails', async () => {
    const { run } = recordedPowerShell({
      'Get-NetAdapter': 'get-netadapter-laptop.json',
      'Get-NetIPAddress': {
        ok: false,
        reason: 'Get-NetIPAddress: powershell.exe did not finish within 30000 ms',
      },
    });
    expect(await windowsInterfacesProbe(run).read(root)).toMatchObject({
      ok: false,
      reason: 'Get-NetIPAddress: powershell.exe did not finish within 30000 ms',
    });
  });
});
