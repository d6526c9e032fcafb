import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminMethod, METHOD_ROLES } from '../../collector/admin/authorization';
import type { RunningCollector } from '../../collector/collector-server';
import { ADMIN_ROLES } from '../../collector/pki/identity-names';
import { openSqliteStore } from '../../collector/store/sqlite/index';
import { loadContract } from '../../proto/load';
import { type InProcessCollector, inProcessCollector } from '../support/in-process-collector';

type Caller = (typeof ADMIN_ROLES)[number] | 'agent';
const CALLERS: readonly Caller[] = [...ADMIN_ROLES, 'agent'];
const METHODS = Object.keys(METHOD_ROLES) as AdminMethod[];

let world: InProcessCollector;
let collector: RunningCollector;
const clients = new Map<Caller, grpc.Client>();

beforeAll(async () => {
  world = await inProcessCollector('roles');
  const { trust } = world;
  collector = world.collector;
  const agent = await trust.deviceCredentials('role-matrix-agent');
  const { AdminService } = loadContract().shoumi.v1;
  for (const role of ADMIN_ROLES) {
    const identity = trust.identity(role);
    const credentials = grpc.credentials.createSsl(
      Buffer.from(identity.caPem),
      Buffer.from(identity.keyPem),
      Buffer.from(identity.certPem),
    );
    clients.set(role, new AdminService(collector.adminAddress, credentials));
  }
  clients.set('agent', new AdminService(collector.adminAddress, agent.credentials));
});

afterAll(async () => {
  for (const client of clients.values()) client.close();
  await world?.stop();
});

/** Calls `method` with an empty request; resolves with the status code (OK or the error's). */
function call(caller: Caller, method: AdminMethod): Promise<grpc.status> {
  const client = clients.get(caller) as unknown as Record<
    string,
    (request: object, options: grpc.CallOptions, callback: (error: grpc.ServiceError | null) => void) => void
  >;
  return new Promise((resolve) =>
    client[method]!({}, { deadline: Date.now() + 10_000 }, (error) =>
      resolve(error ? error.code : grpc.status.OK),
    ),
  );
}

describe('the role matrix', () => {
  it('lets exactly the method’s roles through, and accounts for every attempt in the trail', async () => {
    const before = await collector.store.readAuditRecords({ afterPosition: 0, limit: 100_000 });
    const outcomes: string[] = [];
    for (const method of METHODS) {
      for (const caller of CALLERS) {
        const code = await call(caller, method);
        const allowed = caller !== 'agent' && METHOD_ROLES[method].includes(caller);
        // Allowed calls may still be refused by the use case itself (an empty request is often invalid);
        // what matters here is that authorization let them through.
        const passed = code !== grpc.status.PERMISSION_DENIED && code !== grpc.status.UNAUTHENTICATED;
        outcomes.push(
          `${method} ${caller} ${passed === allowed ? 'as expected' : `WRONG (${grpc.status[code]})`}`,
        );
      }
    }
    expect(outcomes.filter((line) => line.includes('WRONG'))).toEqual([]);

    const after = await collector.store.readAuditRecords({
      afterPosition: before.at(-1)?.position ?? 0,
      limit: 100_000,
      action: 'admin.call',
    });
    const actorOf = (caller: Caller) =>
      caller === 'agent' ? 'device:role-matrix-agent' : `admin:test-${caller}(${caller})`;
    const attempts = METHODS.flatMap((method) =>
      CALLERS.map((caller) => {
        const allowed = caller !== 'agent' && METHOD_ROLES[method].includes(caller);
        return `${method} ${actorOf(caller)} ${allowed ? 'allowed' : 'refused'}`;
      }),
    );
    const recorded = after.map((record) => `${record.target} ${record.actor} ${record.outcome}`);
    // Every allowed call is recorded one by one; a refused one in full only when it is its caller's first
    // refusal in the minute (more when the run crosses a minute), the others counted (refusal-tally.ts).
    expect(recorded.filter((line) => line.endsWith('allowed'))).toEqual(
      attempts.filter((line) => line.endsWith('allowed')),
    );
    const refusedSingly = recorded.filter((line) => line.endsWith('refused'));
    expect(attempts).toEqual(expect.arrayContaining(refusedSingly));
    for (const caller of CALLERS) {
      const firstRefused = attempts.find((line) => line.endsWith(`${actorOf(caller)} refused`));
      if (firstRefused) expect(refusedSingly).toContain(firstRefused);
    }
    expect(after.every((record) => /127\.0\.0\.1/.test(record.source))).toBe(true);

    // Refusals are counted, not lost: recorded singly + counted = attempts refused, per caller, once the
    // counts are written (at the end of the minute, or when the collector stops as here).
    await collector.stop();
    const store = await openSqliteStore(path.join(world.dir, 'collector', 'collector.sqlite'));
    try {
      const counts = await store.readAuditRecords({
        afterPosition: before.at(-1)?.position ?? 0,
        limit: 100_000,
        action: 'admin.calls_refused',
      });
      for (const caller of CALLERS) {
        const actor = actorOf(caller);
        const counted = counts
          .filter((record) => record.actor === actor)
          .reduce((sum, record) => sum + Number(JSON.parse(record.detailJson).refused), 0);
        const singly = refusedSingly.filter((line) => line.includes(` ${actor} `)).length;
        const refusedAttempts = attempts.filter((line) => line.endsWith(`${actor} refused`)).length;
        expect(singly + counted, actor).toBe(refusedAttempts);
      }
    } finally {
      await store.close();
    }
  });

  it('keeps the three roles apart: no role may do another’s core work', () => {
    const only = (role: Caller) => METHODS.filter((method) => METHOD_ROLES[method].join() === role);
    expect(only('auditor')).toEqual([
      'ListAudit',
      'VerifyAudit',
      'GetAuditDigest',
      'SealAudit',
      'ListAuditSeals',
    ]);
    expect(only('system_admin')).toEqual(
      expect.arrayContaining(['RunSweep', 'CreateEnrolmentTokens', 'RevokeDevice']),
    );
    expect(only('security_admin')).toEqual(
      expect.arrayContaining(['UpdateDevice', 'ImportLedger', 'RegisterMedium', 'MarkFinding']),
    );
    // Nothing in the API edits or deletes the audit trail; the one that adds to it is the auditor's seal
    // (a signed statement of the head, stored with its audit.sealed record).
    expect(METHODS.filter((method) => /Audit/.test(method))).toEqual([
      'ListAudit',
      'VerifyAudit',
      'GetAuditDigest',
      'SealAudit',
      'ListAuditSeals',
    ]);
  });
});
