// Addresses as /proc/net writes them. The kernel prints the address in memory (network) order read as
// host-order 32-bit words with %08X, so on the little-endian machines we run on (x86-64, arm64) every
// 4-byte group comes out reversed: 192.0.2.1 is "010200C0", ::1 is "00000000000000000000000001000000".
// /proc/net/ipv6_route is the exception: it prints the 16 bytes in order (%pi6 without colons).

/** "010200C0" → [192, 0, 2, 1]; null when it is not 8 hex digits. */
export function wordSwappedBytes(hex: string): number[] | null {
  if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length % 8 !== 0) return null;
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    for (let byte = 3; byte >= 0; byte--) {
      bytes.push(Number.parseInt(hex.slice(word + byte * 2, word + byte * 2 + 2), 16));
    }
  }
  return bytes;
}

/** "fe800000000000000000000000000001" → 16 bytes in order; null when it is not 32 hex digits. */
export function inOrderBytes(hex: string): number[] | null {
  if (!/^[0-9A-Fa-f]{32}$/.test(hex)) return null;
  return Array.from({ length: 16 }, (_, index) => Number.parseInt(hex.slice(index * 2, index * 2 + 2), 16));
}

export function formatIpv4(bytes: readonly number[]): string {
  return bytes.join('.');
}

/**
 * RFC 5952 text: lowercase, leading zeros dropped, the longest run of two or more zero groups as "::".
 * An IPv4-mapped address (::ffff:a.b.c.d, what a dual-stack socket shows for an IPv4 peer) is given as the
 * dotted IPv4 address alone, so that a check compares it with IPv4 networks directly.
 */
export function formatIpv6(bytes: readonly number[]): string {
  const isV4Mapped =
    bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isV4Mapped) return formatIpv4(bytes.slice(12));
  const groups = Array.from({ length: 8 }, (_, index) => (bytes[index * 2]! << 8) | bytes[index * 2 + 1]!);
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === 0) length++;
    if (length > bestLength) {
      bestStart = start;
      bestLength = length;
    }
  }
  const text = groups.map((group) => group.toString(16));
  if (bestStart < 0) return text.join(':');
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`;
}

export function isAllZero(bytes: readonly number[]): boolean {
  return bytes.every((byte) => byte === 0);
}
