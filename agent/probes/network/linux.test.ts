// Against test/fixtures/roots/host-debian12: this sandbox's real /proc/net, copied while the sockets listed
// in that fixture's README were open. The expected endpoints below are what node itself reported for those
// sockets when recording (socket.localAddress/localPort etc.), not what the parser produced.

import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { linuxNetworkProbe } from './linux';

const HOST = path.resolve(__dirname, '../../../test/fixtures/roots/host-debian12');
const LISTENER_PORT = 42943;

async function readHost() {
  const result = await linuxNetworkProbe.read(machineRoot(HOST));
  if (!result.ok) throw new Error(`expected facts, got: ${result.reason}`);
  return result;
}

describe('linux network probe on the recorded host', () => {
  it('decodes the IPv4 routes, the default one with its gateway', async () => {
    const { facts, source } = await readHost();
    expect(source).toBe('/proc/net');
    const ipv4 = facts.routes.filter((route) => route.family === 4);
    expect(ipv4).toEqual([
      { family: 4, interface: 'eth0', destination: '0.0.0.0/0', gateway: '192.0.2.1', metric: 0 },
      { family: 4, interface: 'eth0', destination: '192.0.2.0/24', gateway: null, metric: 0 },
    ]);
  });

  it('decodes IPv6 routes and leaves out local and reject entries', async () => {
    const { facts } = await readHost();
    const ipv6 = facts.routes.filter((route) => route.family === 6);
    expect(ipv6).toContainEqual({
      family: 6,
      interface: 'eth0',
      destination: '::/0',
      gateway: 'fd00::1',
      metric: 1024,
    });
    expect(ipv6).toContainEqual({
      family: 6,
      interface: 'eth0',
      destination: 'fe80::/64',
      gateway: null,
      metric: 256,
    });
    // ::1/128 on lo is RTF_LOCAL and ::/0 on lo is the kernel's reject route: neither goes off the machine.
    expect(ipv6.filter((route) => route.interface === 'lo')).toEqual([]);
    expect(ipv6.map((route) => route.destination)).not.toContain('fd00::2/128');
  });

  it('lists the open TCP and UDP peers and no listener', async () => {
    const { facts } = await readHost();
    const connections = facts.connections;
    expect(connections).toContainEqual({
      protocol: 'tcp',
      family: 4,
      local: { address: '127.0.0.1', port: 56766 },
      remote: { address: '127.0.0.2', port: LISTENER_PORT },
      state: 'ESTABLISHED',
    });
    // The dual-stack listener's accepted socket: IPv4-mapped addresses come out as dotted IPv4.
    expect(connections).toContainEqual({
      protocol: 'tcp',
      family: 6,
      local: { address: '127.0.0.2', port: LISTENER_PORT },
      remote: { address: '127.0.0.1', port: 56766 },
      state: 'ESTABLISHED',
    });
    expect(connections).toContainEqual({
      protocol: 'tcp',
      family: 6,
      local: { address: '::1', port: 36326 },
      remote: { address: '::1', port: LISTENER_PORT },
      state: 'ESTABLISHED',
    });
    expect(connections).toContainEqual({
      protocol: 'udp',
      family: 4,
      local: { address: '127.0.0.1', port: 38543 },
      remote: { address: '127.0.0.53', port: 53 },
      state: 'CONNECTED',
    });
    expect(connections.filter((connection) => connection.state === 'LISTEN')).toEqual([]);
    expect(connections.filter((connection) => connection.remote.port === 0)).toEqual([]);
    expect(connections).toHaveLength(5);
  });
});

describe('linux network probe when the source is missing or broken', () => {
  let scratch: string | null = null;
  afterEach(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
    scratch = null;
  });

  async function copyOfHost(): Promise<string> {
    scratch = await mkdtemp(path.join(tmpdir(), 'shoumi-net-'));
    await cp(HOST, scratch, { recursive: true });
    return scratch;
  }

  it('fails naming the path and errno when the root does not exist', async () => {
    const missing = path.join(tmpdir(), 'shoumi-no-such-root');
    const result = await linuxNetworkProbe.read(machineRoot(missing));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(path.join(missing, 'proc/net/route'));
    expect(result.reason).toContain('ENOENT');
  });

  it('fails on a malformed socket line, naming file and line, rather than skipping it', async () => {
    const root = await copyOfHost();
    const tcp = path.join(root, 'proc/net/tcp');
    const lines = (await readFile(tcp, 'utf8')).split('\n');
    lines[2] = lines[2]!.replace('0200007F:A7BF', '0200007F'); // remote without its port
    await writeFile(tcp, lines.join('\n'));
    const result = await linuxNetworkProbe.read(machineRoot(root));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/malformed line 3 in \/proc\/net\/tcp/);
  });

  it('fails on a route whose netmask is not contiguous', async () => {
    const root = await copyOfHost();
    const route = path.join(root, 'proc/net/route');
    await writeFile(route, (await readFile(route, 'utf8')).replace('00FFFFFF', 'FF00FFFF'));
    const result = await linuxNetworkProbe.read(machineRoot(root));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/malformed line 3 in \/proc\/net\/route/);
  });

  it('fails on a truncated ipv6_route line', async () => {
    const root = await copyOfHost();
    const ipv6 = path.join(root, 'proc/net/ipv6_route');
    const text = await readFile(ipv6, 'utf8');
    await writeFile(ipv6, `${text}fe80000000000000 40\n`);
    const result = await linuxNetworkProbe.read(machineRoot(root));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/malformed line 9 in \/proc\/net\/ipv6_route/);
  });
});

describe('linux network probe on a machine root recorded in the QEMU guest', () => {
  // test/kernel/scenarios/clean.sh: user-mode networking (default route via 10.0.2.2), `nc -l -p 22` and a
  // live `nc 10.0.2.100 443`.
  it('sees the default route and the live connection, not the listener', async () => {
    const clean = path.resolve(__dirname, '../../../test/fixtures/roots/clean');
    const result = await linuxNetworkProbe.read(machineRoot(clean));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.routes).toContainEqual({
      family: 4,
      interface: 'eth0',
      destination: '0.0.0.0/0',
      gateway: '10.0.2.2',
      metric: 0,
    });
    const tcp = result.facts.connections.filter((connection) => connection.protocol === 'tcp');
    expect(tcp.map((connection) => [connection.remote, connection.state])).toEqual([
      [{ address: '10.0.2.100', port: 443 }, 'ESTABLISHED'],
    ]);
    expect(tcp.some((connection) => connection.local.port === 22)).toBe(false);
  });

  // test/kernel/scenarios/usb-net-tether.sh: usb0 with 192.168.42.129/24 and no IPv4 default route.
  it('sees the tethering subnet on usb0 and no IPv4 default route', async () => {
    const tether = path.resolve(__dirname, '../../../test/fixtures/roots/usb-net-tether');
    const result = await linuxNetworkProbe.read(machineRoot(tether));
    if (!result.ok) throw new Error(result.reason);
    const ipv4 = result.facts.routes.filter((route) => route.family === 4);
    expect(ipv4).toEqual([
      { family: 4, interface: 'usb0', destination: '192.168.42.0/24', gateway: null, metric: 0 },
    ]);
  });
});
