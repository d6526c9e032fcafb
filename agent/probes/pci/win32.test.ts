// Against PowerShell outputs constructed from Microsoft's documentation (test/fixtures/powershell/README.md).

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { windowsPciProbe } from './win32';

describe('windows PCI probe', () => {
  it('reads ids, class code, subsystem and slot of each PCI device', async () => {
    const { run } = recordedPowerShell({ 'Get-PnpDevice (PCI)': 'get-pnpdevice-pci-laptop.json' });
    const result = await windowsPciProbe(run).read(machineRoot('/'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.devices).toEqual([
      {
        slot: '0000:02:00.0',
        vendorId: '8086',
        deviceId: '2723',
        classCode: '028000',
        subsystemVendorId: '8086',
        subsystemDeviceId: '0084',
        driver: 'Netwtw10',
        sysfsPath: 'PCI\\VEN_8086&DEV_2723&SUBSYS_00848086&REV_1A\\4&2B4C1F7&0&00E4',
      },
      {
        slot: '0000:00:14.0',
        vendorId: '8086',
        deviceId: 'a36d',
        classCode: '0c0330',
        subsystemVendorId: '17aa',
        subsystemDeviceId: '312e',
        driver: 'USBXHCI',
        sysfsPath: 'PCI\\VEN_8086&DEV_A36D&SUBSYS_312E17AA&REV_10\\3&11583659&0&A0',
      },
    ]);
  });

  it('fails with the reason when Get-PnpDevice fails', async () => {
    const { run } = recordedPowerShell({
      'Get-PnpDevice (PCI)': { ok: false, reason: 'Get-PnpDevice (PCI): boom' },
    });
    expect(await windowsPciProbe(run).read(machineRoot('/'))).toMatchObject({
      ok: false,
      reason: 'Get-PnpDevice (PCI): boom',
    });
  });
});
