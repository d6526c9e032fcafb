// Sockets with a peer from /proc/net/{tcp,tcp6,udp,udp6}. Listeners and unconnected UDP sockets have an
// all-zero remote address and are left out: the facts are about where this machine talks to.
// Malformed lines fail the file, for the reason given in proc-net-route.ts.

import type { ConnectionFact, SocketEndpoint } from '../../facts';
import { formatIpv4, formatIpv6, isAllZero, wordSwappedBytes } from './proc-net-address';
import { malformed, type Parsed, parseHex } from './proc-net-line';

/** include/net/tcp_states.h */
const TCP_STATES: Record<number, string> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
};
const TCP_LISTEN = 0x0a;

/** The first four fields of a socket line (slot, local, remote, state); the other dozen are not needed. */
const LEADING_FIELDS = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)/;

/** "  sl  local_address rem_address   st ..." then "   0: 0100007F:DDBE 0200007F:A7BF 01 ..." */
export function parseSockets(
  text: string,
  file: string,
  protocol: 'tcp' | 'udp',
  family: 4 | 6,
): Parsed<ConnectionFact[]> {
  const connections: ConnectionFact[] = [];
  // A busy machine has thousands of sockets over a handful of addresses (loopback above all): each
  // address is decoded once per file, not once per socket.
  const addresses = new Map<string, DecodedAddress | null>();
  const lines = text.split('\n');
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!;
    const fields = LEADING_FIELDS.exec(line);
    if (fields === null && line.trim() === '') continue;
    const [, slot, localText, remoteText, stateHex] = fields ?? [];
    const local = parseEndpoint(localText, family, addresses);
    const remote = parseEndpoint(remoteText, family, addresses);
    const state = parseHex(stateHex, 2);
    if (!slot?.endsWith(':') || local === null || remote === null || state === null) {
      return { ok: false, reason: malformed(file, index, line.trim()) };
    }
    if (remote.unspecified || (protocol === 'tcp' && state === TCP_LISTEN)) continue;
    connections.push({
      protocol,
      family,
      local: local.endpoint,
      remote: remote.endpoint,
      state: protocol === 'udp' ? 'CONNECTED' : (TCP_STATES[state] ?? `UNKNOWN_${stateHex}`),
    });
  }
  return { ok: true, value: connections };
}

interface DecodedAddress {
  address: string;
  unspecified: boolean;
}

/** "0100007F:DDBE" → 127.0.0.1:56766 (the port is printed in plain hex, not byte-swapped). */
function parseEndpoint(
  text: string | undefined,
  family: 4 | 6,
  addresses: Map<string, DecodedAddress | null>,
): { endpoint: SocketEndpoint; unspecified: boolean } | null {
  const [addressHex = '', portHex, ...rest] = (text ?? '').split(':');
  let decoded = addresses.get(addressHex);
  if (decoded === undefined) {
    const bytes = wordSwappedBytes(addressHex);
    decoded =
      bytes === null || bytes.length !== (family === 4 ? 4 : 16)
        ? null
        : { address: family === 4 ? formatIpv4(bytes) : formatIpv6(bytes), unspecified: isAllZero(bytes) };
    addresses.set(addressHex, decoded);
  }
  const port = parseHex(portHex, 4);
  if (rest.length > 0 || decoded === null || port === null) return null;
  return { endpoint: { address: decoded.address, port }, unspecified: decoded.unspecified };
}
