// IP addresses and CIDR blocks, IPv4 and IPv6, small enough to read in one sitting. The policy loader uses it
// to validate `allowed_networks`; the network checks use it to decide whether a gateway or a peer is inside
// them. Addresses are held as bigints so that one containment test serves both families.
//
// IPv4-mapped IPv6 addresses (::ffff:10.1.2.3, what a dual-stack socket reports for an IPv4 peer) are
// unwrapped to IPv4 when parsed, so that "10.0.0.0/8" matches them as an administrator would expect.

export interface IpAddress {
  family: 4 | 6;
  value: bigint;
}

export interface IpNetwork {
  family: 4 | 6;
  /** Network address, host bits zero. */
  base: bigint;
  prefixLength: number;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const IPV4_DOTTED = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;
const IPV4_MAPPED_PREFIX = 0xffffn << 32n;

function parseIpv4(text: string): bigint | null {
  const match = IPV4_DOTTED.exec(text);
  if (!match) return null;
  let value = 0n;
  for (const octet of match.slice(1)) {
    // Leading zeros are refused: some tools read "010" as octal 8, so the text is ambiguous.
    if (octet.length > 1 && octet.startsWith('0')) return null;
    const number = Number(octet);
    if (number > 255) return null;
    value = (value << 8n) | BigInt(number);
  }
  return value;
}

function parseIpv6Groups(part: string): bigint[] | null {
  if (part === '') return [];
  const groups: bigint[] = [];
  const pieces = part.split(':');
  for (const [index, piece] of pieces.entries()) {
    const isLast = index === pieces.length - 1;
    if (isLast && piece.includes('.')) {
      const ipv4 = parseIpv4(piece);
      if (ipv4 === null) return null;
      groups.push(ipv4 >> 16n, ipv4 & 0xffffn);
    } else if (IPV6_GROUP.test(piece)) {
      groups.push(BigInt(`0x${piece}`));
    } else {
      return null;
    }
  }
  return groups;
}

function parseIpv6(text: string): bigint | null {
  // A zone ("fe80::1%eth0") names the link, not part of the address.
  const withoutZone = text.split('%')[0]!;
  const halves = withoutZone.split('::');
  if (halves.length > 2) return null;
  const head = parseIpv6Groups(halves[0]!);
  const tail = halves.length === 2 ? parseIpv6Groups(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...Array<bigint>(missing).fill(0n), ...tail];
  return groups.reduce((value, group) => (value << 16n) | group, 0n);
}

export function parseIpAddress(text: string): Parsed<IpAddress> {
  const trimmed = text.trim();
  const ipv4 = parseIpv4(trimmed);
  if (ipv4 !== null) return { ok: true, value: { family: 4, value: ipv4 } };
  if (trimmed.includes(':')) {
    const ipv6 = parseIpv6(trimmed);
    if (ipv6 !== null) {
      if (ipv6 >> 32n === IPV4_MAPPED_PREFIX >> 32n) {
        return { ok: true, value: { family: 4, value: ipv6 & 0xffffffffn } };
      }
      return { ok: true, value: { family: 6, value: ipv6 } };
    }
  }
  return { ok: false, reason: `"${text}" is not an IPv4 or IPv6 address` };
}

function familyBits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

function hostMask(family: 4 | 6, prefixLength: number): bigint {
  return (1n << BigInt(familyBits(family) - prefixLength)) - 1n;
}

/** Strict: "10.1.0.0/16" is accepted, "10.1.2.3/16" is refused because its host bits are set. */
export function parseIpNetwork(text: string): Parsed<IpNetwork> {
  const [addressText, prefixText, ...rest] = text.trim().split('/');
  if (prefixText === undefined || rest.length > 0 || !/^\d{1,3}$/.test(prefixText)) {
    return { ok: false, reason: `"${text}" is not a CIDR block such as 10.0.0.0/8 or fd00::/8` };
  }
  // An IPv4-mapped network would be unwrapped to IPv4 with a meaningless prefix: refuse it outright.
  if (addressText!.includes(':') && addressText!.includes('.')) {
    return { ok: false, reason: `"${text}": write IPv4 networks in dotted form, e.g. 10.0.0.0/8` };
  }
  const address = parseIpAddress(addressText!);
  if (!address.ok) return { ok: false, reason: `"${text}": ${address.reason}` };
  const { family, value } = address.value;
  const prefixLength = Number(prefixText);
  if (prefixLength > familyBits(family)) {
    return { ok: false, reason: `"${text}": prefix length must be at most ${familyBits(family)}` };
  }
  if ((value & hostMask(family, prefixLength)) !== 0n) {
    const base = value & ~hostMask(family, prefixLength);
    return {
      ok: false,
      reason: `"${text}" has host bits set; did you mean ${formatIpAddress({ family, value: base })}/${prefixLength}?`,
    };
  }
  return { ok: true, value: { family, base: value, prefixLength } };
}

export function networkContains(network: IpNetwork, address: IpAddress): boolean {
  if (network.family !== address.family) return false;
  return (address.value & ~hostMask(network.family, network.prefixLength)) === network.base;
}

export function formatIpAddress(address: IpAddress): string {
  if (address.family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => ((address.value >> shift) & 0xffn).toString()).join('.');
  }
  // Uncompressed lowercase groups: unambiguous, and only used in messages and evidence.
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n)
    groups.push(((address.value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}

function mustParseNetwork(text: string): IpNetwork {
  const parsed = parseIpNetwork(text);
  if (!parsed.ok) throw new Error(`built-in network is invalid: ${parsed.reason}`);
  return parsed.value;
}

/** Loopback and link-local: traffic that cannot leave the machine or its own link. */
export const LOCAL_ONLY_NETWORKS: readonly IpNetwork[] = [
  '127.0.0.0/8',
  '169.254.0.0/16',
  '::1/128',
  'fe80::/10',
].map(mustParseNetwork);
