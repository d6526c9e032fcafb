// Get-NetAdapter (MSFT_NetAdapter), shared by the radios and interfaces probes so that both read the same
// recorded output. Which medium an adapter is on comes from NdisPhysicalMedium (the NDIS_PHYSICAL_MEDIUM
// enumeration) or its display form PhysicalMediaType; hidden adapters (Wi-Fi Direct virtual adapters, WAN
// miniports) are not listed, as without -IncludeHidden.

import { enumOf, type JsonRecord, numberOf } from './powershell-json';
import type { PowerShellCommand } from './powershell-runner';
import { toJson } from './read-commands';

export const GET_NET_ADAPTER: PowerShellCommand = {
  name: 'Get-NetAdapter',
  script: toJson(
    'Get-NetAdapter | Select-Object Name, InterfaceDescription, InterfaceIndex, PnPDeviceID, MacAddress, ' +
      'Status, MediaType, PhysicalMediaType, NdisPhysicalMedium, InterfaceType, Virtual, HardwareInterface, ' +
      'DriverFileName',
  ),
};

/** NDIS_PHYSICAL_MEDIUM values (ntddndis.h) that matter here. */
const NDIS_PHYSICAL_MEDIUM: Readonly<Record<number, string>> = {
  0: 'Unspecified',
  1: 'Wireless LAN',
  8: 'Wireless WAN',
  9: 'Native 802.11',
  10: 'BlueTooth',
  14: '802.3',
};

export type AdapterMedium = 'wifi' | 'wwan' | 'bluetooth' | 'ethernet' | 'other';

export function adapterMedium(adapter: JsonRecord): AdapterMedium {
  const medium =
    enumOf(adapter, 'PhysicalMediaType', {}) ?? enumOf(adapter, 'NdisPhysicalMedium', NDIS_PHYSICAL_MEDIUM);
  const byNumber = numberOf(adapter, 'NdisPhysicalMedium');
  const name = (medium ?? '').toLowerCase();
  if (name === 'native 802.11' || name === 'wireless lan' || byNumber === 9 || byNumber === 1) return 'wifi';
  if (name === 'wireless wan' || byNumber === 8) return 'wwan';
  if (name === 'bluetooth' || byNumber === 10) return 'bluetooth';
  if (name === '802.3' || byNumber === 14) return 'ethernet';
  return 'other';
}
