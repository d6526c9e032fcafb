// Two collectors on one coordination (a shared in-memory hub standing in for PostgreSQL): a revocation
// answered by one cuts the stream the other holds, and a device reconnecting to the other collector has
// its older stream there cut, while that stream's late end does not undo the newer claim.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type CoordinationHub,
  sharedCoordinationHub,
  TAKEN_OVER,
} from '../test/support/shared-coordination-hub';
import { callUnary } from '../test/support/unary-call';
import { trustHandlers } from './admin/trust';
import { type AgentConnections, type AgentStream, agentConnections } from './agent-connections';
import type { Coordination } from './coordination/coordination';
import { openSqliteStore } from './store/sqlite';
import type { Store } from './store/store';
import { handleStreamDeliveries } from './stream-deliveries';

const silent = { info() {}, warn() {}, error() {} };
const T0 = Date.UTC(2026, 11, 7, 8, 0, 0);

interface FakeCollector {
  coordination: Coordination;
  connections: AgentConnections;
  /** Refusals each stream of this collector was closed with ('clean' for a plain end). */
  closed: Array<{ deviceId: string; refusal: { code: number; message: string } | 'clean' }>;
  connect(deviceId: string): AgentStream;
}

function fakeCollector(hub: CoordinationHub, name: string): FakeCollector {
  const coordination = hub.join(name);
  const connections = agentConnections(coordination.streams, silent);
  const closed: FakeCollector['closed'] = [];
  handleStreamDeliveries({
    streams: coordination.streams,
    connections,
    dispatchSweeps: async () => {},
    pushPolicy: async () => {},
    log: silent,
  });
  return {
    coordination,
    connections,
    closed,
    connect(deviceId) {
      const stream: AgentStream = {
        deviceId,
        peer: `ipv4:10.0.0.9:${closed.length}`,
        send() {},
        // As the agent service does: a stream that ends leaves the connections (and so the directory).
        close(refusal) {
          closed.push({ deviceId, refusal: refusal ?? 'clean' });
          connections.remove(deviceId, stream);
        },
      };
      connections.add(stream);
      return stream;
    },
  };
}

describe('agent streams across two collectors on one coordination', () => {
  let directory: string;
  let store: Store;
  let hub: CoordinationHub;
  let a: FakeCollector;
  let b: FakeCollector;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-stream-deliveries-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    hub = sharedCoordinationHub();
    a = fakeCollector(hub, 'collector-a');
    b = fakeCollector(hub, 'collector-b');
  });
  afterEach(async () => {
    await a.coordination.close();
    await b.coordination.close();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('a revocation answered by A cuts the stream B holds, with UNAUTHENTICATED and the reason', async () => {
    await store.recordCertificate(
      {
        serial: 'bb01',
        kind: 'device',
        subject: 'dev-b',
        role: null,
        sha256: 'cd'.repeat(32),
        notBeforeMs: T0 - 3_600_000,
        notAfterMs: T0 + 90 * 86_400_000,
        issuedAtMs: T0,
        issuedBy: 'enrolment',
      },
      {
        actor: 't',
        source: 'local',
        action: 'certificate.issued',
        target: 'dev-b',
        detail: {},
        outcome: 'allowed',
      },
      T0,
    );
    b.connect('dev-b');
    await b.connections.settled();
    expect(hub.holderOf('dev-b')).toBe('collector-b');

    const handlers = trustHandlers({
      store,
      streams: a.coordination.streams,
      policy: {} as never,
      log: silent,
      pushPolicyBundles: async () => {},
      now: () => T0,
    });
    const { error, value } = await callUnary(handlers, 'RevokeDevice', {
      deviceId: 'dev-b',
      reason: 'stolen',
    });
    expect(error).toBeNull();
    expect(value).toEqual({ deviceId: 'dev-b', certificatesRevoked: 1, streamDropped: true });

    await expect
      .poll(() => b.closed)
      .toEqual([
        {
          deviceId: 'dev-b',
          refusal: { code: grpc.status.UNAUTHENTICATED, message: 'certificate revoked: stolen' },
        },
      ]);
    expect(a.closed).toEqual([]);
    await b.connections.settled();
    expect(hub.holderOf('dev-b')).toBeUndefined();
    // Nothing left to cut: the second revocation says so.
    const again = await callUnary(handlers, 'RevokeDevice', { deviceId: 'dev-b', reason: 'again' });
    expect(again.value).toEqual({ deviceId: 'dev-b', certificatesRevoked: 0, streamDropped: false });
  });

  it('a device reconnecting to A has its older stream on B cut; the older stream ending leaves A holding it', async () => {
    b.connect('dev-c');
    await b.connections.settled();
    a.connect('dev-c');
    await expect.poll(() => b.closed).toEqual([{ deviceId: 'dev-c', refusal: { ...TAKEN_OVER } }]);
    await b.connections.settled();
    expect(b.connections.isConnected('dev-c')).toBe(false);
    expect(hub.holderOf('dev-c')).toBe('collector-a');
    expect([...(await b.coordination.streams.connectedDeviceIds())]).toEqual(['dev-c']);
  });
});
