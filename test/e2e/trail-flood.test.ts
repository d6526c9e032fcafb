// Issue 13: no certificate holder can flood the audit trail. Against a real collector process (the built
// bundle) over real gRPC: an agent certificate, a revoked admin certificate and an auditor call methods they
// may not, in loops, all at once, for 20 s. The trail may grow by at most the documented bound (computed
// here from the same constants), the counts it keeps must account for every call, and an agent's findings
// must keep being ingested and stored meanwhile.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDENTITIES_PER_SOURCE, REFUSAL_KINDS, REFUSAL_WINDOW_MS } from '../../collector/admin/refusal-tally';
import { REFUSAL_COUNT_ACTION } from '../../collector/admin/refusal-trail';
import type { StoredAuditRecord } from '../../collector/audit/audit-record';
import { loadAdminIdentity } from '../../collector/ctl/admin-identity';
import { addAdmin } from '../../collector/pki/admin-add';
import { openSqliteStore } from '../../collector/store/sqlite/index';
import type { CollectorMessage__Output } from '../../proto/generated/shoumi/v1/CollectorMessage';
import { loadContract } from '../../proto/load';
import { type Deployment, deployment } from '../support/collector-fixture';
import type { Running } from '../support/processes';
import { wireStickFinding } from '../support/wire-findings';

const FLOOD_MS = 20_000;
/** Calls in flight per flooding identity: a loop that does not wait for one answer before the next. */
const CONCURRENCY = 4;
const REVOKED_NAME = 'flood-revoked';
const AGENT = 'flood-agent';
const INGEST = 'flood-ingest';

let world: Deployment;
let collector: Running;
let storeFile: string;

beforeAll(async () => {
  world = await deployment();
  storeFile = path.join(world.dir, 'collector', 'collector.sqlite');
  // A fourth administrator, to be revoked: made the way `shoumi-collector admin add` makes one.
  await addAdmin({
    dataDir: path.join(world.dir, 'collector'),
    name: REVOKED_NAME,
    role: 'security_admin',
    outDir: path.join(world.dir, 'admins', REVOKED_NAME),
  });
  collector = await world.startCollector();
}, 60_000);

afterAll(async () => {
  world?.admin.close();
  await collector?.kill();
});

type Caller = {
  actor: string;
  credentials: grpc.ChannelCredentials;
  methods: string[];
  expected: grpc.status;
};

function adminServiceClient(credentials: grpc.ChannelCredentials) {
  return new (loadContract().shoumi.v1.AdminService)(
    world.adminAddress,
    credentials,
  ) as unknown as grpc.Client &
    Record<
      string,
      (request: object, options: grpc.CallOptions, done: (error: grpc.ServiceError | null) => void) => void
    >;
}

/** Calls the caller's methods round-robin until `untilMs`, CONCURRENCY at a time; counts answers by code. */
async function flood(caller: Caller, untilMs: number): Promise<Map<grpc.status, number>> {
  const client = adminServiceClient(caller.credentials);
  const codes = new Map<grpc.status, number>();
  let next = 0;
  const loop = async () => {
    while (Date.now() < untilMs) {
      const method = caller.methods[next++ % caller.methods.length]!;
      const code = await new Promise<grpc.status>((resolve) =>
        client[method]!({}, { deadline: Date.now() + 10_000 }, (error) =>
          resolve(error ? error.code : grpc.status.OK),
        ),
      );
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, loop));
  client.close();
  return codes;
}

/** An agent stream sending a batch of findings every 250 ms until `untilMs`; resolves with the seqs acked
 *  and when each ack came. */
async function ingest(credentials: grpc.ChannelCredentials, untilMs: number) {
  const client = new (loadContract().shoumi.v1.AgentService)(world.agentAddress, credentials);
  const call = client.Connect();
  const acks: { upToSeq: number; atMs: number }[] = [];
  call.on('data', (message: CollectorMessage__Output) => {
    if (message.ack) acks.push({ upToSeq: message.ack.upToSeq, atMs: Date.now() });
  });
  const ended = new Promise<void>((resolve) => {
    call.on('error', () => resolve());
    call.on('end', () => resolve());
  });
  call.write({
    hello: { deviceId: INGEST, agentVersion: 'test', hardware: { hostname: 'flood-ingest-host' } },
  });
  let seq = 0;
  while (Date.now() < untilMs) {
    const batch = Array.from({ length: 10 }, () => wireStickFinding(++seq));
    call.write({ findings: { findings: batch } });
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  // Every batch acknowledged, then the stream closed: waiting on the condition, not a time.
  const deadline = Date.now() + 20_000;
  while ((acks.at(-1)?.upToSeq ?? 0) < seq && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  call.end();
  await ended;
  client.close();
  return { sent: seq, acks };
}

async function auditAfter(position: number): Promise<StoredAuditRecord[]> {
  const store = await openSqliteStore(storeFile);
  try {
    return await store.readAuditRecords({ afterPosition: position, limit: 1_000_000 });
  } finally {
    await store.close();
  }
}

describe('a trail no client can flood', () => {
  it('grows by at most the documented bound under three forbidden floods, counts every call, and keeps ingesting', async () => {
    const { trust } = world;
    const agent = await trust.deviceCredentials(AGENT);
    const ingestDevice = await trust.deviceCredentials(INGEST);
    const revokedIdentity = loadAdminIdentity(path.join(world.dir, 'admins', REVOKED_NAME));
    await world.admin.revokeAdmin({ name: REVOKED_NAME, reason: 'left the office (flood test)' });
    const auditor = trust.identity('auditor');
    const tls = (identity: { caPem: string; keyPem: string; certPem: string }) =>
      grpc.credentials.createSsl(
        Buffer.from(identity.caPem),
        Buffer.from(identity.keyPem),
        Buffer.from(identity.certPem),
      );
    const callers: Caller[] = [
      {
        actor: `device:${AGENT}`,
        credentials: agent.credentials,
        methods: ['GetFleetStatus', 'ListAudit', 'UpdateDevice'],
        expected: grpc.status.PERMISSION_DENIED,
      },
      {
        actor: `admin:${REVOKED_NAME}(security_admin)`,
        credentials: tls(revokedIdentity),
        methods: ['ListFindings', 'WhoAmI', 'MarkFinding'],
        expected: grpc.status.UNAUTHENTICATED,
      },
      {
        actor: 'admin:test-auditor(auditor)',
        credentials: tls(auditor),
        methods: ['ListFindings', 'RunSweep', 'GetFleetStatus', 'RevokeAdmin'],
        expected: grpc.status.PERMISSION_DENIED,
      },
    ];

    const before = (await auditAfter(0)).at(-1)!.position;
    const startedMs = Date.now();
    const untilMs = startedMs + FLOOD_MS;
    const [answers, delivery] = await Promise.all([
      Promise.all(callers.map((caller) => flood(caller, untilMs))),
      ingest(ingestDevice.credentials, untilMs),
    ]);
    const endedMs = Date.now();

    // Ingest went on throughout: every batch acknowledged (durable), acks in every quarter of the flood.
    expect(delivery.acks.at(-1)?.upToSeq).toBe(delivery.sent);
    for (let quarter = 0; quarter < 4; quarter++) {
      const from = startedMs + (quarter * FLOOD_MS) / 4;
      const to = from + FLOOD_MS / 4;
      expect(
        delivery.acks.some((ack) => ack.atMs >= from && ack.atMs < to),
        `acks in quarter ${quarter + 1}`,
      ).toBe(true);
    }
    const stored = await world.storedSeqs(INGEST);
    expect(stored).toEqual(Array.from({ length: delivery.sent }, (_, index) => index + 1));

    // Every flood call was refused as it should be, and nothing else happened to it.
    const calls = callers.map((caller, index) => {
      const codes = answers[index]!;
      expect([...codes.keys()], caller.actor).toEqual([caller.expected]);
      return codes.get(caller.expected)!;
    });

    // Shutdown writes the counts of the open minute: a flood leaves its trace even if it stops.
    await collector.kill('SIGTERM');
    const added = await auditAfter(before);
    const sizeBytes = (await stat(storeFile)).size;

    const windows = Math.floor(endedMs / REFUSAL_WINDOW_MS) - Math.floor(startedMs / REFUSAL_WINDOW_MS) + 1;
    // The documented bounds (docs/RELIABILITY.md): per identity ≤ 2·K records a window, per source address
    // ≤ 2·I·K + 1 (K reason kinds, I identities tracked per source); all three flood from 127.0.0.1.
    const perIdentityBound = 2 * REFUSAL_KINDS.length * windows;
    const perSourceBound = (2 * IDENTITIES_PER_SOURCE * REFUSAL_KINDS.length + 1) * windows;
    const floodRecords = added.filter((record) => callers.some((caller) => caller.actor === record.actor));
    for (const caller of callers) {
      const own = floodRecords.filter((record) => record.actor === caller.actor);
      expect(own.length, caller.actor).toBeLessThanOrEqual(perIdentityBound);
    }
    expect(floodRecords.length).toBeLessThanOrEqual(
      Math.min(callers.length * perIdentityBound, perSourceBound),
    );

    // The counts account for every call: counted = calls made − records written one by one.
    for (const [index, caller] of callers.entries()) {
      const own = floodRecords.filter((record) => record.actor === caller.actor);
      const single = own.filter((record) => record.action === 'admin.call');
      const counts = own.filter((record) => record.action === REFUSAL_COUNT_ACTION);
      expect(single.every((record) => record.outcome === 'refused')).toBe(true);
      expect(single.length).toBeGreaterThanOrEqual(1);
      expect(single.length).toBeLessThanOrEqual(windows);
      const counted = counts.reduce((sum, record) => sum + Number(JSON.parse(record.detailJson).refused), 0);
      expect(counted, caller.actor).toBe(calls[index]! - single.length);
      for (const record of counts) {
        const detail = JSON.parse(record.detailJson) as {
          summary: string;
          refused: number;
          methods: string[];
        };
        expect(detail.summary).toMatch(new RegExp(`^${detail.refused} calls? refused: `));
        expect(detail.methods.every((method) => caller.methods.includes(method))).toBe(true);
      }
    }

    const totalCalls = calls.reduce((sum, count) => sum + count, 0);
    const floodBytes = floodRecords.reduce((sum, record) => sum + JSON.stringify(record).length, 0);
    console.log(
      `trail flood: ${totalCalls} forbidden calls in ${((endedMs - startedMs) / 1000).toFixed(1)} s ` +
        `(${calls.map((count, index) => `${callers[index]!.actor} ${count}`).join(', ')}); ` +
        `${floodRecords.length} records from them (bound ${Math.min(callers.length * perIdentityBound, perSourceBound)}, ` +
        `${windows} window(s)), ${floodBytes} bytes; ${added.length} records added in all ` +
        `(${[...new Set(added.map((record) => record.action))].join(', ')}); ` +
        `${delivery.sent} findings ingested meanwhile; store file ${sizeBytes} bytes`,
    );
  }, 90_000);
});
