// 3.7.4 end to end on a real kernel: the agent's probes run inside a "workstation" network namespace and
// the checks judge what they read. Topology (all addresses TEST-NET-3 or 10.99/16, in namespaces made here;
// nothing leaves them):
//
//   ws  veth-c 10.99.0.5/16 ── 10.99.0.1/16  cls (classified router, forwards)  203.0.113.254/24 ── inet
//   ws  veth-i 203.0.113.5/24 ─────────────────────────────────────────────────── 203.0.113.1/24   inet
//                                                                       (added in the last phase only)
// inet runs a TCP listener on 203.0.113.1:443. The probes run in the workstation as `ip netns exec ws node
// read-facts` (test/netns/read-facts.ts); the checks judge the facts here. Needs root and iproute2; skipped, saying why, otherwise.
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate } from '../../agent/checks/engine';
import { ruleFor } from '../../agent/checks/facts-for-tests';
import type { Facts } from '../../agent/facts';
import { EMPTY_LEDGER_SLICE, type Policy } from '../../policies/model';

const tag = `${process.pid}`;
const WS = `shoumi-t-ws-${tag}`;
const CLS = `shoumi-t-cls-${tag}`;
const INET = `shoumi-t-inet-${tag}`;
const CANARY = { host: '203.0.113.1', port: 443 };
const ALLOWED = ['10.99.0.0/16'];
// read-facts.ts bundled once (packages left external, resolved from the repo's node_modules): starting
// plain node in the namespace takes a fraction of what tsx needs to compile the probes each time.
const READER = `.cache/netns/read-facts-${tag}.mjs`;

function whyNotNetns(): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'network namespaces need root (ip netns add)';
  const probe = `shoumi-t-probe-${tag}`;
  const added = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (added.error || added.status !== 0)
    return `ip netns add failed: ${added.error?.message ?? added.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return null;
}

const reason = whyNotNetns();
if (reason) console.warn(`test/netns/egress.test.ts skipped: ${reason}`);

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const inNs = (ns: string, ...command: string[]) =>
  execFileSync('ip', ['netns', 'exec', ns, ...command], { stdio: ['ignore', 'ignore', 'pipe'] });

const policy: Policy = {
  name: 'netns',
  version: '1',
  rules: [
    ruleFor('default-route-gateway-allowed', { allowed_networks: ALLOWED }),
    ruleFor('connection-peers-allowed', { allowed_networks: ALLOWED }),
    ruleFor('interface-addresses-allowed', { allowed_networks: ALLOWED }),
    ruleFor('single-network-attachment'),
    ruleFor('tunnel-interfaces-absent'),
    ruleFor('canary-endpoints-unreachable', { endpoints: [CANARY] }),
  ],
};

/**
 * The kernel applies operstate changes through linkwatch, up to about a second after `link set up`; an
 * interface still "down" there is rightly not counted as attached, so wait for the kernel to say "up".
 */
function waitForOperstateUp(ns: string, device: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = execFileSync('ip', ['netns', 'exec', ns, 'cat', `/sys/class/net/${device}/operstate`], {
      encoding: 'utf8',
    }).trim();
    if (state === 'up') return;
    if (Date.now() > deadline) throw new Error(`${device} in ${ns} still ${state} after ${timeoutMs} ms`);
    execFileSync('sleep', ['0.05']);
  }
}

function sweepWorkstation() {
  const output = execFileSync(
    'ip',
    ['netns', 'exec', WS, process.execPath, READER, JSON.stringify([CANARY])],
    { encoding: 'utf8', timeout: 15_000 },
  );
  const facts = JSON.parse(output) as Facts;
  const findings = evaluate(facts, policy, EMPTY_LEDGER_SLICE, { nowMs: Date.now(), sweepId: 'netns' });
  const status = (ruleId: string) => findings.filter((f) => f.ruleId === ruleId).map((f) => f.status);
  return { facts, findings, status };
}

function waitForLine(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited (${code}) before "${text}": ${seen}`)));
  });
}

describe.skipIf(reason !== null)('3.7.4 egress in network namespaces (real kernel)', () => {
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    buildSync({
      entryPoints: ['test/netns/read-facts.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: READER,
      logLevel: 'warning',
    });
    for (const ns of [WS, CLS, INET]) {
      ip('netns', 'add', ns);
      ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    ip('link', 'add', 'veth-c', 'netns', WS, 'type', 'veth', 'peer', 'name', 'veth-w', 'netns', CLS);
    ip('link', 'add', 'veth-o', 'netns', CLS, 'type', 'veth', 'peer', 'name', 'veth-r', 'netns', INET);
    for (const [ns, dev, cidr] of [
      [WS, 'veth-c', '10.99.0.5/16'],
      [CLS, 'veth-w', '10.99.0.1/16'],
      [CLS, 'veth-o', '203.0.113.254/24'],
      [INET, 'veth-r', '203.0.113.1/24'],
    ] as const) {
      ip('-n', ns, 'addr', 'add', cidr, 'dev', dev);
      ip('-n', ns, 'link', 'set', dev, 'up');
    }
    inNs(CLS, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    ip('-n', INET, 'route', 'add', '10.99.0.0/16', 'via', '203.0.113.254');
    ip('-n', WS, 'route', 'add', 'default', 'via', '10.99.0.1');
    // The "Internet" host: accepts and holds connections open.
    const listener = spawn(
      'ip',
      [
        'netns',
        'exec',
        INET,
        process.execPath,
        '-e',
        "const s=require('net').createServer(()=>{}).listen(443,'203.0.113.1',()=>console.log('listening'))",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(listener);
    await waitForLine(listener, 'listening');
  }, 20_000);

  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    for (const ns of [WS, CLS, INET]) spawnSync('ip', ['netns', 'del', ns]);
    rmSync(READER, { force: true });
  });

  it('routed out through an allowed gateway: the canary and a live connection give it away', async () => {
    const client = spawn(
      'ip',
      [
        'netns',
        'exec',
        WS,
        process.execPath,
        '-e',
        "require('net').connect(443,'203.0.113.1',()=>console.log('connected'));setInterval(()=>{},1e3)",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(client);
    await waitForLine(client, 'connected');
    const { facts, findings, status } = sweepWorkstation();
    expect(facts.canary).toMatchObject({
      ok: true,
      facts: { results: [{ endpoint: '203.0.113.1:443', reachable: true }] },
    });
    expect(status('default-route-gateway-allowed')).toEqual(['pass']);
    expect(status('canary-endpoints-unreachable')).toEqual(['fail']);
    expect(findings.find((f) => f.ruleId === 'connection-peers-allowed')).toMatchObject({
      status: 'fail',
      subject: 'tcp 203.0.113.1:443',
    });
    expect(status('interface-addresses-allowed')).toEqual(['pass']);
    expect(status('single-network-attachment')).toEqual(['pass']);
    expect(status('tunnel-interfaces-absent')).toEqual(['pass']);
    client.kill('SIGKILL');
  }, 20_000);

  it('a connection the workstation closed stays a fail under the same subject, as recently closed', async () => {
    // The client ends at once; the listener (allowHalfOpen off) ends its side, so the client's socket,
    // which closed first, waits in TIME_WAIT (60 s on Linux) — with the earlier client's, killed above.
    const client = spawn(
      'ip',
      [
        'netns',
        'exec',
        WS,
        process.execPath,
        '-e',
        "const c=require('net').connect(443,'203.0.113.1',()=>c.end());c.on('close',()=>console.log('closed'));c.resume();setInterval(()=>{},1e3)",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    children.push(client);
    await waitForLine(client, 'closed');
    const { facts, findings } = sweepWorkstation();
    const sockets = facts.network.ok
      ? facts.network.facts.connections.filter((connection) => connection.remote.address === '203.0.113.1')
      : [];
    expect(sockets.some((socket) => socket.state === 'TIME_WAIT')).toBe(true);
    const peers = findings.filter((f) => f.ruleId === 'connection-peers-allowed');
    expect(peers).toEqual([
      expect.objectContaining({
        status: 'fail',
        subject: 'tcp 203.0.113.1:443',
        evidence: expect.objectContaining({ activity: 'recently closed', live: 0 }),
        reason: expect.stringMatching(
          /^recently closed tcp connection to 203\.0\.113\.1:443 \(\d+ sockets?: .*TIME_WAIT/,
        ),
      }),
    ]);
    // Were 203.0.113.1:443 the collector, the same sockets would be the agent's own link: left out, counted.
    const asCollector = evaluate(facts, policy, EMPTY_LEDGER_SLICE, {
      nowMs: Date.now(),
      sweepId: 'netns',
      collectorEndpoints: [{ address: '203.0.113.1', port: 443 }],
    }).filter((f) => f.ruleId === 'connection-peers-allowed');
    expect(asCollector).toEqual([
      expect.objectContaining({
        status: 'pass',
        evidence: expect.objectContaining({ ownLinks: sockets.length }),
      }),
    ]);
    client.kill('SIGKILL');
  }, 20_000);

  it('without the default route the canary is unreachable', () => {
    ip('-n', WS, 'route', 'del', 'default');
    const { facts, status } = sweepWorkstation();
    expect(facts.canary).toMatchObject({
      ok: true,
      facts: { results: [{ reachable: false, error: 'ENETUNREACH' }] },
    });
    expect(status('canary-endpoints-unreachable')).toEqual(['pass']);
    expect(status('default-route-gateway-allowed')).toEqual(['pass']);
  }, 20_000);

  it('a second NIC straight onto the Internet: default route, address and attachment all fail', () => {
    ip('link', 'add', 'veth-i', 'netns', WS, 'type', 'veth', 'peer', 'name', 'veth-x', 'netns', INET);
    ip('-n', INET, 'link', 'set', 'veth-x', 'up');
    ip('-n', WS, 'addr', 'add', '203.0.113.5/24', 'dev', 'veth-i');
    ip('-n', WS, 'link', 'set', 'veth-i', 'up');
    ip('-n', WS, 'route', 'add', 'default', 'via', '203.0.113.1');
    waitForOperstateUp(WS, 'veth-i');
    const { findings, status } = sweepWorkstation();
    expect(findings.find((f) => f.ruleId === 'default-route-gateway-allowed')).toMatchObject({
      status: 'fail',
      subject: 'veth-i via 203.0.113.1',
    });
    expect(findings.find((f) => f.ruleId === 'interface-addresses-allowed')).toMatchObject({
      status: 'fail',
      subject: 'veth-i 203.0.113.5/24',
    });
    expect(status('single-network-attachment')).toEqual(['fail']);
  }, 20_000);
});
