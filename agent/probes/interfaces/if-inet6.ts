// IPv6 addresses per interface from /proc/net/if_inet6 (net/ipv6/addrconf.c, if6_seq_show):
// "address(32 hex, in order) ifindex prefix-length scope flags ifname", all numbers in hex.

import { formatIpv6, inOrderBytes } from '../network/proc-net-address';
import { malformed, type Parsed } from '../network/proc-net-line';

export interface Ipv6Address {
  interface: string;
  /** "fe80::5054:ff:fe12:3456/64" */
  cidr: string;
}

export function parseIfInet6(text: string, file: string): Parsed<Ipv6Address[]> {
  const addresses: Ipv6Address[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const bytes = inOrderBytes(fields[0] ?? '');
    const prefix = /^[0-9a-fA-F]{2}$/.test(fields[2] ?? '') ? Number.parseInt(fields[2]!, 16) : null;
    if (fields.length !== 6 || bytes === null || prefix === null || prefix > 128) {
      return { ok: false, reason: malformed(file, index, line) };
    }
    addresses.push({ interface: fields[5]!, cidr: `${formatIpv6(bytes)}/${prefix}` });
  }
  return { ok: true, value: addresses };
}
