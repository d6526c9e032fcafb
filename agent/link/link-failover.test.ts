// The link over several collectors, against real collector processes (gRPC over loopback, mTLS, SQLite).
//
// Two collectors that accept the same devices: one data directory is prepared (CA, server certificate,
// administrators, the test devices' certificates), then copied, and each collector serves its own copy. They
// share the PKI and know the same devices, but not one store: what B stores is exactly what the agent sent
// B, so the seqs B holds show where the agent resumed after the switch. (Real collectors rather than fake
// AgentService servers: the hello's answer, the acks and the refusal of an unknown certificate are the
// collector's own. Collectors on one PostgreSQL store would answer the hello with what A stored; that is
// the collector-side work of issue 17 and its e2e test.)
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../collector/store/sqlite';
import type { UnsequencedFinding } from '../../policies/model';
import { eventually, freePort, REPO, type Running, run, start } from '../../test/support/processes';
import { prepareTrust, roleRoutedAdmin, type TrustWorld } from '../../test/support/trust-fixture';
import { agentLog } from '../agent-log';
import { advertisedCollectorsFile } from '../enrolment/advertised-collectors';
import { enrolOrThrow } from '../enrolment/ensure-enrolled';
import { type Outbox, openOutbox } from '../outbox/outbox';
import { fullJitterBackoff } from './backoff';
import { type Link, startLink } from './link';

const STREAMED = 'failover-streamed';
const A_DOWN = 'failover-a-down';
const REVOKED = 'failover-revoked';

interface Collector {
  dataDir: string;
  agentAddress: string;
  enrolAddress: string;
  adminAddress: string;
  process?: Running;
}

let dir: string;
let trust: TrustWorld;
const credentials = new Map<string, grpc.ChannelCredentials>();
let a: Collector;
let b: Collector;
/** Nothing listens here: a collector that is down. */
let down: string;
const children: Running[] = [];

async function startCollector(collector: Collector, extra: string[] = []): Promise<void> {
  const child = start('shoumi-collector', [
    'serve',
    '--data',
    collector.dataDir,
    '--listen',
    collector.agentAddress,
    '--enrol-listen',
    collector.enrolAddress,
    '--admin-listen',
    collector.adminAddress,
    ...extra,
  ]);
  children.push(child);
  await child.waitForLog('collector listening');
  collector.process = child;
}

async function collectorAt(dataDir: string): Promise<Collector> {
  return {
    dataDir,
    agentAddress: `127.0.0.1:${await freePort()}`,
    enrolAddress: `127.0.0.1:${await freePort()}`,
    adminAddress: `127.0.0.1:${await freePort()}`,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'shoumi-link-failover-'));
  const dataA = path.join(dir, 'a');
  trust = await prepareTrust(dataA, path.join(dir, 'admins'));
  for (const deviceId of [STREAMED, A_DOWN, REVOKED])
    credentials.set(deviceId, (await trust.deviceCredentials(deviceId)).credentials);
  // Copied while no collector runs on it: B starts with the same CA, devices and tokens, and a store of its own.
  await cp(dataA, path.join(dir, 'b'), { recursive: true });
  a = await collectorAt(dataA);
  b = await collectorAt(path.join(dir, 'b'));
  down = `127.0.0.1:${await freePort()}`;
  // A advertises the dead address first, then itself: the enrolment test below follows that list.
  await startCollector(a, ['--advertise-agent-addresses', `${down},${a.agentAddress}`]);
  await startCollector(b);
}, 120_000);

afterAll(async () => {
  await Promise.all(children.map((child) => child.kill('SIGKILL')));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const finding = (index: number): UnsequencedFinding => ({
  ruleId: 'connection-peers-allowed',
  clause: '3.7.4',
  subject: `tcp 203.0.113.9:${1000 + index}`,
  status: 'fail',
  severity: 'critical',
  evidence: { index },
  reason: `connection ${index}`,
  observedAtMs: 1_767_225_600_000 + index,
  sweepId: '',
});
const findings = (from: number, count: number) =>
  Array.from({ length: count }, (_, offset) => finding(from + offset));

interface TestAgent {
  link: Link;
  outbox: Outbox;
  lines: () => Array<Record<string, unknown>>;
  /** Each state the link entered, with its detail and the collector it was on or would try next. */
  states: Array<{ state: string; detail?: string; collector: string }>;
  /** Each ack as it arrived, with the collector the link was on. */
  acks: Array<{ collector: string; upToSeq: number }>;
  stop(): Promise<void>;
}

async function linkedAgent(
  deviceId: string,
  collectors: string[],
  first: UnsequencedFinding[],
  onAcked?: (collector: string, upToSeq: number) => void,
  /** Holds the outbox's ack writes until it resolves (a slow disk), when given. */
  ackWrites?: () => Promise<void>,
): Promise<TestAgent> {
  const dataDir = await mkdtemp(path.join(dir, 'agent-'));
  const opened = await openOutbox(path.join(dataDir, 'outbox'));
  const outbox = ackWrites ? withHeldAckWrites(opened, ackWrites) : opened;
  const appended = await outbox.append(first);
  if (!appended.ok) throw new Error(appended.message);
  const text: string[] = [];
  const acks: TestAgent['acks'] = [];
  const states: TestAgent['states'] = [];
  let link: Link | undefined;
  link = startLink({
    collector: collectors,
    deviceId,
    agentVersion: 'test',
    hardware: { hostname: deviceId },
    outbox,
    policyVersion: () => '',
    onPolicy: () => {},
    onSweep: () => {},
    onStateChange: (state, detail, collector) => states.push({ state, detail, collector }),
    onAcked: (upToSeq) => {
      const collector = link?.collector ?? '';
      acks.push({ collector, upToSeq });
      onAcked?.(collector, upToSeq);
    },
    settleRefused: async () => ({ ok: true }),
    log: agentLog((line) => text.push(line)),
    backoff: fullJitterBackoff({ baseMs: 100, capMs: 1000 }),
    credentials: credentials.get(deviceId) as grpc.ChannelCredentials,
  });
  return {
    link,
    outbox,
    acks,
    states,
    lines: () => text.map((line) => JSON.parse(line) as Record<string, unknown>),
    async stop() {
      await link?.stop();
      await outbox.close();
    },
  };
}

/** The same outbox, whose ack() first waits for `held()`: the link sees acks long before the file says so. */
function withHeldAckWrites(outbox: Outbox, held: () => Promise<void>): Outbox {
  return new Proxy(outbox, {
    get(target, property) {
      if (property === 'ack')
        return async (upToSeq: number) => {
          await held();
          return target.ack(upToSeq);
        };
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The agent seqs a collector's store holds for the device, in order (read from its SQLite file). */
async function storedSeqs(collector: Collector, deviceId: string): Promise<number[]> {
  const store = await openSqliteStore(path.join(collector.dataDir, 'collector.sqlite'));
  try {
    const seqs: number[] = [];
    let pageToken = '';
    do {
      const page = await store.listFindings({ deviceId, history: true, limit: 1000, pageToken });
      seqs.push(...page.findings.filter((stored) => stored.seq > 0).map((stored) => stored.seq));
      pageToken = page.nextPageToken;
    } while (pageToken);
    return seqs.sort((x, y) => x - y);
  } finally {
    await store.close();
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

const acknowledgedAll = (agent: TestAgent, seqs: number) =>
  eventually(
    async () => (agent.outbox.lastAckedSeq === seqs ? true : undefined),
    `every one of ${seqs} findings to be acknowledged`,
  );

describe('the link over several collectors', () => {
  it('with the first collector down, streams to the next one, and logs the switch with its reason', async () => {
    const agent = await linkedAgent(A_DOWN, [down, b.agentAddress], findings(1, 5));
    try {
      await acknowledgedAll(agent, 5);
      expect(agent.link.collector).toBe(b.agentAddress);
      expect(agent.acks.every((ack) => ack.collector === b.agentAddress)).toBe(true);
      const switched = agent.lines().find((line) => line.message === 'link switching collector');
      expect(switched).toMatchObject({
        from: down,
        to: b.agentAddress,
        reason: expect.stringMatching(/^UNAVAILABLE: /),
      });
      expect(switched?.retryInMs).toBeLessThanOrEqual(100); // the first step of this backoff: base 100 ms
    } finally {
      await agent.stop();
    }
  });

  it("the enrolment answer's addresses are kept and used on the next start when no --collector is given", async () => {
    const dataDir = await mkdtemp(path.join(dir, 'enrolled-'));
    const deviceId = 'failover-enrolled';
    const lines: string[] = [];
    await enrolOrThrow({
      dataDir,
      enrolment: { address: a.enrolAddress },
      token: trust.token(),
      caSha256: trust.caSha256,
      requestedDeviceId: async () => deviceId,
      log: agentLog((line) => lines.push(line)),
    });
    const kept = JSON.parse(await readFile(advertisedCollectorsFile(dataDir), 'utf8'));
    expect(kept.agentAddresses).toEqual([down, a.agentAddress]);

    // No --collector: the kept list alone, in its order (the first entry is down, so the link moves on).
    const agent = start('shoumi-agent', [
      'run',
      '--data',
      dataDir,
      '--root',
      path.join(REPO, 'test', 'fixtures', 'roots', 'clean'),
      '--interval',
      '1h',
      '--no-events',
    ]);
    children.push(agent);
    const switched = await agent.waitForLog('link switching collector');
    expect(switched).toMatchObject({ from: down, to: a.agentAddress });
    expect(await agent.waitForLog('link connected')).toMatchObject({ collector: a.agentAddress });
    await agent.kill('SIGTERM');
  });

  it('a bad --collector entry is refused naming it, before anything starts', async () => {
    const dataDir = await mkdtemp(path.join(dir, 'refused-'));
    const refused = await run('shoumi-agent', [
      'run',
      '--collector',
      `${a.agentAddress},collector.example`,
      '--data',
      dataDir,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'shoumi-agent: --collector: address "collector.example" is not HOST:PORT (e.g. collector.example:7702 or [::1]:7702)',
    );
    const repeated = await run('shoumi-agent', [
      'enrol',
      '--collector',
      a.enrolAddress,
      '--collector',
      '',
      '--token',
      'x',
      '--ca-sha256',
      trust.caSha256,
      '--data',
      dataDir,
    ]);
    expect(repeated.code).toBe(2);
    expect(repeated.stderr).toContain('shoumi-agent: --collector "": entry 1 is empty');
  });
  it('a revoked certificate (revoked everywhere: one CA, one database) keeps the link on its collector at the backoff pace', async () => {
    for (const collector of [a, b]) {
      const admin = roleRoutedAdmin(collector.adminAddress, trust);
      try {
        await admin.revokeDevice({ deviceId: REVOKED, reason: 'lost (failover test)' });
      } finally {
        admin.close();
      }
    }
    const agent = await linkedAgent(REVOKED, [a.agentAddress, b.agentAddress], findings(1, 1));
    try {
      const refusals = await eventually(async () => {
        const waiting = agent.states.filter((entry) => entry.state === 'waiting');
        return waiting.length >= 3 ? waiting : undefined;
      }, 'three refused attempts');
      for (const [attempt, entry] of refusals.entries()) {
        expect(entry.collector).toBe(a.agentAddress);
        expect(entry.detail).toMatch(/^UNAUTHENTICATED: certificate [0-9a-f]+ was revoked at /);
        // The backoff's ceiling for this attempt (base 100 ms, doubling, capped at 1 s), never reset.
        const waitMs = Number(/retrying in (\d+) ms$/.exec(entry.detail ?? '')?.[1]);
        expect(waitMs).toBeLessThanOrEqual(Math.min(1000, 100 * 2 ** attempt));
      }
      expect(agent.lines().filter((line) => line.message === 'link switching collector')).toEqual([]);
      expect(agent.outbox.lastAckedSeq).toBe(0);
    } finally {
      await agent.stop();
    }
  });

  it('A killed while streaming: the agent moves to B, and B is sent exactly the seqs after the last one A acknowledged', async () => {
    const FIRST = 300;
    const MORE = 2000;
    let killed: Promise<void> | undefined;
    // From the kill until B's first ack, the outbox's ack file lags what A acknowledged (as on a slow disk):
    // the hello to B must still start after A's last ack, not after the file's.
    let holdAckWrites = false;
    let releaseAckWrites = () => {};
    const ackWritesReleased = new Promise<void>((resolve) => {
      releaseAckWrites = resolve;
    });
    const agent = await linkedAgent(
      STREAMED,
      [a.agentAddress, b.agentAddress],
      findings(1, FIRST),
      (on, upToSeq) => {
        // Mid-stream: A has just acknowledged part of the second burst, the rest is on the wire or queued.
        if (on === a.agentAddress && upToSeq > FIRST && !killed) {
          holdAckWrites = true;
          killed = a.process?.kill('SIGKILL');
        }
        if (on === b.agentAddress) releaseAckWrites();
      },
      () => (holdAckWrites ? ackWritesReleased : Promise.resolve()),
    );
    try {
      await acknowledgedAll(agent, FIRST);
      expect(agent.link.collector).toBe(a.agentAddress);
      const appended = await agent.outbox.append(findings(FIRST + 1, MORE));
      expect(appended.ok).toBe(true);
      await acknowledgedAll(agent, FIRST + MORE);
      expect(killed).toBeDefined();
      await killed;
      expect(agent.link.collector).toBe(b.agentAddress);

      const lastAckedByA = Math.max(
        ...agent.acks.filter((ack) => ack.collector === a.agentAddress).map((ack) => ack.upToSeq),
      );
      expect(lastAckedByA).toBeGreaterThan(FIRST);
      expect(lastAckedByA).toBeLessThan(FIRST + MORE);
      const switched = agent.lines().filter((line) => line.message === 'link switching collector');
      expect(switched).toHaveLength(1);
      expect(switched[0]).toMatchObject({ from: a.agentAddress, to: b.agentAddress });
      // Within the backoff: the first loss after a healthy stream waits at most the base delay.
      expect(switched[0]?.retryInMs).toBeLessThanOrEqual(100);
    } finally {
      await agent.stop();
    }
    // A stored at least everything it acknowledged, from 1, without a gap; B exactly what came after.
    const onA = await storedSeqs(a, STREAMED);
    const lastAckedByA = Math.max(
      ...agent.acks.filter((ack) => ack.collector === a.agentAddress).map((ack) => ack.upToSeq),
    );
    expect(onA.slice(0, lastAckedByA)).toEqual(range(1, lastAckedByA));
    expect(await storedSeqs(b, STREAMED)).toEqual(range(lastAckedByA + 1, FIRST + MORE));
  });
});
