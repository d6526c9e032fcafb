// Radios on Windows. Wi-Fi and mobile broadband are network adapters whose physical medium says so
// (Get-NetAdapter: "Native 802.11", "Wireless WAN"); a Bluetooth controller is a present PnP device of
// class Bluetooth on a hardware bus. An adapter that is disabled or a radio that is switched off is still
// listed (Status "Disabled", "Disconnected"), and still fails 3.7.8, as on Linux.
//
// rfkill is null: Windows keeps the radio on/off switch in the Radio Management API, which no cmdlet
// reads; being listed is what the rule judges. A Wi-Fi card without its driver has no adapter and no
// class; the pci probe still shows it by class code 0280.

import type { RadioFact, RadiosFacts } from '../../facts';
import type { Probe } from '../probe';
import { adapterMedium, GET_NET_ADAPTER } from '../windows/net-adapter';
import { hexId, parseInstanceId } from '../windows/pnp-device-id';
import { type JsonRecord, textOf } from '../windows/powershell-json';
import type { PowerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { windowsProbe } from '../windows/windows-probe';

export const RADIO_COMMANDS = {
  pnp: {
    name: 'Get-PnpDevice (Bluetooth, Net)',
    script: toJson(
      "Get-PnpDevice -PresentOnly | Where-Object { $_.Class -in 'Bluetooth', 'Net' } | " +
        'Select-Object InstanceId, Class, FriendlyName, Service, Status',
    ),
  },
  adapters: GET_NET_ADAPTER,
} as const;

const SOURCES = ['Get-NetAdapter', 'Get-PnpDevice -Class Bluetooth'];

/**
 * Enumerators below a Bluetooth controller: paired devices and their services (BTHENUM, BTHLE,
 * BTHLEDEVICE), the stack's own enumerators (BTH), software devices (SWD, ROOT). None is a radio itself.
 */
const NOT_A_RADIO_ENUMERATORS = new Set(['bthenum', 'bthle', 'bthledevice', 'bth', 'swd', 'root']);

export function windowsRadiosProbe(run?: PowerShellRunner): Probe<'radios'> {
  return windowsProbe(
    {
      fact: 'radios',
      source: SOURCES.join(', '),
      commands: RADIO_COMMANDS,
      build: (records) => radiosFacts(records.pnp, records.adapters),
    },
    run,
  );
}

function radiosFacts(pnp: JsonRecord[], adapters: JsonRecord[]): RadiosFacts {
  const radios: RadioFact[] = [];
  for (const adapter of adapters) {
    const medium = adapterMedium(adapter);
    if (medium !== 'wifi' && medium !== 'wwan') continue;
    const name = textOf(adapter, 'Name') ?? textOf(adapter, 'InterfaceDescription') ?? 'unnamed adapter';
    const devicePath = textOf(adapter, 'PnPDeviceID');
    const device = pnp.find((entry) => sameId(textOf(entry, 'InstanceId'), devicePath));
    radios.push({
      kind: medium,
      name,
      interfaces: [name],
      driver: (device && textOf(device, 'Service')) ?? driverOfFile(textOf(adapter, 'DriverFileName')),
      ...hardware(devicePath),
      rfkill: null,
    });
  }
  for (const entry of pnp) {
    if (textOf(entry, 'Class')?.toLowerCase() !== 'bluetooth') continue;
    const instanceId = textOf(entry, 'InstanceId');
    const id = instanceId === null ? null : parseInstanceId(instanceId);
    if (id === null || NOT_A_RADIO_ENUMERATORS.has(id.enumerator)) continue;
    radios.push({
      kind: 'bluetooth',
      name: textOf(entry, 'FriendlyName') ?? instanceId!,
      interfaces: [],
      driver: textOf(entry, 'Service'),
      ...hardware(instanceId),
      rfkill: null,
    });
  }
  return { radios, sources: SOURCES };
}

function sameId(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.toUpperCase() === b.toUpperCase();
}

/** "Netwtw10.sys" → "Netwtw10", the service name Windows usually gives the driver. */
function driverOfFile(file: string | null): string | null {
  return file === null ? null : file.replace(/\.sys$/i, '');
}

function hardware(
  instanceId: string | null,
): Pick<RadioFact, 'bus' | 'devicePath' | 'vendorId' | 'productId'> {
  const id = instanceId === null ? null : parseInstanceId(instanceId);
  return {
    bus: id?.enumerator ?? null,
    devicePath: instanceId,
    vendorId: hexId(id, 'VID') ?? hexId(id, 'VEN'),
    productId: hexId(id, 'PID') ?? hexId(id, 'DEV'),
  };
}
