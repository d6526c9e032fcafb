// The audit use cases against a real SQLite store: paging and the action filter, the digest, verification
// with and without a digest, bad input refused by name, and that none of them appends to the trail.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callUnary } from '../../test/support/unary-call';
import { inProcessCoordination } from '../coordination/in-process';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import { auditHandlers } from './audit';

const silent = { info() {}, warn() {}, error() {} };

describe('audit use cases', () => {
  let directory: string;
  let store: Store;
  let handlers: ReturnType<typeof auditHandlers>;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-admin-audit-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    handlers = auditHandlers({
      store,
      streams: inProcessCoordination().streams,
      policy: {} as never,
      log: silent,
      pushPolicyBundles: async () => {},
      now: () => Date.UTC(2026, 10, 30, 8),
    });
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  const call = <Req>(method: keyof typeof handlers, request: Req) => callUnary(handlers, method, request);

  async function appendSome(count: number) {
    for (let index = 1; index <= count; index++) {
      await store.appendAudit(
        {
          actor: 'admin:unauthenticated',
          source: 'local',
          action: index % 3 === 0 ? 'medium.registered' : 'ledger.updated',
          target: `PC-${index}`,
          detail: { index },
          outcome: 'allowed',
        },
        1000 * index,
      );
    }
  }

  const trailLength = async () => (await store.readAuditRecords({ afterPosition: 0, limit: 10_000 })).length;

  it('lists in pages, filters by action, and carries each record’s algorithm and raw detail', async () => {
    await appendSome(7);
    const first = await call('ListAudit', { limit: 3, afterPosition: 0, action: '' });
    expect(first.error).toBeNull();
    expect(first.value.records.map((record: { position: number }) => record.position)).toEqual([1, 2, 3]);
    expect(first.value.nextAfterPosition).toBe(3);
    expect(first.value.records[0]).toMatchObject({ detailJson: '{"index":1}', target: 'PC-1' });
    expect(['sm3', 'sha256']).toContain(first.value.records[0].algorithm);
    const rest = await call('ListAudit', { limit: 100, afterPosition: 3, action: '' });
    expect(rest.value.records).toHaveLength(4);
    expect(rest.value.nextAfterPosition).toBe(0);
    const media = await call('ListAudit', { limit: 100, afterPosition: 0, action: 'medium.registered' });
    expect(media.value.records.map((record: { position: number }) => record.position)).toEqual([3, 6]);
  });

  it('digest names the head; verify with it passes, with a wrong hash fails naming the position', async () => {
    await appendSome(4);
    const { value } = await call('GetAuditDigest', {});
    expect(value.digest).toMatchObject({ position: 4, madeAtMs: Date.UTC(2026, 10, 30, 8) });
    expect(value.text).toMatch(/^position: 4$/m);
    const good = await call('VerifyAudit', { digest: value.digest });
    expect(good.value).toMatchObject({ ok: true, recordsChecked: 4, headPosition: 4, digestChecked: true });
    expect(good.value.problem).toBeNull();
    const wrong = await call('VerifyAudit', { digest: { ...value.digest, hash: 'f'.repeat(64) } });
    expect(wrong.value).toMatchObject({ ok: false, problem: { position: 4, kind: 'digest-mismatch' } });
  });

  it('filters by actor and time as well as action; a bad filter is refused naming its field', async () => {
    await appendSome(6);
    await store.appendAudit(
      {
        actor: 'admin:张三(auditor)',
        source: 'local',
        action: 'audit.sealed',
        target: 'audit:6',
        detail: {},
        outcome: 'allowed',
      },
      7000,
    );
    const positions = async (request: Record<string, unknown>) => {
      const { value, error } = await call('ListAudit', {
        limit: 100,
        afterPosition: 0,
        action: '',
        ...request,
      });
      expect(error).toBeNull();
      return value.records.map((record: { position: number }) => record.position);
    };
    expect(await positions({ actor: 'admin:张三(auditor)' })).toEqual([7]);
    // appendSome writes record N at N seconds; from is inclusive, to exclusive.
    expect(await positions({ fromMs: 2000, toMs: 5000 })).toEqual([2, 3, 4]);
    expect(await positions({ action: 'ledger.updated', fromMs: 3000 })).toEqual([4, 5]);
    const refusedFor = async (request: Record<string, unknown>) => {
      const { error } = await call('ListAudit', { limit: 10, afterPosition: 0, action: '', ...request });
      expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
      return error?.details;
    };
    expect(await refusedFor({ actor: 'admin:a\nadmin:b' })).toMatch(/^actor "admin:a/);
    expect(await refusedFor({ actor: 'x'.repeat(301) })).toMatch(/^actor "x+/);
    expect(await refusedFor({ fromMs: -1 })).toMatch(/^from_ms -1/);
    expect(await refusedFor({ toMs: 1.5 })).toMatch(/^to_ms 1.5/);
    expect(await refusedFor({ fromMs: 5000, toMs: 5000 })).toBe('to_ms 5000: must be after from_ms 5000');
    expect(await trailLength()).toBe(7);
  });

  it('lists the stored seals newest first, 50 unless asked, what each statement says', async () => {
    await appendSome(60);
    for (let position = 1; position <= 60; position++) {
      const statement = JSON.stringify({
        algorithm: 'sm3',
        hash: position.toString(16).padStart(64, '0'),
        headAtMs: 1000 * position,
        position,
        sealedAtMs: 1000 * position + 1,
        signerKind: position % 2 ? 'collector' : 'auditor',
        signerName: position % 2 ? 'shoumi collector audit seal' : '审计员',
        type: 'shoumi.audit.seal/1',
      });
      await store.appendSeal(
        { statement, signature: 'c2ln', certificate: 'PEM' },
        { signerKind: position % 2 ? 'collector' : 'auditor', position },
        undefined,
        1000 * position + 2,
      );
    }
    const listed = await call('ListAuditSeals', { limit: 0 });
    expect(listed.value.seals).toHaveLength(50);
    expect(listed.value.seals[0]).toEqual({
      id: 60,
      signerKind: 'auditor',
      signerName: '审计员',
      position: 60,
      hash: '000000000000000000000000000000000000000000000000000000000000003c',
      sealedAtMs: 60_001,
    });
    expect(listed.value.seals[49].position).toBe(11);
    const two = await call('ListAuditSeals', { limit: 2 });
    expect(two.value.seals.map((seal: { position: number }) => seal.position)).toEqual([60, 59]);
    expect(two.value.seals[1]).toMatchObject({
      signerKind: 'collector',
      signerName: 'shoumi collector audit seal',
    });
  });

  it('lists a stored seal whose statement does not read with its name and hash empty', async () => {
    await appendSome(1);
    await store.appendSeal(
      { statement: 'not json', signature: 'c2ln', certificate: 'PEM' },
      { signerKind: 'auditor', position: 1 },
      undefined,
      5,
    );
    expect((await call('ListAuditSeals', { limit: 5 })).value.seals).toEqual([
      { id: 1, signerKind: 'auditor', signerName: '', position: 1, hash: '', sealedAtMs: 0 },
    ]);
  });

  it('an empty trail has no digest and verifies as empty', async () => {
    expect((await call('GetAuditDigest', {})).value).toEqual({ digest: null, text: '' });
    expect((await call('VerifyAudit', { digest: null })).value).toMatchObject({
      ok: true,
      recordsChecked: 0,
    });
  });

  it('bad input is refused by name; reading and verifying append nothing', async () => {
    await appendSome(2);
    const badHash = await call('VerifyAudit', {
      digest: { position: 1, hash: 'xyz', algorithm: 'sm3', atMs: 0, madeAtMs: 0 },
    });
    expect(badHash.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(badHash.error?.details).toMatch(/digest.hash "xyz"/);
    const badPosition = await call('VerifyAudit', {
      digest: { position: 0, hash: 'a'.repeat(64), algorithm: 'sm3', atMs: 0, madeAtMs: 0 },
    });
    expect(badPosition.error?.details).toMatch(/digest.position 0/);
    const badAction = await call('ListAudit', {
      limit: 10,
      afterPosition: 0,
      action: "x'; DROP TABLE audit",
    });
    expect(badAction.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(badAction.error?.details).toMatch(/action "x'; DROP TABLE audit"/);
    await call('ListAudit', { limit: 10, afterPosition: 0, action: '' });
    await call('GetAuditDigest', {});
    await call('VerifyAudit', { digest: null });
    expect(await trailLength()).toBe(2);
  });
});
