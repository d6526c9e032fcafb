// USB devices on Windows, from Plug and Play: every present device the USB hub driver enumerated
// ("USB\..." instance ids: whole devices, and the &MI_xx interfaces of composite ones), the USB storage
// disks below them ("USBSTOR\..."), and Win32_DiskDrive for which physical drive each disk is.
//
// What Windows does not give the way sysfs does, and how the facts say so:
//   busPath, sysfsPath  the PnP instance id ("USB\VID_0951&PID_1666\60A44C413D5E"), the stable name Windows
//                       gives the device; a device without a serial gets one that encodes its port.
//   deviceClass         only known for composite devices ("USB\DevClass_xx"); "" otherwise, because the
//                       "USB\Class_xx" of a one-function device is its device class or, when that is 0,
//                       its interface's, and Windows does not say which.
//   manufacturer        null: Win32_PnPEntity.Manufacturer is the driver package's vendor, not the device's.
//   product             DEVPKEY_Device_BusReportedDeviceDesc, the device's own product string.
//   speedMbps           null: not exposed through PnP properties.
// Root hubs ("USB\ROOT_HUB30\...") have no vendor or product id and are left out; their host controllers
// are PCI devices.

import type { UsbDeviceFact, UsbFacts, UsbInterfaceFact } from '../../facts';
import type { Probe } from '../probe';
import {
  hexId,
  type PnpInstanceId,
  parseInstanceId,
  usbClassOf,
  usbDeviceClassOf,
  usbSerialOf,
} from '../windows/pnp-device-id';
import { type JsonRecord, textListOf, textOf } from '../windows/powershell-json';
import type { PowerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { windowsProbe } from '../windows/windows-probe';

export const USB_COMMANDS = {
  pnp: {
    name: 'Get-PnpDevice',
    script: `$keys = 'DEVPKEY_Device_Parent', 'DEVPKEY_Device_BusReportedDeviceDesc';
      $present = Get-PnpDevice -PresentOnly | Where-Object { $_.InstanceId -like 'USB\\*' -or $_.InstanceId -like 'USBSTOR\\*' };
      ${toJson(`foreach ($d in $present) {
        $p = @{}; Get-PnpDeviceProperty -InstanceId $d.InstanceId -KeyName $keys -ErrorAction SilentlyContinue | ForEach-Object { $p[$_.KeyName] = $_.Data };
        [pscustomobject]@{ InstanceId = $d.InstanceId; Class = $d.Class; FriendlyName = $d.FriendlyName;
          Service = $d.Service; Status = $d.Status; CompatibleID = $d.CompatibleID;
          Parent = $p['DEVPKEY_Device_Parent']; BusReportedDeviceDesc = $p['DEVPKEY_Device_BusReportedDeviceDesc'] } }`)}`,
  },
  disks: {
    name: 'Win32_DiskDrive',
    script: toJson(
      `Get-CimInstance -ClassName Win32_DiskDrive -Filter "InterfaceType='USB'" | Select-Object DeviceID, PNPDeviceID, SerialNumber, Model, InterfaceType`,
    ),
  },
} as const;

const SOURCE = 'Get-PnpDevice (USB, USBSTOR), Win32_DiskDrive';

interface PnpEntry {
  record: JsonRecord;
  instanceId: string;
  id: PnpInstanceId;
  parent: string | null;
}

export function windowsUsbProbe(run?: PowerShellRunner): Probe<'usb'> {
  return windowsProbe(
    { fact: 'usb', source: SOURCE, commands: USB_COMMANDS, build: (r) => usbFacts(r.pnp, r.disks) },
    run,
  );
}

function usbFacts(pnpRecords: JsonRecord[], diskRecords: JsonRecord[]): UsbFacts {
  const entries = pnpRecords.flatMap((record): PnpEntry[] => {
    const instanceId = textOf(record, 'InstanceId');
    const id = instanceId === null ? null : parseInstanceId(instanceId);
    if (instanceId === null || id === null) return [];
    return [{ record, instanceId, id, parent: textOf(record, 'Parent') }];
  });
  const devices = entries.filter(
    (entry) =>
      entry.id.enumerator === 'usb' &&
      !entry.id.fields.has('MI') &&
      hexId(entry.id, 'VID') !== null &&
      hexId(entry.id, 'PID') !== null,
  );
  const functions = entries.filter((entry) => entry.id.enumerator === 'usb' && entry.id.fields.has('MI'));
  const storage = entries.filter((entry) => entry.id.enumerator === 'usbstor');
  return { devices: devices.map((device) => usbDevice(device, functions, storage, diskRecords)) };
}

/** Instance ids are case-insensitive; DEVPKEY_Device_Parent is not always cased like InstanceId. */
function sameId(a: string | null, b: string): boolean {
  return a !== null && a.toUpperCase() === b.toUpperCase();
}

function usbDevice(
  device: PnpEntry,
  functions: PnpEntry[],
  storage: PnpEntry[],
  diskRecords: JsonRecord[],
): UsbDeviceFact {
  const compatibleIds = textListOf(device.record, 'CompatibleID');
  const children = functions.filter((entry) => sameId(entry.parent, device.instanceId));
  const interfaces = children.length > 0 ? children.map(usbInterface) : [usbInterface(device)];
  const disks = storage.filter((entry) => sameId(entry.parent, device.instanceId));
  const blockDevices = disks
    .flatMap((disk) =>
      diskRecords
        .filter((record) => sameId(textOf(record, 'PNPDeviceID'), disk.instanceId))
        .map((record) => textOf(record, 'DeviceID')),
    )
    .filter((name): name is string => name !== null)
    .sort();
  return {
    busPath: device.instanceId,
    sysfsPath: device.instanceId,
    vendorId: hexId(device.id, 'VID')!,
    productId: hexId(device.id, 'PID')!,
    deviceClass: usbDeviceClassOf(compatibleIds) ?? '',
    manufacturer: null,
    product: textOf(device.record, 'BusReportedDeviceDesc'),
    serial: usbSerialOf(device.id),
    speedMbps: null,
    interfaces,
    blockDevices,
  };
}

function usbInterface(entry: PnpEntry): UsbInterfaceFact {
  const triple = usbClassOf(textListOf(entry.record, 'CompatibleID'));
  return {
    name: entry.instanceId,
    interfaceClass: triple?.interfaceClass ?? '',
    interfaceSubClass: triple?.interfaceSubClass ?? '',
    interfaceProtocol: triple?.interfaceProtocol ?? '',
    driver: textOf(entry.record, 'Service'),
    // Windows keeps the interface string descriptor only as the function's bus-reported description, and
    // composite drivers fill that with the device's product string when the interface has none.
    interfaceName: null,
  };
}
