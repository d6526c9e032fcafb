// Sweeps with two collectors on one coordination (a shared in-memory hub standing in for PostgreSQL) and
// one store: a sweep started through one collector reaches the agents whose streams the other holds, each
// target once; and only the collector leading expiry expires.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectorMessage } from '../../proto/generated/shoumi/v1/CollectorMessage';
import { type CoordinationHub, sharedCoordinationHub } from '../../test/support/shared-coordination-hub';
import { type AgentConnections, agentConnections } from '../agent-connections';
import type { Coordination } from '../coordination/coordination';
import type { PolicySource } from '../policy-source';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import { helloFor } from '../store/store-fixtures';
import { handleStreamDeliveries } from '../stream-deliveries';
import { createFleetSweeps, type FleetSweeps, SWEEP_EXPIRY_JOB } from './fleet-sweeps';

const silent = { info() {}, warn() {}, error() {} };
const ADMIN = { actor: 'admin:alice(security_officer)', source: 'local' };
const noRules = {
  current: () => ({ policy: { name: 't', version: '1', rules: [] } }),
} as unknown as PolicySource;

interface FakeCollector {
  coordination: Coordination;
  connections: AgentConnections;
  sweeps: FleetSweeps;
  /** Sweep ids sent to each device's stream here, in order. */
  sent: Map<string, string[]>;
  sweepPasses: { count: number };
  connect(deviceId: string): void;
}

describe('fleet sweeps on two collectors sharing one coordination', () => {
  let directory: string;
  let store: Store;
  let hub: CoordinationHub;
  let collectors: FakeCollector[];

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-fleet-sweeps-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    for (const deviceId of ['dev-a', 'dev-b', 'dev-off']) await store.recordHello(helloFor(deviceId), 1_000);
    hub = sharedCoordinationHub();
    collectors = [];
  });
  afterEach(async () => {
    for (const collector of collectors) await collector.sweeps.stop();
    for (const collector of collectors) await collector.coordination.close();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  const collector = async (name: string): Promise<FakeCollector> => {
    const coordination = hub.join(name);
    const connections = agentConnections(coordination.streams, silent);
    const sweepPasses = { count: 0 };
    // Counts this collector's passes over the open sweeps (each begins with one listing).
    const counted = new Proxy(store, {
      get(target, name, receiver) {
        if (name === 'listSweeps') sweepPasses.count += 1;
        return Reflect.get(target, name, receiver);
      },
    });
    const sweeps = createFleetSweeps({
      store: counted,
      connections,
      policy: noRules,
      coordination,
      log: silent,
    });
    handleStreamDeliveries({
      streams: coordination.streams,
      connections,
      dispatchSweeps: sweeps.dispatchToDevice,
      pushPolicy: async () => {},
      log: silent,
    });
    const sent = new Map<string, string[]>();
    const made: FakeCollector = {
      coordination,
      connections,
      sweeps,
      sent,
      sweepPasses,
      connect(deviceId) {
        sent.set(deviceId, []);
        connections.add({
          deviceId,
          peer: `ipv4:10.0.0.1:${sent.size}`,
          send: (message: CollectorMessage) => {
            if (message.sweep?.sweepId) sent.get(deviceId)?.push(message.sweep.sweepId);
          },
          close() {},
        });
      },
    };
    collectors.push(made);
    await sweeps.start();
    return made;
  };

  it("a sweep started through A is sent to the stream B holds, once, on B's 'sweeps' notice", async () => {
    const a = await collector('collector-a');
    const b = await collector('collector-b');
    a.connect('dev-a');
    b.connect('dev-b');

    const sweep = await a.sweeps.control.run({ ruleIds: ['r1'], audit: ADMIN });
    // A sent it to its own stream before answering; B's is sent when B hears of it.
    expect(a.sent.get('dev-a')).toEqual([sweep.sweepId]);
    await expect.poll(() => b.sent.get('dev-b')).toEqual([sweep.sweepId]);
    expect((await store.getSweep(sweep.sweepId, { countsOnly: true }))?.sweep.counts).toMatchObject({
      targets: 3,
      pending: 1,
      sent: 2,
    });

    // Notices lost and found again ('resync' on both): what is sent is not sent again.
    const passesBefore = collectors.map((collector) => collector.sweepPasses.count);
    hub.resync('collector-a');
    hub.resync('collector-b');
    for (const [index, collector] of collectors.entries()) {
      await expect.poll(() => collector.sweepPasses.count).toBeGreaterThan(passesBefore[index]!);
      await collector.sweeps.drain();
    }
    expect(a.sent.get('dev-a')).toEqual([sweep.sweepId]);
    expect(b.sent.get('dev-b')).toEqual([sweep.sweepId]);

    // A 'sweeps' delivery through A to a device whose stream B holds and whose target is still pending.
    b.connect('dev-off');
    await b.connections.settled();
    expect(await a.coordination.streams.deliver('dev-off', { kind: 'sweeps' })).toBe(true);
    await expect.poll(() => b.sent.get('dev-off')).toEqual([sweep.sweepId]);
    expect(a.sent.get('dev-a')).toEqual([sweep.sweepId]);
  });

  it('only the collector leading expiry expires, and the other takes over when the lead is lost', async () => {
    const a = await collector('collector-a');
    await collector('collector-b');
    expect(hub.leaderOf(SWEEP_EXPIRY_JOB)).toBe('collector-a');
    await hub.revoke(SWEEP_EXPIRY_JOB);
    expect(hub.leaderOf(SWEEP_EXPIRY_JOB)).toBe('collector-b');
    await a.sweeps.stop();
    expect(hub.leaderOf(SWEEP_EXPIRY_JOB)).toBe('collector-b');
  });
});
