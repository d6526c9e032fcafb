// Routing tables from /proc/net/route (IPv4, main table) and /proc/net/ipv6_route (IPv6, every table).
//
// A line we cannot parse fails the whole file rather than being skipped: a skipped line could be the very
// route a check is looking for, and a quiet gap would turn into a false pass. The kernel's format has not
// changed in twenty years, so a malformed line means a truncated read or a broken fixture, and the reason
// names the file and the line so that either is found at once.

import type { RouteFact } from '../../facts';
import { formatIpv4, formatIpv6, inOrderBytes, isAllZero, wordSwappedBytes } from './proc-net-address';
import { malformed, type Parsed, parseHex } from './proc-net-line';

/** IPv6 route flags (include/uapi/linux/ipv6_route.h, route.h) for entries that carry no traffic out. */
const RTF_REJECT = 0x0200;
const RTF_CACHE = 0x01000000;
const RTF_LOCAL = 0x80000000;

/**
 * Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT — one header line, then one line
 * per route with tab-separated fields.
 */
export function parseIpv4Routes(text: string, file: string): Parsed<RouteFact[]> {
  const routes: RouteFact[] = [];
  const lines = text.split('\n');
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const [iface, destinationHex, gatewayHex, , , , metricText, maskHex] = fields;
    const destination = wordSwappedBytes(destinationHex ?? '');
    const gateway = wordSwappedBytes(gatewayHex ?? '');
    const mask = wordSwappedBytes(maskHex ?? '');
    const metric = Number(metricText);
    const prefix = mask === null ? null : prefixLength(mask);
    if (
      fields.length < 8 ||
      destination?.length !== 4 ||
      gateway?.length !== 4 ||
      mask?.length !== 4 ||
      prefix === null ||
      !Number.isInteger(metric)
    ) {
      return { ok: false, reason: malformed(file, index, line) };
    }
    routes.push({
      family: 4,
      interface: iface!,
      destination: `${formatIpv4(destination)}/${prefix}`,
      gateway: isAllZero(gateway) ? null : formatIpv4(gateway),
      metric,
    });
  }
  return { ok: true, value: routes };
}

/**
 * dest dest_len src src_len next_hop metric refcnt use flags iface — no header, hex throughout. Local
 * (the host's own addresses, which /proc/net/route does not list for IPv4 either), reject ("unreachable")
 * and cached clone entries are left out: none of them carries traffic off the machine.
 */
export function parseIpv6Routes(text: string, file: string): Parsed<RouteFact[]> {
  const routes: RouteFact[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const fields = line.split(/\s+/);
    const [destinationHex, prefixHex, , , nextHopHex, metricHex, , , flagsHex, iface] = fields;
    const destination = inOrderBytes(destinationHex ?? '');
    const nextHop = inOrderBytes(nextHopHex ?? '');
    const prefix = parseHex(prefixHex, 2);
    const metric = parseHex(metricHex, 8);
    const flags = parseHex(flagsHex, 8);
    if (
      fields.length !== 10 ||
      destination === null ||
      nextHop === null ||
      prefix === null ||
      prefix > 128 ||
      metric === null ||
      flags === null
    ) {
      return { ok: false, reason: malformed(file, index, line) };
    }
    if ((flags & (RTF_REJECT | RTF_CACHE | RTF_LOCAL)) !== 0) continue;
    routes.push({
      family: 6,
      interface: iface!,
      destination: `${formatIpv6(destination)}/${prefix}`,
      gateway: isAllZero(nextHop) ? null : formatIpv6(nextHop),
      metric,
    });
  }
  return { ok: true, value: routes };
}

/** 255.255.255.0 → 24; null when the ones are not contiguous, which no real netmask is. */
function prefixLength(mask: readonly number[]): number | null {
  const bits = mask.map((byte) => byte.toString(2).padStart(8, '0')).join('');
  return /^1*0*$/.test(bits) ? bits.replaceAll('0', '').length : null;
}
