// Network interfaces on Windows: Get-NetAdapter for the adapters and Get-NetIPAddress for their addresses.
// The loopback pseudo-interface is not an adapter; it appears through its addresses alone.
//
// kind comes from the adapter's IANA ifType (MSFT_NetAdapter.InterfaceType) and physical medium;
// arpType is null because it is a Linux ARPHRD number, which Windows does not have.

import type { InterfaceKind, InterfacesFacts, NetInterfaceFact } from '../../facts';
import type { Probe } from '../probe';
import { adapterMedium, GET_NET_ADAPTER } from '../windows/net-adapter';
import { hexId, parseInstanceId, usbSerialOf } from '../windows/pnp-device-id';
import { booleanOf, type JsonRecord, numberOf, textOf } from '../windows/powershell-json';
import type { PowerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { windowsProbe } from '../windows/windows-probe';

export const INTERFACE_COMMANDS = {
  adapters: GET_NET_ADAPTER,
  addresses: {
    name: 'Get-NetIPAddress',
    script: toJson(
      'Get-NetIPAddress -PolicyStore ActiveStore | ' +
        'Select-Object IPAddress, PrefixLength, InterfaceAlias, InterfaceIndex, AddressFamily',
    ),
  },
} as const;

/** IANA ifType numbers (RFC 2863 / IANAifType-MIB) that Windows reports for adapters. */
const KIND_BY_IF_TYPE: Readonly<Record<number, InterfaceKind>> = {
  6: 'ethernet',
  23: 'ppp',
  24: 'loopback',
  53: 'virtual',
  71: 'wireless',
  131: 'tun',
  135: 'vlan',
  161: 'bond',
  209: 'bridge',
  243: 'wwan',
  244: 'wwan',
};

export function windowsInterfacesProbe(run?: PowerShellRunner): Probe<'interfaces'> {
  return windowsProbe(
    {
      fact: 'interfaces',
      source: 'Get-NetAdapter, Get-NetIPAddress',
      commands: INTERFACE_COMMANDS,
      build: (records) => interfacesFacts(records.adapters, records.addresses),
    },
    run,
  );
}

function interfacesFacts(adapters: JsonRecord[], addresses: JsonRecord[]): InterfacesFacts {
  const addressesOf = (index: number | null, alias: string | null) =>
    addresses
      .filter((address) =>
        index !== null
          ? numberOf(address, 'InterfaceIndex') === index
          : textOf(address, 'InterfaceAlias') === alias,
      )
      .flatMap(cidr);
  const interfaces: NetInterfaceFact[] = adapters.map((adapter) => {
    const name = textOf(adapter, 'Name') ?? textOf(adapter, 'InterfaceDescription') ?? 'unnamed adapter';
    const pnpId = textOf(adapter, 'PnPDeviceID');
    const id = pnpId === null ? null : parseInstanceId(pnpId);
    return {
      name,
      kind: adapterKind(adapter),
      arpType: null,
      operState: textOf(adapter, 'Status')?.toLowerCase() ?? null,
      mac: macOf(textOf(adapter, 'MacAddress')),
      addresses: addressesOf(numberOf(adapter, 'InterfaceIndex'), name),
      driver: textOf(adapter, 'DriverFileName')?.replace(/\.sys$/i, '') ?? null,
      bus:
        id === null ? null : id.enumerator === 'root' || id.enumerator === 'swd' ? 'virtual' : id.enumerator,
      usbDevice: usbDeviceOf(pnpId),
    };
  });
  const known = new Set(adapters.map((adapter) => numberOf(adapter, 'InterfaceIndex')));
  const others = new Map<number, string>();
  for (const address of addresses) {
    const index = numberOf(address, 'InterfaceIndex');
    if (index !== null && !known.has(index))
      others.set(index, textOf(address, 'InterfaceAlias') ?? `ifIndex ${index}`);
  }
  for (const [index, name] of others) {
    const own = addressesOf(index, name);
    interfaces.push({
      name,
      kind: own.every((address) => address.startsWith('127.') || address.startsWith('::1/'))
        ? 'loopback'
        : 'other',
      arpType: null,
      operState: null,
      mac: null,
      addresses: own,
      driver: null,
      bus: null,
      usbDevice: null,
    });
  }
  return { interfaces };
}

function adapterKind(adapter: JsonRecord): InterfaceKind {
  const medium = adapterMedium(adapter);
  if (medium === 'wifi') return 'wireless';
  if (medium === 'wwan') return 'wwan';
  // A Bluetooth PAN adapter says ifType 6 (Ethernet) but is no cable.
  if (medium === 'bluetooth') return 'other';
  const kind = KIND_BY_IF_TYPE[numberOf(adapter, 'InterfaceType') ?? -1] ?? 'other';
  // Hyper-V's vEthernet and other software adapters also say Ethernet; HardwareInterface tells them apart.
  if (kind === 'ethernet' && booleanOf(adapter, 'HardwareInterface') === false) return 'virtual';
  return kind;
}

/** "fe80::1%12" with prefix 64 → "fe80::1/64": the zone index is Windows' interface number, not address. */
function cidr(address: JsonRecord): string[] {
  const ip = textOf(address, 'IPAddress')?.replace(/%.*$/, '');
  const prefix = numberOf(address, 'PrefixLength');
  return ip === undefined || prefix === null ? [] : [`${ip}/${prefix}`];
}

/** "8C-16-45-12-34-56" → "8c:16:45:12:34:56", as Linux writes it. */
function macOf(mac: string | null): string | null {
  if (mac === null || !/^([0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}$/.test(mac)) return null;
  return mac.replace(/-/g, ':').toLowerCase();
}

function usbDeviceOf(pnpId: string | null): NetInterfaceFact['usbDevice'] {
  const id = pnpId === null ? null : parseInstanceId(pnpId);
  if (id === null || id.enumerator !== 'usb') return null;
  const vendorId = hexId(id, 'VID');
  const productId = hexId(id, 'PID');
  if (vendorId === null || productId === null) return null;
  // An interface of a composite device (&MI_xx) carries no serial; its parent's is not read here.
  return { busPath: pnpId!, vendorId, productId, serial: usbSerialOf(id), product: null };
}
