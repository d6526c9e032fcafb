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

/** "  sl  local_address rem_address   st ..." then "   0: 0100007F:DDBE 0200007F:A7BF 01 ..." */
export function parseSockets(
  text: string,
  file: string,
  protocol: 'tcp' | 'udp',
  family: 4 | 6,
): Parsed<ConnectionFact[]> {
  const connections: ConnectionFact[] = [];
  const lines = text.split('\n');
  for (let index = 1; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    const [slot, localText, remoteText, stateHex] = line.split(/\s+/);
    const local = parseEndpoint(localText, family);
    const remote = parseEndpoint(remoteText, family);
    const state = parseHex(stateHex, 2);
    if (!slot?.endsWith(':') || local === null || remote === null || state === null) {
      return { ok: false, reason: malformed(file, index, line) };
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

/** "0100007F:DDBE" → 127.0.0.1:56766 (the port is printed in plain hex, not byte-swapped). */
function parseEndpoint(
  text: string | undefined,
  family: 4 | 6,
): { endpoint: SocketEndpoint; unspecified: boolean } | null {
  const [addressHex, portHex, ...rest] = (text ?? '').split(':');
  const bytes = wordSwappedBytes(addressHex ?? '');
  const port = parseHex(portHex, 4);
  if (rest.length > 0 || bytes === null || bytes.length !== (family === 4 ? 4 : 16) || port === null) {
    return null;
  }
  return {
    endpoint: { address: family === 4 ? formatIpv4(bytes) : formatIpv6(bytes), port },
    unspecified: isAllZero(bytes),
  };
}
