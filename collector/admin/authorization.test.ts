// The admission of admin calls with a fake authenticator, a fake store and a clock the test moves: the
// limits per source address, the counting of refusals and the disk reserve, each against numbers written
// out by hand. (The real thing over gRPC: test/e2e/trail-flood.test.ts, role-matrix.test.ts.)
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import { silentLogger } from '../logger';
import type { Authentication, CallWithPeer } from '../peer-auth';
import type { PeerIdentity } from '../pki/peer-identity';
import type { AuditRecordInput, CertificateRecord } from '../store/store';
import { authorizedHandlers, METHOD_ROLES } from './authorization';
import { refusalTrail } from './refusal-trail';

const MINUTE_0 = 1_800_000_000_000;

/** Who each test certificate (by its PEM stand-in) is. */
const PEOPLE: Record<string, PeerIdentity> = {
  ops: { kind: 'admin', name: 'ops', role: 'system_admin', serialNumber: '01' },
  sec: { kind: 'admin', name: 'sec', role: 'security_admin', serialNumber: '02' },
  aud: { kind: 'admin', name: 'aud', role: 'auditor', serialNumber: '03' },
};

function world(options: { sourceRateLimit?: { perSecond: number; burst: number }; diskFull?: boolean } = {}) {
  const clock = { ms: MINUTE_0 + 1_000 };
  const records: AuditRecordInput[] = [];
  const store = {
    appendAudit: async (entry: AuditRecordInput) => {
      records.push(entry);
      return {} as never;
    },
  };
  const ran: string[] = [];
  const handler = (name: string) => (_call: unknown, callback: (error: null, value: object) => void) => {
    ran.push(name);
    callback(null, {});
  };
  const handlers = Object.fromEntries(
    Object.keys(METHOD_ROLES).map((method) => [method, handler(method)]),
  ) as unknown as Omit<AdminServiceHandlers, 'WhoAmI'>;
  const refusals = refusalTrail({ store, log: silentLogger, now: () => clock.ms });
  const wrapped = authorizedHandlers(handlers, {
    authenticator: {
      authenticate: async (call: CallWithPeer): Promise<Authentication> => {
        const who = (call as unknown as { who: string }).who;
        return { ok: true, identity: PEOPLE[who]!, record: {} as CertificateRecord };
      },
    },
    store,
    log: silentLogger,
    rateLimit: { perSecond: 1000, burst: 1000 },
    sourceRateLimit: options.sourceRateLimit,
    refusals,
    writeRefusal: async () => (options.diskFull ? '磁盘空间不足 / disk space low' : undefined),
    now: () => clock.ms,
  }) as unknown as Record<string, grpc.handleUnaryCall<unknown, unknown>>;
  const call = (who: string, method: string, address = '10.0.0.5', marks: object = {}) =>
    new Promise<string>((resolve) => {
      const fake = {
        ...marks,
        who,
        request: {},
        getPeer: () => `ipv4:${address}:51234`,
        getAuthContext: () => ({}),
      };
      wrapped[method]!(
        fake as never,
        ((error: grpc.ServiceError | null) =>
          resolve(error ? `${grpc.status[error.code]}: ${error.details}` : 'OK')) as never,
      );
    });
  return { clock, records, ran, call, refusals };
}

describe('admission of admin calls', () => {
  it('A1: two certificates at one address share its limit; another address has its own', async () => {
    const { call } = world({ sourceRateLimit: { perSecond: 0.001, burst: 3 } });
    const outcomes = [
      await call('ops', 'ListSweeps'),
      await call('sec', 'ListDevices'),
      await call('ops', 'ListSweeps'),
      await call('sec', 'ListDevices'),
      await call('sec', 'ListDevices', '10.0.0.6'),
    ];
    expect(outcomes).toEqual([
      'OK',
      'OK',
      'OK',
      'RESOURCE_EXHAUSTED: more than 0.001 calls per second on average (burst 3) from 10.0.0.5',
      'OK',
    ]);
  });

  it('A2: an auditor calling a forbidden method 100 times leaves one record at once and one count of 99', async () => {
    const { call, records, ran, refusals } = world();
    for (let attempt = 0; attempt < 100; attempt++) {
      expect(await call('aud', 'RunSweep')).toBe(
        'PERMISSION_DENIED: RunSweep is for system_admin, not auditor',
      );
    }
    expect(ran).toEqual([]);
    expect(records.map((record) => [record.action, record.actor, record.target, record.outcome])).toEqual([
      ['admin.call', 'admin:aud(auditor)', 'RunSweep', 'refused'],
    ]);
    await refusals.stop();
    expect(records.map((record) => [record.action, record.target, record.detail.refused])).toEqual([
      ['admin.call', 'RunSweep', undefined],
      ['admin.calls_refused', 'role', 99],
    ]);
  });

  it('A3: allowed calls are each recorded, before their handler runs', async () => {
    const { call, records, ran } = world();
    expect(await call('sec', 'ListDevices')).toBe('OK');
    expect(await call('sec', 'ListDevices')).toBe('OK');
    expect(ran).toEqual(['ListDevices', 'ListDevices']);
    expect(records.map((record) => [record.target, record.outcome])).toEqual([
      ['ListDevices', 'allowed'],
      ['ListDevices', 'allowed'],
    ]);
  });

  it('A4: below the disk reserve a change is refused and recorded one by one; reads and revocations go on', async () => {
    const { call, records, ran } = world({ diskFull: true });
    expect(await call('sec', 'UpdateDevice')).toBe('RESOURCE_EXHAUSTED: 磁盘空间不足 / disk space low');
    expect(await call('sec', 'UpdateDevice')).toBe('RESOURCE_EXHAUSTED: 磁盘空间不足 / disk space low');
    expect(await call('sec', 'ListDevices')).toBe('OK');
    expect(await call('ops', 'RevokeDevice')).toBe('OK');
    expect(ran).toEqual(['ListDevices', 'RevokeDevice']);
    expect(records.map((record) => [record.target, record.outcome])).toEqual([
      ['UpdateDevice', 'refused'],
      ['UpdateDevice', 'refused'],
      ['ListDevices', 'allowed'],
      ['RevokeDevice', 'allowed'],
    ]);
  });

  it('A9: a console call is recorded with its door; a forged one is refused as forgery, its handler not run', async () => {
    const { call, records, ran } = world();
    expect(await call('sec', 'ListMedia', '10.0.0.9', { door: 'console' })).toBe('OK');
    expect(records.at(-1)).toMatchObject({
      actor: 'admin:sec(security_admin)',
      action: 'admin.call',
      target: 'ListMedia',
      outcome: 'allowed',
      detail: { door: 'console', request: {} },
    });
    const forged = 'console form sent from another site (Sec-Fetch-Site: cross-site)';
    // The right role and a valid certificate do not help: the request was not the administrator's.
    expect(await call('sec', 'RegisterMedium', '10.0.0.9', { door: 'console', forgery: forged })).toBe(
      `PERMISSION_DENIED: ${forged}`,
    );
    expect(ran).toEqual(['ListMedia']);
    expect(records.at(-1)).toMatchObject({
      actor: 'admin:sec(security_admin)',
      target: 'RegisterMedium',
      outcome: 'refused',
      detail: { door: 'console', reason: forged },
    });
    // A second forged request in the same minute is counted, not recorded one by one (refusal-tally.ts).
    const before = records.length;
    expect(await call('sec', 'RegisterMedium', '10.0.0.9', { door: 'console', forgery: forged })).toMatch(
      /^PERMISSION_DENIED/,
    );
    expect(records.length).toBe(before);
  });
});
