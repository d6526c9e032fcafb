// The trust use cases against a real SQLite store: tokens (returned once, stored as hashes), revocation
// (the live stream is cut), the certificate list; what is refused changes nothing.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CreateEnrolmentTokensResponse__Output } from '../../proto/generated/shoumi/v1/CreateEnrolmentTokensResponse';
import type { ListCertificatesResponse__Output } from '../../proto/generated/shoumi/v1/ListCertificatesResponse';
import { callUnary } from '../../test/support/unary-call';
import { type AgentConnections, type AgentStream, agentConnections } from '../agent-connections';
import { inProcessCoordination } from '../coordination/in-process';
import { enrolmentTokenSha256 } from '../pki/enrolment-token';
import { openSqliteStore } from '../store/sqlite';
import type { NewCertificate, Store } from '../store/store';
import { handleStreamDeliveries } from '../stream-deliveries';
import { trustHandlers } from './trust';

const silent = { info() {}, warn() {}, error() {} };
const T0 = Date.UTC(2026, 10, 30, 8, 0, 0);
const HOUR = 3_600_000;

function certificate(deviceId: string, serial: string): NewCertificate {
  return {
    serial,
    kind: 'device',
    subject: deviceId,
    role: null,
    sha256: 'ab'.repeat(32),
    notBeforeMs: T0 - HOUR,
    notAfterMs: T0 + 90 * 24 * HOUR,
    issuedAtMs: T0,
    issuedBy: 'enrolment',
  };
}

describe('trust use cases', () => {
  let directory: string;
  let file: string;
  let store: Store;
  let closed: Array<{ deviceId: string; refusal?: { code: number; message: string } }>;
  let handlers: ReturnType<typeof trustHandlers>;
  let connections: AgentConnections;
  let devA: AgentStream;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-admin-trust-'));
    file = join(directory, 'collector.db');
    store = await openSqliteStore(file);
    closed = [];
    // The collector's real wiring of one collector alone: its streams claimed in the in-process directory,
    // and deliveries to them acted on (stream-deliveries.ts).
    const coordination = inProcessCoordination();
    connections = agentConnections(coordination.streams);
    handleStreamDeliveries({
      streams: coordination.streams,
      connections,
      dispatchSweeps: async () => {},
      pushPolicy: async () => {},
      log: silent,
    });
    devA = {
      deviceId: 'dev-a',
      peer: 'ipv4:10.0.0.7:1',
      send() {},
      close: (refusal) => closed.push({ deviceId: 'dev-a', refusal }),
    };
    connections.add(devA);
    handlers = trustHandlers({
      store,
      streams: coordination.streams,
      policy: {} as never,
      log: silent,
      pushPolicyBundles: async () => {},
      now: () => T0,
    });
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  const call = <Req>(method: keyof typeof handlers, request: Req) => callUnary(handlers, method, request);

  it('makes tokens, answers them once, stores only hashes, and audits count and expiry', async () => {
    const { error, value } = await call('CreateEnrolmentTokens', {
      count: 3,
      ttlSeconds: 7200,
      deviceId: '',
    });
    expect(error).toBeNull();
    const tokens = (value as CreateEnrolmentTokensResponse__Output).tokens;
    expect(tokens).toHaveLength(3);
    for (const token of tokens) {
      expect(token).toMatchObject({ expiresAtMs: T0 + 2 * HOUR, deviceId: '' });
      expect(token.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await store.findEnrolmentToken(enrolmentTokenSha256(token.token))).toMatchObject({
        deviceId: null,
        createdBy: 'admin:unauthenticated',
      });
    }
    const audit = await store.listAudit({ limit: 10 });
    expect(audit).toMatchObject([
      {
        action: 'token.created',
        source: 'ipv4:127.0.0.1:5555',
        detail: { count: 3, deviceId: null, expiresAtMs: T0 + 2 * HOUR },
      },
    ]);
    await store.close();
    const database = await readFile(file);
    const wal = await readFile(`${file}-wal`).catch(() => Buffer.alloc(0));
    for (const token of tokens) {
      expect(database.includes(Buffer.from(token.token))).toBe(false);
      expect(wal.includes(Buffer.from(token.token))).toBe(false);
    }
    store = await openSqliteStore(file);
  });

  it('defaults to one token for 24 hours, and binds one to a device', async () => {
    const plain = await call('CreateEnrolmentTokens', { count: 0, ttlSeconds: 0, deviceId: '' });
    expect((plain.value as CreateEnrolmentTokensResponse__Output).tokens).toMatchObject([
      { expiresAtMs: T0 + 24 * HOUR, deviceId: '' },
    ]);
    const bound = await call('CreateEnrolmentTokens', { count: 1, ttlSeconds: 600, deviceId: 'dev-a' });
    const [token] = (bound.value as CreateEnrolmentTokensResponse__Output).tokens;
    expect(token).toMatchObject({ deviceId: 'dev-a', expiresAtMs: T0 + 600_000 });
    expect(await store.findEnrolmentToken(enrolmentTokenSha256(token!.token))).toMatchObject({
      deviceId: 'dev-a',
    });
  });

  it('refuses counts, lifetimes and device ids outside the rules, storing nothing', async () => {
    const refusals: Array<[{ count: number; ttlSeconds: number; deviceId: string }, RegExp]> = [
      [{ count: 1001, ttlSeconds: 0, deviceId: '' }, /count 1001: expected 1\.\.1000/],
      [{ count: 1, ttlSeconds: 59, deviceId: '' }, /ttl 59 s: expected 60 s \.\. 30 days/],
      [{ count: 1, ttlSeconds: 31 * 24 * 3600, deviceId: '' }, /ttl/],
      [{ count: 1, ttlSeconds: -60, deviceId: '' }, /ttl/],
      [{ count: 2, ttlSeconds: 0, deviceId: 'dev-a' }, /made one at a time/],
      [{ count: 1, ttlSeconds: 0, deviceId: 'dev a' }, /device_id "dev a" is not a valid device id/],
    ];
    for (const [request, message] of refusals) {
      const { error } = await call('CreateEnrolmentTokens', request);
      expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error?.details).toMatch(message);
    }
    expect(await store.listAudit({ limit: 10 })).toEqual([]);
  });

  it('revokes a device: certificates refused, the live stream cut with UNAUTHENTICATED, audited', async () => {
    await store.recordCertificate(
      certificate('dev-a', 'aa01'),
      {
        actor: 't',
        source: 'local',
        action: 'certificate.issued',
        target: 'dev-a',
        detail: {},
        outcome: 'allowed',
      },
      T0,
    );
    const { error, value } = await call('RevokeDevice', {
      deviceId: 'dev-a',
      reason: '  workstation stolen ',
    });
    expect(error).toBeNull();
    expect(value).toEqual({ deviceId: 'dev-a', certificatesRevoked: 1, streamDropped: true });
    expect(closed).toEqual([
      {
        deviceId: 'dev-a',
        refusal: { code: grpc.status.UNAUTHENTICATED, message: 'certificate revoked: workstation stolen' },
      },
    ]);
    expect(await store.certificateStanding('aa01')).toMatchObject({
      status: 'revoked',
      record: { revokeReason: 'workstation stolen', revokedBy: 'admin:unauthenticated' },
    });
    expect((await store.listAudit({ limit: 10 })).at(-1)).toMatchObject({
      action: 'device.revoked',
      target: 'device:dev-a',
      detail: { reason: 'workstation stolen', serials: ['aa01'] },
    });

    // Again, and no stream: nothing left to revoke, nothing cut.
    connections.remove('dev-a', devA);
    const again = await call('RevokeDevice', { deviceId: 'dev-a', reason: 'again' });
    expect(again.value).toEqual({ deviceId: 'dev-a', certificatesRevoked: 0, streamDropped: false });
    expect(closed).toHaveLength(1);
  });

  it('refuses a revocation without reason, with a bad or unknown device, changing nothing', async () => {
    await store.recordCertificate(
      certificate('dev-a', 'aa02'),
      {
        actor: 't',
        source: 'local',
        action: 'certificate.issued',
        target: 'dev-a',
        detail: {},
        outcome: 'allowed',
      },
      T0,
    );
    const refusals: Array<[{ deviceId: string; reason: string }, grpc.status, RegExp]> = [
      [{ deviceId: 'dev-a', reason: '  ' }, grpc.status.INVALID_ARGUMENT, /reason is required/],
      [{ deviceId: 'dev-a', reason: 'x'.repeat(501) }, grpc.status.INVALID_ARGUMENT, /at most 500/],
      [{ deviceId: '', reason: 'r' }, grpc.status.INVALID_ARGUMENT, /device_id is required/],
      [{ deviceId: 'a,b', reason: 'r' }, grpc.status.INVALID_ARGUMENT, /device_id "a,b"/],
      [{ deviceId: 'dev-typo', reason: 'r' }, grpc.status.NOT_FOUND, /no certificate was ever issued/],
    ];
    for (const [request, code, message] of refusals) {
      const { error } = await call('RevokeDevice', request);
      expect(error?.code).toBe(code);
      expect(error?.details).toMatch(message);
    }
    expect(closed).toEqual([]);
    expect(await store.certificateStanding('aa02')).toMatchObject({ status: 'valid' });
    expect((await store.listAudit({ limit: 10 })).map((entry) => entry.action)).toEqual([
      'certificate.issued',
    ]);
  });

  it('lists certificates, filtered by kind and subject; an unknown kind is refused', async () => {
    const audit = {
      actor: 't',
      source: 'local',
      action: 'x',
      target: 'y',
      detail: {},
      outcome: 'allowed' as const,
    };
    await store.recordCertificate(certificate('dev-a', 'aa03'), audit, T0);
    await store.recordCertificate(
      { ...certificate('ops', 'aa04'), kind: 'admin', role: 'auditor', issuedAtMs: T0 + 1 },
      audit,
      T0,
    );
    const all = await call('ListCertificates', { kind: '', subject: '' });
    expect((all.value as ListCertificatesResponse__Output).certificates).toMatchObject([
      { serial: 'aa03', kind: 'device', role: '', revokedAtMs: 0, revokedBy: '' },
      { serial: 'aa04', kind: 'admin', role: 'auditor' },
    ]);
    const admins = await call('ListCertificates', { kind: 'admin', subject: '' });
    expect((admins.value as ListCertificatesResponse__Output).certificates.map((c) => c.subject)).toEqual([
      'ops',
    ]);
    const one = await call('ListCertificates', { kind: '', subject: 'dev-a' });
    expect((one.value as ListCertificatesResponse__Output).certificates.map((c) => c.serial)).toEqual([
      'aa03',
    ]);
    const bad = await call('ListCertificates', { kind: 'user', subject: '' });
    expect(bad.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(bad.error?.details).toMatch(/kind "user": expected device, admin/);
  });
});
