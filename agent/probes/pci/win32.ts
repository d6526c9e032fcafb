// PCI devices on Windows: present PnP devices on the PCI enumerator ("PCI\VEN_8086&DEV_2723&SUBSYS_
// 00848086&REV_1A\…"), the class code from their compatible ids ("PCI\CC_028000"), and the slot from
// DEVPKEY_Device_BusNumber and DEVPKEY_Device_Address (device number in the high word, function in the
// low word, per the PCI bus driver). Windows does not expose the PCI segment: it is written as 0000.
// sysfsPath holds the instance id, Windows' stable name for the device.

import type { PciDeviceFact, PciFacts } from '../../facts';
import type { Probe } from '../probe';
import { hexId, parseInstanceId, pciClassCodeOf } from '../windows/pnp-device-id';
import { type JsonRecord, numberOf, textListOf, textOf } from '../windows/powershell-json';
import type { PowerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { windowsProbe } from '../windows/windows-probe';

export const PCI_COMMANDS = {
  pnp: {
    name: 'Get-PnpDevice (PCI)',
    script: `$keys = 'DEVPKEY_Device_BusNumber', 'DEVPKEY_Device_Address';
      $present = Get-PnpDevice -PresentOnly | Where-Object { $_.InstanceId -like 'PCI\\*' };
      ${toJson(`foreach ($d in $present) {
        $p = @{}; Get-PnpDeviceProperty -InstanceId $d.InstanceId -KeyName $keys -ErrorAction SilentlyContinue | ForEach-Object { $p[$_.KeyName] = $_.Data };
        [pscustomobject]@{ InstanceId = $d.InstanceId; Class = $d.Class; FriendlyName = $d.FriendlyName;
          Service = $d.Service; CompatibleID = $d.CompatibleID;
          BusNumber = $p['DEVPKEY_Device_BusNumber']; Address = $p['DEVPKEY_Device_Address'] } }`)}`,
  },
} as const;

export function windowsPciProbe(run?: PowerShellRunner): Probe<'pci'> {
  return windowsProbe(
    {
      fact: 'pci',
      source: 'Get-PnpDevice (PCI), Get-PnpDeviceProperty',
      commands: PCI_COMMANDS,
      build: (records): PciFacts => ({ devices: records.pnp.flatMap(pciDevice) }),
    },
    run,
  );
}

function pciDevice(record: JsonRecord): PciDeviceFact[] {
  const instanceId = textOf(record, 'InstanceId');
  const id = instanceId === null ? null : parseInstanceId(instanceId);
  const vendorId = hexId(id, 'VEN');
  const deviceId = hexId(id, 'DEV');
  if (id === null || vendorId === null || deviceId === null) return [];
  // SUBSYS_00848086 is the subsystem device id (0084) followed by the subsystem vendor id (8086).
  const subsystem = id.fields.get('SUBSYS');
  const validSubsystem =
    subsystem !== undefined && /^[0-9A-Fa-f]{8}$/.test(subsystem) ? subsystem.toLowerCase() : null;
  return [
    {
      slot: slotOf(numberOf(record, 'BusNumber'), numberOf(record, 'Address')),
      vendorId,
      deviceId,
      classCode: pciClassCodeOf(textListOf(record, 'CompatibleID')) ?? '',
      subsystemVendorId: validSubsystem?.slice(4) ?? null,
      subsystemDeviceId: validSubsystem?.slice(0, 4) ?? null,
      driver: textOf(record, 'Service'),
      sysfsPath: instanceId!,
    },
  ];
}

/** Bus 0, address 0x140003 → "0000:00:14.3"; "" when Windows did not give both. */
function slotOf(bus: number | null, address: number | null): string {
  if (bus === null || address === null) return '';
  const hex = (value: number, width: number) => value.toString(16).padStart(width, '0');
  return `0000:${hex(bus, 2)}:${hex(address >>> 16, 2)}.${(address & 0xffff).toString(16)}`;
}
