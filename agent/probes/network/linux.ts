// Routes and connected sockets from /proc/net. Every file is needed: a missing or malformed one fails the
// probe (naming the file) rather than giving a partial picture that a check would take for the whole.

import type { ConnectionFact, NetworkFacts, RouteFact } from '../../facts';
import { type MachineRoot, readSource } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';
import type { Parsed } from './proc-net-line';
import { parseIpv4Routes, parseIpv6Routes } from './proc-net-route';
import { parseSockets } from './proc-net-sockets';

const SOURCE = '/proc/net';

const SOCKET_TABLES = [
  { file: 'tcp', protocol: 'tcp', family: 4 },
  { file: 'tcp6', protocol: 'tcp', family: 6 },
  { file: 'udp', protocol: 'udp', family: 4 },
  { file: 'udp6', protocol: 'udp', family: 6 },
] as const;

export const linuxNetworkProbe: Probe<'network'> = {
  fact: 'network',
  async read(root) {
    const observedAtMs = Date.now();
    const [ipv4Routes, ipv6Routes, ...sockets] = await Promise.all([
      parseFile(root, 'route', parseIpv4Routes),
      parseFile(root, 'ipv6_route', parseIpv6Routes),
      ...SOCKET_TABLES.map((table) =>
        parseFile(root, table.file, (text, file) => parseSockets(text, file, table.protocol, table.family)),
      ),
    ]);
    const routes: RouteFact[] = [];
    const connections: ConnectionFact[] = [];
    const failures: string[] = [];
    for (const result of [ipv4Routes!, ipv6Routes!]) {
      if (result.ok) routes.push(...result.value);
      else failures.push(result.reason);
    }
    for (const result of sockets) {
      if (result.ok) connections.push(...result.value);
      else failures.push(result.reason);
    }
    if (failures.length > 0) return unavailable(SOURCE, failures.join('; '), observedAtMs);
    return observed<NetworkFacts>(SOURCE, { routes, connections }, observedAtMs);
  },
};

async function parseFile<T>(
  root: MachineRoot,
  name: string,
  parse: (text: string, file: string) => Parsed<T>,
): Promise<Parsed<T>> {
  const source = await readSource(root, 'proc', 'net', name);
  if (!source.ok) return source;
  return parse(source.text, `${SOURCE}/${name}`);
}
