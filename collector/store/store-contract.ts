// The contract every store backend must pass. A backend's test file calls describeStoreContract with a
// factory that opens a fresh, empty store and a cleanup that removes it.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Finding, FindingStatus } from '../../policies/model';
import { auditRecordHash, GENESIS_PREVIOUS_HASH, preferredAuditHashAlgorithm } from './audit-hash';
import { canonicalJson } from './canonical-json';
import type { AuditContext, DeviceFilter, Store, StoredFinding } from './store';
import type { OpenedStore } from './store-backends';
import { InvalidStoreInputError, StoreClosedError, UnknownDeviceError } from './store-errors';
import { findingOf, helloFor } from './store-fixtures';

const ADMIN: AuditContext = { actor: 'admin:wang', source: '127.0.0.1' };

async function allPages(
  store: Store,
  query: Omit<Parameters<Store['listFindings']>[0], 'pageToken'>,
): Promise<{ findings: StoredFinding[]; pages: number }> {
  const findings: StoredFinding[] = [];
  let pageToken = '';
  let pages = 0;
  do {
    const page = await store.listFindings({ ...query, pageToken });
    findings.push(...page.findings);
    pageToken = page.nextPageToken;
    pages += 1;
    if (pages > 10_000) throw new Error('pagination does not end');
  } while (pageToken !== '');
  return { findings, pages };
}

export function describeStoreContract(name: string, openStore: () => Promise<OpenedStore>): void {
  describe(`store contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await openStore();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close().catch(() => undefined);
      await opened.cleanup();
    });

    it('creates a device on hello and audits its first contact once', async () => {
      const first = await store.recordHello(helloFor('dev-a'), 1000);
      expect(first).toMatchObject({
        deviceId: 'dev-a',
        hostname: 'host-dev-a',
        firstSeenMs: 1000,
        lastSeq: 0,
      });
      const again = await store.recordHello({ ...helloFor('dev-a'), agentVersion: '0.2.0' }, 2000);
      expect(again).toMatchObject({ firstSeenMs: 1000, lastSeenMs: 2000, agentVersion: '0.2.0' });
      const audit = await store.listAudit({ limit: 100 });
      expect(audit.map((entry) => [entry.action, entry.target])).toEqual([['device.first_seen', 'dev-a']]);
    });

    it('rejects findings from an unknown device and stores nothing', async () => {
      await expect(store.recordFindings('nobody', [findingOf(1)], 1)).rejects.toBeInstanceOf(
        UnknownDeviceError,
      );
      const page = await store.listFindings({ limit: 10, history: true });
      expect(page.findings).toEqual([]);
    });

    it('refuses an invalid finding with a clear error without failing other callers', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      const bad = findingOf(1, { status: 'broken' as FindingStatus });
      const [refused, accepted] = await Promise.allSettled([
        store.recordFindings('dev-a', [bad], 5),
        store.recordFindings('dev-a', [findingOf(2)], 5),
      ]);
      expect(refused.status).toBe('rejected');
      expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(InvalidStoreInputError);
      expect(String((refused as PromiseRejectedResult).reason.message)).toContain('status "broken"');
      expect(accepted).toEqual({ status: 'fulfilled', value: { stored: 1, duplicates: 0, lastSeq: 2 } });
    });

    it('records refused seqs with their batch: last seq moves past them, nothing of them is stored as a finding', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      const refusal = {
        seq: 2,
        ruleId: 'connection-peers-allowed',
        subject: 'tcp 203.0.113.9:443',
        reason: 'evidence_json: expected at most 65536 bytes',
      };
      expect(await store.recordFindings('dev-a', [findingOf(1), findingOf(3)], 10, [refusal])).toEqual({
        stored: 2,
        duplicates: 0,
        lastSeq: 3,
        refused: [refusal],
      });
      // A batch whose every finding was refused still moves the device on.
      const onlyRefused = [
        { seq: 4, ruleId: '', subject: '', reason: 'clause: expected a clause like "3.7.4", got "x"' },
        {
          seq: 5,
          ruleId: 'r5',
          subject: 's5',
          reason: 'status: expected PASS, FAIL, ERROR or NOT_APPLICABLE',
        },
      ];
      expect(await store.recordFindings('dev-a', [], 20, onlyRefused)).toEqual({
        stored: 0,
        duplicates: 0,
        lastSeq: 5,
        refused: onlyRefused,
      });
      expect((await allPages(store, { limit: 100, history: true })).findings.map((f) => f.seq)).toEqual([
        1, 3,
      ]);
      expect(await store.getDevice('dev-a')).toMatchObject({
        lastSeq: 5,
        counts: { pass: 0, fail: 1, error: 0, not_applicable: 0 },
      });
      expect(await store.listRefusals({ deviceId: 'dev-a', afterSeq: 0, upToSeq: 5, limit: 10 })).toEqual([
        { deviceId: 'dev-a', receivedAtMs: 10, ...refusal },
        { deviceId: 'dev-a', receivedAtMs: 20, ...onlyRefused[0] },
        { deviceId: 'dev-a', receivedAtMs: 20, ...onlyRefused[1] },
      ]);
      // Exactly the range asked for, in seq order, at most `limit`.
      const seqsOf = async (afterSeq: number, upToSeq: number, limit: number) =>
        (await store.listRefusals({ deviceId: 'dev-a', afterSeq, upToSeq, limit })).map((r) => r.seq);
      expect(await seqsOf(2, 5, 10)).toEqual([4, 5]);
      expect(await seqsOf(0, 4, 10)).toEqual([2, 4]);
      expect(await seqsOf(0, 5, 2)).toEqual([2, 4]);
      expect(await seqsOf(5, 9, 10)).toEqual([]);
      expect(await store.listRefusals({ deviceId: 'dev-b', afterSeq: 0, upToSeq: 9, limit: 10 })).toEqual([]);
    });

    it('keeps a refusal once when resent, and never refuses a seq already stored as a finding', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      const refusal = { seq: 2, ruleId: 'r', subject: 's', reason: 'evidence_json: expected a JSON object' };
      await store.recordFindings('dev-a', [findingOf(1)], 10, [refusal]);
      // The same batch again (its ack was lost): the refusal stands, first record kept, nothing else moves.
      expect(await store.recordFindings('dev-a', [findingOf(1)], 30, [refusal])).toEqual({
        stored: 0,
        duplicates: 1,
        lastSeq: 2,
        refused: [refusal],
      });
      // A collector that refuses what an earlier one stored (stricter limits after an upgrade) undoes nothing.
      const late = { seq: 1, ruleId: 'r', subject: 's', reason: 'evidence_json: expected at most 32 levels' };
      expect(await store.recordFindings('dev-a', [], 40, [late])).toEqual({
        stored: 0,
        duplicates: 0,
        lastSeq: 2,
        refused: [],
      });
      expect(await store.listRefusals({ deviceId: 'dev-a', afterSeq: 0, upToSeq: 9, limit: 10 })).toEqual([
        { deviceId: 'dev-a', receivedAtMs: 10, ...refusal },
      ]);
      expect((await allPages(store, { limit: 100, history: true })).findings.map((f) => f.seq)).toEqual([1]);
    });

    it('refuses a malformed refusal naming the field, and writes nothing of its call', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      const good = { seq: 3, ruleId: 'r', subject: 's', reason: 'clause: expected a clause' };
      const cases: Array<[Parameters<Store['recordFindings']>[3], RegExp]> = [
        [[{ ...good, seq: 0 }], /refusal of seq 0 from device "dev-a": seq must be a positive integer/],
        [[{ ...good, reason: '' }], /reason must not be empty/],
        [[{ ...good, subject: 'x'.repeat(1025) }], /subject must be at most 1024 characters, got 1025/],
        [[{ ...good, ruleId: 'r'.repeat(129) }], /ruleId must be at most 128 characters/],
        [[good, { ...good, seq: 4, reason: 'r'.repeat(513) }], /reason must be at most 512 characters/],
      ];
      for (const [refused, problem] of cases) {
        const outcome = store.recordFindings('dev-a', [findingOf(1)], 10, refused);
        await expect(outcome).rejects.toBeInstanceOf(InvalidStoreInputError);
        await expect(outcome).rejects.toThrow(problem);
      }
      await expect(store.recordFindings('nobody', [], 10, [good])).rejects.toBeInstanceOf(UnknownDeviceError);
      expect((await store.getDevice('dev-a'))?.lastSeq).toBe(0);
      expect(await store.listRefusals({ deviceId: 'dev-a', afterSeq: 0, upToSeq: 9, limit: 10 })).toEqual([]);
      expect((await store.listFindings({ limit: 10, history: true })).findings).toEqual([]);
    });

    it('ignores a re-sent (device, seq): stored 0, duplicates n, nothing changed', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      const batch = [findingOf(1), findingOf(2, { subject: 'usb:0781:5581:DEF' })];
      expect(await store.recordFindings('dev-a', batch, 10)).toEqual({
        stored: 2,
        duplicates: 0,
        lastSeq: 2,
      });
      const before = await allPages(store, { limit: 100, history: true });
      const deviceBefore = await store.getDevice('dev-a');

      const resent = batch.map((finding) => ({ ...finding, status: 'pass' as const, reason: 'changed' }));
      expect(await store.recordFindings('dev-a', resent, 20)).toEqual({
        stored: 0,
        duplicates: 2,
        lastSeq: 2,
      });

      expect(await allPages(store, { limit: 100, history: true })).toEqual(before);
      expect((await store.getDevice('dev-a'))?.counts).toEqual(deviceBefore?.counts);
      expect((await store.listFindings({ limit: 100 })).findings.map((f) => f.status)).toEqual([
        'fail',
        'fail',
      ]);
    });

    it('counts a seq repeated inside one group once', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      const results = await Promise.all([
        store.recordFindings('dev-a', [findingOf(7), findingOf(7)], 1),
        store.recordFindings('dev-a', [findingOf(7)], 1),
      ]);
      expect(results.map((result) => result.stored)).toEqual([1, 0]);
      expect(results.map((result) => result.duplicates)).toEqual([1, 1]);
    });

    it('keeps the summary counters exact when statuses flip, and ignores older seqs', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      await store.recordFindings(
        'dev-a',
        [
          findingOf(1, { ruleId: 'r1', status: 'fail' }),
          findingOf(2, { ruleId: 'r2', status: 'error' }),
          findingOf(3, { ruleId: 'r3', status: 'pass' }),
          findingOf(4, { ruleId: 'r4', status: 'not_applicable' }),
        ],
        10,
      );
      expect((await store.getDevice('dev-a'))?.counts).toEqual({
        pass: 1,
        fail: 1,
        error: 1,
        not_applicable: 1,
      });

      await store.recordFindings(
        'dev-a',
        [findingOf(5, { ruleId: 'r1', status: 'pass' }), findingOf(6, { ruleId: 'r2', status: 'fail' })],
        20,
      );
      expect((await store.getDevice('dev-a'))?.counts).toEqual({
        pass: 2,
        fail: 1,
        error: 0,
        not_applicable: 1,
      });

      const jump = await store.recordFindings('dev-a', [findingOf(100, { ruleId: 'r9' })], 30);
      expect(jump.lastSeq).toBe(100);
      await store.recordFindings('dev-a', [findingOf(50, { ruleId: 'r1', status: 'fail' })], 40);
      expect((await store.getDevice('dev-a'))?.counts).toEqual({
        pass: 1,
        fail: 3,
        error: 0,
        not_applicable: 1,
      });
      // A late finding with an older seq (8 < 50) for r1 is kept in history but does not become current.
      await store.recordFindings('dev-a', [findingOf(8, { ruleId: 'r1', status: 'pass' })], 50);
      expect((await store.getDevice('dev-a'))?.counts).toEqual({
        pass: 1,
        fail: 3,
        error: 0,
        not_applicable: 1,
      });
      const r1 = await store.listFindings({ limit: 10, ruleId: 'r1' });
      expect(r1.findings.map((f) => [f.seq, f.status])).toEqual([[50, 'fail']]);
      expect((await store.getDevice('dev-a'))?.lastSeq).toBe(100);
    });

    it('counts compliant, failing and never-seen devices, and failures by clause', async () => {
      await store.setRequiredRules(['usb.unregistered-storage']);
      for (const id of ['ok-1', 'ok-2', 'bad-1', 'bad-2']) await store.recordHello(helloFor(id), 1);
      await store.recordFindings('ok-2', [findingOf(1, { status: 'not_applicable' })], 2);
      await store.updateLedger('ledger-only', { assetNumber: 'A-9' }, ADMIN);
      await store.recordFindings('ok-1', [findingOf(1, { status: 'pass' })], 2);
      await store.recordFindings(
        'bad-1',
        [
          findingOf(1, { ruleId: 'usb', clause: '3.7.5', status: 'fail' }),
          findingOf(2, { ruleId: 'usb', clause: '3.7.5', subject: 'other', status: 'fail' }),
          findingOf(3, { ruleId: 'net', clause: '3.7.8', status: 'error' }),
        ],
        2,
      );
      await store.recordFindings(
        'bad-2',
        [findingOf(1, { ruleId: 'usb', clause: '3.7.5', status: 'fail' })],
        2,
      );

      const counts = await store.fleetCounts();
      expect(counts).toMatchObject({ devices: 5, compliant: 2, failing: 2, neverSeen: 1, notJudged: 0 });
      expect(counts.byClause).toEqual([
        { clause: '3.7.5', failingDevices: 2, failingFindings: 3 },
        { clause: '3.7.8', failingDevices: 1, failingFindings: 1 },
      ]);

      await store.recordFindings(
        'bad-2',
        [findingOf(2, { ruleId: 'usb', clause: '3.7.5', status: 'pass' })],
        3,
      );
      const after = await store.fleetCounts();
      // bad-2 fails nothing any more, but has never judged the required rule: not yet judged, not compliant.
      expect(after).toMatchObject({ compliant: 2, failing: 1, notJudged: 1 });
      expect(after.byClause[0]).toEqual({ clause: '3.7.5', failingDevices: 1, failingFindings: 2 });
    });

    it('never counts a device that has delivered nothing as compliant, whatever rules are required', async () => {
      await store.recordHello(helloFor('silent'), 1);
      await store.updateLedger('ledger-only', { assetNumber: 'A-1' }, ADMIN);
      // Before the collector has said which rules are required, nothing is evidence of compliance.
      expect(await store.fleetCounts()).toMatchObject({
        devices: 2,
        compliant: 0,
        failing: 0,
        neverSeen: 1,
        notJudged: 1,
      });
      expect((await store.getDevice('silent'))?.judgement).toEqual({
        state: 'not_judged',
        rulesWithoutVerdict: 0,
      });
      await store.setRequiredRules(['r1', 'r2']);
      expect(await store.fleetCounts()).toMatchObject({ compliant: 0, neverSeen: 1, notJudged: 1 });
      expect((await store.getDevice('silent'))?.judgement).toEqual({
        state: 'not_judged',
        rulesWithoutVerdict: 2,
      });
      // A ledger entry whose agent never connected stays never seen.
      expect((await store.getDevice('ledger-only'))?.judgement).toEqual({
        state: 'never_seen',
        rulesWithoutVerdict: 2,
      });
    });

    it('holds a device short of one required verdict as not yet judged, compliant once it has them all', async () => {
      await store.setRequiredRules(['r1', 'r2', 'r3']);
      await store.recordHello(helloFor('dev-a'), 1);
      await store.recordFindings(
        'dev-a',
        [
          findingOf(1, { ruleId: 'r1', subject: 'x', status: 'pass' }),
          findingOf(2, { ruleId: 'r1', subject: 'y', status: 'pass' }),
          findingOf(3, { ruleId: 'r2', subject: '', status: 'not_applicable' }),
          // Not required: judges nothing that counts.
          findingOf(4, { ruleId: 'r9', subject: '', status: 'pass' }),
        ],
        2,
      );
      expect(await store.fleetCounts()).toMatchObject({ compliant: 0, notJudged: 1, failing: 0 });
      expect((await store.getDevice('dev-a'))?.judgement).toEqual({
        state: 'not_judged',
        rulesWithoutVerdict: 1,
      });
      await store.recordFindings('dev-a', [findingOf(5, { ruleId: 'r3', subject: '', status: 'pass' })], 3);
      expect(await store.fleetCounts()).toMatchObject({ compliant: 1, notJudged: 0, failing: 0 });
      const listed = (await store.listDevices({ limit: 10 })).devices[0];
      expect(listed?.judgement).toEqual({ state: 'compliant', rulesWithoutVerdict: 0 });
      await store.recordFindings('dev-a', [findingOf(6, { ruleId: 'r3', subject: '', status: 'error' })], 4);
      expect(await store.fleetCounts()).toMatchObject({ compliant: 0, notJudged: 0, failing: 1 });
      expect((await store.getDevice('dev-a'))?.judgement.state).toBe('failing');
    });

    it('moves devices between states when the required rules change', async () => {
      for (const id of ['x', 'y']) await store.recordHello(helloFor(id), 1);
      await store.recordFindings(
        'x',
        [findingOf(1, { ruleId: 'r1', status: 'pass' }), findingOf(2, { ruleId: 'r2', status: 'pass' })],
        2,
      );
      await store.recordFindings('y', [findingOf(1, { ruleId: 'r1', status: 'pass' })], 2);
      const states = async () =>
        (await store.listDevices({ limit: 10 })).devices.map((device) => [
          device.deviceId,
          device.judgement.state,
          device.judgement.rulesWithoutVerdict,
        ]);

      expect(await store.setRequiredRules(['r1'])).toEqual({ changed: true, devicesRecounted: 2 });
      expect(await states()).toEqual([
        ['x', 'compliant', 0],
        ['y', 'compliant', 0],
      ]);
      expect(await store.fleetCounts()).toMatchObject({ compliant: 2, notJudged: 0 });

      // x has judged r2 already, y has not: only x's count moves (1 → 2).
      expect(await store.setRequiredRules(['r2', 'r1'])).toEqual({ changed: true, devicesRecounted: 1 });
      expect(await states()).toEqual([
        ['x', 'compliant', 0],
        ['y', 'not_judged', 1],
      ]);
      expect(await store.fleetCounts()).toMatchObject({ compliant: 1, notJudged: 1 });

      expect(await store.setRequiredRules(['r2'])).toEqual({ changed: true, devicesRecounted: 2 });
      expect(await states()).toEqual([
        ['x', 'compliant', 0],
        ['y', 'not_judged', 1],
      ]);
      // The same set again (in another order, with a repeat) writes nothing.
      expect(await store.setRequiredRules(['r2', 'r2'])).toEqual({ changed: false, devicesRecounted: 0 });
      expect(await store.requiredRules()).toEqual(['r2']);

      // Triggers carry on under the new set: y's first r2 verdict makes it compliant.
      await store.recordFindings('y', [findingOf(2, { ruleId: 'r2', status: 'not_applicable' })], 3);
      expect(await states()).toEqual([
        ['x', 'compliant', 0],
        ['y', 'compliant', 0],
      ]);
      expect(await store.fleetCounts()).toMatchObject({ devices: 2, compliant: 2, notJudged: 0 });
      await expect(store.setRequiredRules(['r1', ''])).rejects.toBeInstanceOf(InvalidStoreInputError);
      expect(await store.requiredRules()).toEqual(['r2']);
    });

    it('keeps one current state per (device, rule): never a whole-rule verdict beside subject verdicts', async () => {
      await store.setRequiredRules(['wifi-radio-absent']);
      await store.recordHello(helloFor('ws'), 1);
      const wifi = (seq: number, overrides: Partial<Finding>) =>
        findingOf(seq, { ruleId: 'wifi-radio-absent', clause: '3.7.8', ...overrides });
      const current = async () =>
        (await store.listFindings({ limit: 100, deviceId: 'ws' })).findings.map((f) => [
          f.subject,
          f.seq,
          f.status,
        ]);
      // The tester's case: the rule passes as a whole, then fails for two radios.
      await store.recordFindings(
        'ws',
        [wifi(1, { subject: '', status: 'pass', reason: 'no Wi-Fi radio' })],
        2,
      );
      await store.recordFindings(
        'ws',
        [wifi(2, { subject: 'phy0', status: 'fail' }), wifi(3, { subject: 'phy1', status: 'fail' })],
        3,
      );
      expect(await current()).toEqual([
        ['phy0', 2, 'fail'],
        ['phy1', 3, 'fail'],
      ]);
      expect((await store.getDevice('ws'))?.counts).toEqual({
        pass: 0,
        fail: 2,
        error: 0,
        not_applicable: 0,
      });
      // phy1 is removed: its removal closes it and is no verdict of its own.
      await store.recordFindings(
        'ws',
        [wifi(4, { subject: 'phy1', status: 'pass', reason: 'no longer present', gone: true })],
        4,
      );
      expect(await current()).toEqual([['phy0', 2, 'fail']]);
      // Both radios gone: the rule passes as a whole again, and phy0's removal arrives in the same batch.
      await store.recordFindings(
        'ws',
        [
          wifi(6, { subject: 'phy0', status: 'pass', reason: 'no longer present', gone: true }),
          wifi(5, { subject: '', status: 'pass', reason: 'no Wi-Fi radio' }),
        ],
        5,
      );
      expect(await current()).toEqual([['', 5, 'pass']]);
      expect((await store.getDevice('ws'))?.counts).toEqual({
        pass: 1,
        fail: 0,
        error: 0,
        not_applicable: 0,
      });
      expect(await store.fleetCounts()).toMatchObject({ compliant: 1, failing: 0, byClause: [] });
      // Everything stays in history, and the removals say they are removals.
      const history = (await allPages(store, { limit: 100, history: true })).findings;
      expect(history.map((f) => [f.seq, f.subject, f.gone === true])).toEqual([
        [1, '', false],
        [2, 'phy0', false],
        [3, 'phy1', false],
        [4, 'phy1', true],
        [5, '', false],
        [6, 'phy0', true],
      ]);
    });

    it('refuses an agent finding of a collector-owned rule, and a collector finding of an agent rule', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      await expect(
        store.recordFindings(
          'dev-a',
          [findingOf(1, { ruleId: 'agent-reports-regularly', status: 'pass' })],
          2,
        ),
      ).rejects.toThrow(/rule "agent-reports-regularly" is judged by the collector/);
      await expect(
        store.recordCollectorFindings(
          [
            {
              deviceId: 'dev-a',
              ruleId: 'usb-storage-registered',
              clause: '3.7.4',
              subject: '',
              status: 'pass',
              severity: 'high',
              evidence: {},
              reason: '',
              observedAtMs: 1,
              sweepId: '',
            },
          ],
          2,
        ),
      ).rejects.toThrow(/rule "usb-storage-registered" is an agent's/);
      expect((await store.listFindings({ limit: 10, history: true })).findings).toEqual([]);
    });

    it('lists history newest first in exact pages, with tokens of its own', async () => {
      for (const deviceId of ['dev-a', 'dev-b']) {
        await store.recordHello(helloFor(deviceId), 1);
        await store.recordFindings(
          deviceId,
          [1, 2, 3, 4, 5].map((seq) => findingOf(seq, { subject: `s-${seq}` })),
          2,
        );
      }
      const newest = await allPages(store, { limit: 3, history: true, newestFirst: true });
      expect(newest.findings.map((f) => `${f.deviceId}#${f.seq}`)).toEqual([
        'dev-b#5',
        'dev-b#4',
        'dev-b#3',
        'dev-b#2',
        'dev-b#1',
        'dev-a#5',
        'dev-a#4',
        'dev-a#3',
        'dev-a#2',
        'dev-a#1',
      ]);
      expect(newest.pages).toBe(4);
      // Filters hold across pages as in the oldest-first listing.
      const one = await allPages(store, { limit: 2, history: true, newestFirst: true, deviceId: 'dev-a' });
      expect(one.findings.map((f) => f.seq)).toEqual([5, 4, 3, 2, 1]);
      const first = await store.listFindings({ limit: 3, history: true, newestFirst: true });
      await expect(
        store.listFindings({ limit: 3, history: true, pageToken: first.nextPageToken }),
      ).rejects.toThrow(/page token/);
    });

    it('pages through current and history listings covering every row exactly once', async () => {
      const expectedCurrent: string[] = [];
      for (let device = 0; device < 7; device += 1) {
        const deviceId = `dev-${device}`;
        await store.recordHello(helloFor(deviceId), 1);
        const findings = Array.from({ length: 13 }, (_, index) =>
          findingOf(index + 1, { ruleId: `rule-${index % 5}`, subject: `s-${index}` }),
        );
        await store.recordFindings(deviceId, findings, 2);
        for (const finding of findings)
          expectedCurrent.push(`${deviceId}|${finding.ruleId}|${finding.subject}`);
      }
      expectedCurrent.sort();
      const current = await allPages(store, { limit: 10 });
      expect(current.findings.map((f) => `${f.deviceId}|${f.ruleId}|${f.subject}`)).toEqual(expectedCurrent);
      expect(current.pages).toBe(10);

      const history = await allPages(store, { limit: 4, history: true });
      const keys = history.findings.map((f) => `${f.deviceId}|${String(f.seq).padStart(3, '0')}`);
      expect(keys).toHaveLength(91);
      expect(new Set(keys).size).toBe(91);
      expect([...keys].sort()).toEqual(keys);
      expect(history.findings[0]).toMatchObject({
        hostname: 'host-dev-0',
        receivedAtMs: 2,
        evidence: { seq: 1 },
      });
    });

    it('refuses a page token from another listing or one it never issued', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      await store.recordFindings('dev-a', [findingOf(1), findingOf(2, { subject: 'x' })], 1);
      const page = await store.listFindings({ limit: 1 });
      expect(page.nextPageToken).not.toBe('');
      await expect(
        store.listFindings({ limit: 1, history: true, pageToken: page.nextPageToken }),
      ).rejects.toThrow(/page token/);
      await expect(store.listFindings({ limit: 1, pageToken: 'not-a-token' })).rejects.toThrow(/page token/);
    });

    it('filters by device, clause, rule and open status', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      await store.recordHello(helloFor('dev-b'), 1);
      await store.recordFindings(
        'dev-a',
        [
          findingOf(1, { ruleId: 'usb', clause: '3.7.5', status: 'fail' }),
          findingOf(2, { ruleId: 'net', clause: '3.7.8', status: 'pass' }),
          findingOf(3, { ruleId: 'av', clause: '3.7.6', status: 'error' }),
        ],
        1,
      );
      await store.recordFindings(
        'dev-b',
        [findingOf(1, { ruleId: 'usb', clause: '3.7.5', status: 'pass' })],
        1,
      );
      const keys = async (query: Parameters<Store['listFindings']>[0]) =>
        (await store.listFindings(query)).findings.map((f) => `${f.deviceId}/${f.ruleId}`);

      expect(await keys({ limit: 100, deviceId: 'dev-b' })).toEqual(['dev-b/usb']);
      expect(await keys({ limit: 100, clause: '3.7.5' })).toEqual(['dev-a/usb', 'dev-b/usb']);
      expect(await keys({ limit: 100, ruleId: 'net' })).toEqual(['dev-a/net']);
      expect(await keys({ limit: 100, openOnly: true })).toEqual(['dev-a/av', 'dev-a/usb']);
      expect(await keys({ limit: 100, openOnly: true, clause: '3.7.5' })).toEqual(['dev-a/usb']);
      expect(await keys({ limit: 100, history: true, deviceId: 'dev-a', ruleId: 'av' })).toEqual([
        'dev-a/av',
      ]);
    });

    it('filters findings by rule, status, ledger fields, sweep and time, and pages exactly under every filter', async () => {
      // A small fleet whose every finding is also kept here, so each query's answer can be worked out in
      // plain code and compared with the store's, page by page.
      const ledger: Record<string, { department: string; classification: 'secret' | 'confidential' | null }> =
        {
          'dev-0': { department: '一处', classification: 'secret' },
          'dev-1': { department: '一处', classification: 'confidential' },
          'dev-2': { department: '二处', classification: 'confidential' },
          'dev-3': { department: '二处', classification: null },
          'dev-4': { department: '', classification: 'secret' },
        };
      const statuses: FindingStatus[] = ['pass', 'fail', 'error', 'not_applicable'];
      const all: Array<StoredFinding & { deviceId: string }> = [];
      for (const [deviceId, fields] of Object.entries(ledger)) {
        await store.recordHello(helloFor(deviceId), 1);
        await store.updateLedger(deviceId, fields, ADMIN);
        // Two sweeps of 8 rules × up to 2 subjects; the second flips some statuses.
        let seq = 0;
        for (const [round, sweepId] of ['sweep-a', 'sweep-b'].entries()) {
          const batch = [];
          for (let rule = 0; rule < 8; rule += 1) {
            for (let subject = 0; subject < 1 + (rule % 2); subject += 1) {
              seq += 1;
              const pick = (rule * 7 + subject * 3 + round * 5 + deviceId.charCodeAt(4)) % 4;
              batch.push(
                findingOf(seq, {
                  ruleId: `rule-${rule}`,
                  clause: `3.7.${4 + (rule % 5)}`,
                  subject: `s-${subject}`,
                  status: statuses[pick]!,
                  observedAtMs: 1_000_000 + round * 100_000 + seq * 10,
                  sweepId,
                }),
              );
            }
          }
          await store.recordFindings(deviceId, batch, 2);
          for (const finding of batch) all.push({ ...finding, deviceId } as StoredFinding);
        }
      }
      const currentByKey = new Map<string, (typeof all)[number]>();
      for (const finding of all) {
        const key = `${finding.deviceId}|${finding.ruleId}|${finding.subject}`;
        if ((currentByKey.get(key)?.seq ?? -1) < finding.seq) currentByKey.set(key, finding);
      }
      const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      const currentKeys = (list: typeof all) =>
        list.map((f) => `${f.deviceId}|${f.ruleId}|${f.subject}`).sort(byKey);
      const historyKeys = (list: typeof all) =>
        list.map((f) => `${f.deviceId}|${String(f.seq).padStart(3, '0')}`).sort(byKey);

      type Query = Omit<Parameters<Store['listFindings']>[0], 'limit' | 'pageToken'>;
      const matches = (finding: (typeof all)[number], query: Query) =>
        (query.deviceId === undefined || finding.deviceId === query.deviceId) &&
        (query.clause === undefined || finding.clause === query.clause) &&
        (query.ruleId === undefined || finding.ruleId === query.ruleId) &&
        (query.status === undefined || finding.status === query.status) &&
        (query.openOnly !== true || finding.status === 'fail' || finding.status === 'error') &&
        (query.department === undefined || ledger[finding.deviceId]!.department === query.department) &&
        (query.classification === undefined ||
          ledger[finding.deviceId]!.classification === query.classification) &&
        (query.sweepId === undefined || finding.sweepId === query.sweepId) &&
        (query.fromMs === undefined || finding.observedAtMs >= query.fromMs) &&
        (query.toMs === undefined || finding.observedAtMs <= query.toMs);

      const queries: Query[] = [
        { ruleId: 'rule-3' },
        { status: 'fail' },
        { status: 'not_applicable', clause: '3.7.5' },
        { openOnly: true, department: '一处' },
        { classification: 'confidential' },
        { classification: 'confidential', status: 'error', department: '二处' },
        { department: '' },
        { sweepId: 'sweep-a' },
        { fromMs: 1_100_000 },
        { toMs: 1_000_100 },
        { fromMs: 1_000_050, toMs: 1_100_150, status: 'pass' },
        { deviceId: 'dev-2', ruleId: 'rule-1', openOnly: true },
        { department: '三处' },
      ];
      let nonEmpty = 0;
      let historyNonEmpty = 0;
      for (const query of queries) {
        const expectedCurrent = currentKeys([...currentByKey.values()].filter((f) => matches(f, query)));
        const expectedHistory = historyKeys(all.filter((f) => matches(f, query)));
        if (expectedCurrent.length > 0) nonEmpty += 1;
        if (expectedHistory.length > 0) historyNonEmpty += 1;
        const current = await allPages(store, { ...query, limit: 3 });
        expect(currentKeys(current.findings), JSON.stringify(query)).toEqual(expectedCurrent);
        expect(current.findings.map((f) => `${f.deviceId}|${f.ruleId}|${f.subject}`)).toEqual(
          expectedCurrent,
        );
        expect(current.pages).toBe(Math.max(1, Math.ceil(expectedCurrent.length / 3)));
        const history = await allPages(store, { ...query, history: true, limit: 4 });
        expect(history.findings.map((f) => `${f.deviceId}|${String(f.seq).padStart(3, '0')}`)).toEqual(
          expectedHistory,
        );
      }
      // The data is rich enough that the queries select something, so the comparisons are not all of empty
      // lists: sweep-a and the early time window match history only (every current finding is from
      // sweep-b); the last query matches nothing anywhere.
      expect(nonEmpty).toBe(queries.length - 3);
      expect(historyNonEmpty).toBe(queries.length - 1);
    });

    it('refuses a bad finding filter with an error naming it', async () => {
      await expect(store.listFindings({ limit: 10, status: 'failed' as FindingStatus })).rejects.toThrow(
        /status "failed"/,
      );
      await expect(store.listFindings({ limit: 10, classification: 'ultra' as 'secret' })).rejects.toThrow(
        /classification "ultra"/,
      );
      await expect(store.listFindings({ limit: 10, fromMs: 20, toMs: 10 })).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
      await expect(store.listDevices({ limit: 10, status: 'broken' as 'retired' })).rejects.toThrow(
        /device status "broken"/,
      );
    });

    it('lists devices by department, classification and status, in exact pages', async () => {
      const ids = Array.from({ length: 12 }, (_, index) => `dev-${String(index).padStart(2, '0')}`);
      for (const [index, deviceId] of ids.entries()) {
        await store.updateLedger(
          deviceId,
          {
            department: index % 3 === 0 ? '一处' : '二处',
            classification: index % 2 === 0 ? 'secret' : 'confidential',
            status: index % 4 === 0 ? 'under_repair' : 'in_service',
          },
          ADMIN,
        );
      }
      const pages = async (filter: Parameters<Store['listDevices']>[0]) => {
        const found: string[] = [];
        let after = '';
        let count = 0;
        do {
          const page = await store.listDevices({ ...filter, afterDeviceId: after });
          found.push(...page.devices.map((device) => device.deviceId));
          after = page.nextAfterDeviceId;
          count += 1;
        } while (after !== '' && count < 100);
        return found;
      };
      expect(await pages({ limit: 2, department: '一处' })).toEqual(ids.filter((_, i) => i % 3 === 0));
      expect(await pages({ limit: 3, classification: 'confidential' })).toEqual(
        ids.filter((_, i) => i % 2 === 1),
      );
      expect(await pages({ limit: 1, status: 'under_repair' })).toEqual(ids.filter((_, i) => i % 4 === 0));
      expect(
        await pages({ limit: 2, department: '二处', classification: 'secret', status: 'in_service' }),
      ).toEqual(ids.filter((_, i) => i % 3 !== 0 && i % 2 === 0 && i % 4 !== 0));
      expect(await pages({ limit: 5, department: '无此处' })).toEqual([]);
    });

    it('lists devices by open clause and rule, state, silence, last seen, id set and search, with totals over all pages', async () => {
      await store.setRequiredRules(['r1']);
      const pass = (seq: number) =>
        findingOf(seq, { ruleId: 'r1', clause: '3.7.4', subject: '', status: 'pass' });
      const seen = async (deviceId: string, atMs: number, findings: Finding[]) => {
        await store.recordHello(helloFor(deviceId), atMs);
        if (findings.length > 0) await store.recordFindings(deviceId, findings, atMs);
      };
      const ledger = (deviceId: string, fields: Parameters<Store['updateLedger']>[1]) =>
        store.updateLedger(deviceId, fields, ADMIN);
      // The fleet, by hand: hostnames are host-<id> (store-fixtures.ts), last seen is the hello's time.
      await ledger('a-ok', { department: '一处', classification: 'secret', assetNumber: 'ZC-001' });
      await seen('a-ok', 1000, [pass(1)]);
      await ledger('b-usb', { department: '一处', classification: 'confidential', assetNumber: 'ZC-002' });
      await seen('b-usb', 2000, [pass(1), findingOf(2, { ruleId: 'usb', clause: '3.7.5', status: 'fail' })]);
      await ledger('c-net', { department: '二处', assetNumber: 'ZC-003', status: 'under_repair' });
      await seen('c-net', 3000, [pass(1), findingOf(2, { ruleId: 'net', clause: '3.7.8', status: 'error' })]);
      await ledger('d-new', { department: '二处', assetNumber: 'AB_100%' });
      await seen('d-new', 4000, []);
      await ledger('e-ledger', { department: '一处', assetNumber: 'ZC-005' });
      await ledger('f-retired', { department: '二处', assetNumber: 'ZC-006', status: 'retired' });
      await seen('f-retired', 500, [pass(1)]);
      await ledger('g-fixed', { department: '一处', assetNumber: 'ZX-7' });
      await seen('g-fixed', 2500, [
        pass(1),
        findingOf(2, { ruleId: 'usb', clause: '3.7.5', status: 'fail' }),
      ]);
      await store.recordFindings(
        'g-fixed',
        [findingOf(3, { ruleId: 'usb', clause: '3.7.5', status: 'pass' })],
        2500,
      );

      // Every page of one size, and the total each page reports (the same on every page).
      const listed = async (filter: DeviceFilter) => {
        const found: string[] = [];
        const totals = new Set<number | undefined>();
        let after = '';
        let pages = 0;
        do {
          const page = await store.listDevices({
            ...filter,
            limit: 2,
            afterDeviceId: after,
            countTotal: true,
          });
          found.push(...page.devices.map((device) => device.deviceId));
          totals.add(page.total);
          after = page.nextAfterDeviceId;
          pages += 1;
        } while (after !== '' && pages < 100);
        expect([...totals], JSON.stringify(filter)).toEqual([found.length]);
        return found;
      };
      const cases: Array<[DeviceFilter, string[]]> = [
        [{}, ['a-ok', 'b-usb', 'c-net', 'd-new', 'e-ledger', 'f-retired', 'g-fixed']],
        [{ openClause: '3.7.5' }, ['b-usb']],
        [{ openClause: '3.7.8' }, ['c-net']],
        // Passing findings only, and a fail since resolved (g-fixed): nothing open.
        [{ openClause: '3.7.4' }, []],
        [{ openRuleId: 'usb' }, ['b-usb']],
        [{ openRuleId: 'net' }, ['c-net']],
        [{ openRuleId: 'r1' }, []],
        [{ state: 'compliant' }, ['a-ok', 'f-retired', 'g-fixed']],
        [{ state: 'failing' }, ['b-usb', 'c-net']],
        [{ state: 'not_judged' }, ['d-new']],
        [{ state: 'never_seen' }, ['e-ledger']],
        // Silent: the silent-agent rule's finding stands failed (here the rule 'usb' plays it); an error
        // (c-net's 'net') is not the watch's verdict of silence, and a fail since resolved (g-fixed) is not.
        [{ silentRuleId: 'usb' }, ['b-usb']],
        [{ silentRuleId: 'net' }, []],
        [{ silentRuleId: '' }, []],
        [{ lastSeenFromMs: 2000, lastSeenToMs: 3000 }, ['b-usb', 'c-net', 'g-fixed']],
        // A device never seen has no last-seen time to fall before a bound.
        [{ lastSeenToMs: 1000 }, ['a-ok', 'f-retired']],
        [{ lastSeenFromMs: 4000 }, ['d-new']],
        [{ deviceIdsIn: ['b-usb', 'd-new', 'not-a-device'] }, ['b-usb', 'd-new']],
        [{ deviceIdsIn: [] }, []],
        [{ deviceIdsNotIn: ['b-usb', 'd-new'] }, ['a-ok', 'c-net', 'e-ledger', 'f-retired', 'g-fixed']],
        [{ deviceIdsNotIn: [] }, ['a-ok', 'b-usb', 'c-net', 'd-new', 'e-ledger', 'f-retired', 'g-fixed']],
        [{ search: 'zc-00' }, ['a-ok', 'b-usb', 'c-net', 'e-ledger', 'f-retired']],
        [{ search: 'HOST-C' }, ['c-net']],
        // LIKE's wildcards are searched for literally.
        [{ search: '_100%' }, ['d-new']],
        [{ search: '%' }, ['d-new']],
        [{ search: '_' }, ['d-new']],
        [{ department: '一处', state: 'failing' }, ['b-usb']],
        [{ department: '二处', openClause: '3.7.5' }, []],
        [{ department: '一处', search: 'zc', lastSeenFromMs: 1 }, ['a-ok', 'b-usb']],
        [{ status: 'under_repair', state: 'failing', openRuleId: 'net' }, ['c-net']],
      ];
      for (const [filter, expected] of cases)
        expect(await listed(filter), JSON.stringify(filter)).toEqual(expected);
      // Without countTotal, no count is made.
      expect((await store.listDevices({ limit: 2 })).total).toBeUndefined();
      await expect(store.listDevices({ limit: 2, state: 'silent' as 'failing' })).rejects.toThrow(
        /state "silent"/,
      );
      await expect(store.listDevices({ limit: 2, lastSeenFromMs: -1 })).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
    });

    it('keeps the fleet counts exact as statuses flip, for agent and collector findings alike', async () => {
      await store.setRequiredRules(['usb']);
      // The counts are compared with what the current findings themselves say after every step.
      const recount = async () => {
        const current = (await allPages(store, { limit: 1000 })).findings;
        const devices = new Set<string>();
        let after = '';
        do {
          const page = await store.listDevices({ limit: 1000, afterDeviceId: after });
          for (const device of page.devices) devices.add(device.deviceId);
          after = page.nextAfterDeviceId;
        } while (after !== '');
        const open = current.filter((f) => f.status === 'fail' || f.status === 'error');
        const clauses = [...new Set(open.map((f) => f.clause))].sort();
        return {
          failing: new Set(open.map((f) => f.deviceId)).size,
          byClause: clauses.map((clause) => ({
            clause,
            failingDevices: new Set(open.filter((f) => f.clause === clause).map((f) => f.deviceId)).size,
            failingFindings: open.filter((f) => f.clause === clause).length,
          })),
        };
      };
      const expectExact = async () => {
        const counts = await store.fleetCounts();
        const truth = await recount();
        expect({ failing: counts.failing, byClause: counts.byClause }).toEqual(truth);
        return counts;
      };
      for (const id of ['a', 'b', 'c']) await store.recordHello(helloFor(id), 1);
      await store.recordFindings(
        'a',
        [
          findingOf(1, { ruleId: 'usb', clause: '3.7.5', subject: 'x', status: 'fail' }),
          findingOf(2, { ruleId: 'usb', clause: '3.7.5', subject: 'y', status: 'error' }),
          findingOf(3, { ruleId: 'wifi', clause: '3.7.4', status: 'pass' }),
        ],
        2,
      );
      await store.recordFindings('b', [findingOf(1, { ruleId: 'usb', clause: '3.7.5', status: 'fail' })], 2);
      expect((await expectExact()).byClause).toEqual([
        { clause: '3.7.5', failingDevices: 2, failingFindings: 3 },
      ]);
      // Flip: one subject passes, another rule fails, a status changes between fail and error.
      await store.recordFindings(
        'a',
        [
          findingOf(4, { ruleId: 'usb', clause: '3.7.5', subject: 'x', status: 'pass' }),
          findingOf(5, { ruleId: 'usb', clause: '3.7.5', subject: 'y', status: 'fail' }),
          findingOf(6, { ruleId: 'wifi', clause: '3.7.4', status: 'fail' }),
        ],
        3,
      );
      await expectExact();
      // A collector-made finding counts like an agent's, and so does its resolution.
      const crossUse = {
        deviceId: 'c',
        ruleId: 'media-cross-use-absent',
        clause: '3.7.4',
        subject: 'usb:0781:5581:SN1',
        status: 'fail' as const,
        severity: 'critical' as const,
        evidence: {},
        reason: 'cross-use',
        observedAtMs: 4,
        sweepId: '',
      };
      await store.recordCollectorFindings([crossUse], 4);
      expect((await expectExact()).byClause).toContainEqual({
        clause: '3.7.4',
        failingDevices: 2,
        failingFindings: 2,
      });
      await store.recordFindings('b', [findingOf(2, { ruleId: 'usb', clause: '3.7.5', status: 'pass' })], 5);
      await store.recordCollectorFindings([{ ...crossUse, status: 'pass', reason: 'resolved' }], 6);
      await store.recordFindings('a', [findingOf(7, { ruleId: 'wifi', clause: '3.7.4', status: 'pass' })], 7);
      const settled = await expectExact();
      expect(settled.byClause).toEqual([{ clause: '3.7.5', failingDevices: 1, failingFindings: 1 }]);
      // c holds only the collector's (resolved) cross-use finding: no verdict of its own agent, so not judged.
      expect(settled).toMatchObject({ devices: 3, compliant: 1, failing: 1, neverSeen: 0, notJudged: 1 });
    });

    it('updates the ledger and audits the change in the same transaction', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      const updated = await store.updateLedger(
        'dev-a',
        { classification: 'secret', assetNumber: 'BM-001', allowedNetworks: ['10.1.0.0/16'] },
        ADMIN,
      );
      expect(updated).toMatchObject({ classification: 'secret', assetNumber: 'BM-001', lastSeenMs: 1 });
      const audit = await store.listAudit({ limit: 100 });
      const ledgerRecord = audit.find((entry) => entry.action === 'ledger.updated');
      expect(ledgerRecord).toMatchObject({ actor: 'admin:wang', source: '127.0.0.1', target: 'dev-a' });

      const slice = await store.ledgerSlice('dev-a');
      expect(slice).toEqual({
        classification: 'secret',
        assetNumber: 'BM-001',
        media: [],
        allowedNetworks: ['10.1.0.0/16'],
      });
    });

    it('leaves neither change nor audit record when a ledger update fails', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      const auditBefore = await store.listAudit({ limit: 100 });
      await expect(
        store.updateLedger(
          'dev-a',
          { assetNumber: 'BM-002', classification: 'ultra_secret' as 'secret' },
          ADMIN,
        ),
      ).rejects.toThrow(/classification "ultra_secret"/);
      expect((await store.getDevice('dev-a'))?.assetNumber).toBe('');
      expect(await store.listAudit({ limit: 100 })).toEqual(auditBefore);
    });

    it('registers media with an audit record and puts them in the ledger slice', async () => {
      const medium = {
        serial: 'SN1',
        vendorId: '0781',
        productId: '5581',
        classification: 'secret' as const,
        status: 'in_use' as const,
        assetNumber: 'U-1',
        responsiblePerson: '李',
      };
      await store.registerMedium(medium, ADMIN);
      await store.registerMedium({ ...medium, status: 'retired' }, ADMIN);
      expect(await store.listMedia()).toMatchObject([
        { ...medium, status: 'retired', boundDeviceIds: [], boundDepartment: '', note: '' },
      ]);
      expect((await store.ledgerSlice('unknown')).media).toEqual([{ ...medium, status: 'retired' }]);
      const actions = (await store.listAudit({ limit: 100 })).map((entry) => entry.action);
      expect(actions).toEqual(['medium.registered', 'medium.updated']);
      await expect(store.registerMedium({ ...medium, vendorId: 'XYZ' }, ADMIN)).rejects.toThrow(/vendorId/);
      expect(await store.listAudit({ limit: 100 })).toHaveLength(2);
    });

    it("lists the media one device was seen with, newest first and bounded, each with the ledger's status", async () => {
      for (const deviceId of ['dev-a', 'dev-b']) await store.recordHello(helloFor(deviceId), 1000);
      const stick = (serial: string) => ({ vendorId: '0781', productId: '5581', serial });
      await store.recordSightings('dev-a', { media: [stick('OLD'), stick('LOST')], printers: [] }, 2000);
      await store.recordSightings('dev-a', { media: [stick('NEW')], printers: ['ipp://p1:631'] }, 3000);
      await store.recordSightings('dev-a', { media: [stick('OLD')], printers: [] }, 4000);
      await store.recordSightings('dev-b', { media: [stick('ELSEWHERE')], printers: [] }, 5000);
      const registration = {
        ...stick('LOST'),
        classification: 'secret' as const,
        status: 'lost' as const,
        assetNumber: 'U-1',
        responsiblePerson: '李',
      };
      await store.registerMedium(registration, ADMIN);

      expect(await store.mediaSeenByDevice('dev-a', 10)).toEqual([
        { ...stick('OLD'), firstSeenMs: 2000, lastSeenMs: 4000, registeredStatus: null },
        { ...stick('NEW'), firstSeenMs: 3000, lastSeenMs: 3000, registeredStatus: null },
        { ...stick('LOST'), firstSeenMs: 2000, lastSeenMs: 2000, registeredStatus: 'lost' },
      ]);
      expect((await store.mediaSeenByDevice('dev-a', 1)).map((seen) => seen.serial)).toEqual(['OLD']);
      expect(await store.mediaSeenByDevice('dev-c', 10)).toEqual([]);
    });

    it("stores collector findings beside the agent's, numbered downwards, once per change", async () => {
      await store.recordHello(helloFor('dev-a'), 1000);
      await store.recordFindings(
        'dev-a',
        [findingOf(1, { status: 'pass', subject: 'usb:0781:5581:OTHER' }), findingOf(2)],
        1000,
      );
      const crossUse = {
        deviceId: 'dev-a',
        ruleId: 'media-cross-use-absent',
        clause: '3.7.4',
        subject: 'usb:0781:5581:SN1',
        status: 'fail' as const,
        severity: 'critical' as const,
        evidence: { seenOn: ['dev-a', 'dev-b'] },
        reason: 'seen on 机密 and 非密 computers',
        observedAtMs: 2000,
        sweepId: '',
      };
      expect(await store.recordCollectorFindings([crossUse], 2000)).toHaveLength(1);
      // The same judgement again stores nothing; a changed one is a new history row.
      expect(await store.recordCollectorFindings([crossUse], 3000)).toHaveLength(0);
      await store.recordCollectorFindings([{ ...crossUse, status: 'pass', reason: 'no longer' }], 4000);

      const history = (await allPages(store, { deviceId: 'dev-a', history: true, limit: 100 })).findings;
      expect(history.map((finding) => [finding.seq, finding.origin])).toEqual([
        [-2, 'collector'],
        [-1, 'collector'],
        [1, 'agent'],
        [2, 'agent'],
      ]);
      const current = (await allPages(store, { deviceId: 'dev-a', limit: 100 })).findings;
      expect(current.find((finding) => finding.ruleId === 'media-cross-use-absent')).toMatchObject({
        seq: -2,
        status: 'pass',
        origin: 'collector',
      });
      const device = await store.getDevice('dev-a');
      // The agent's own numbering is untouched: its next hello is still told 2.
      expect(device).toMatchObject({ lastSeq: 2, counts: { pass: 2, fail: 1, error: 0, not_applicable: 0 } });
      await expect(
        store.recordCollectorFindings([{ ...crossUse, status: 'bogus' as 'fail' }], 5000),
      ).rejects.toBeInstanceOf(InvalidStoreInputError);
    });

    it("keeps a finding's reason code and parameters, in current and history listings and the device's findings", async () => {
      await store.recordHello(helloFor('dev-a'), 1000);
      const coded = findingOf(1, {
        reason: 'USB storage 0781:5567:SN1 is not registered',
        reasonCode: 'usb.unregistered-medium',
        reasonParams: { device: '0781:5567:SN1', note: '机密\n"quoted"' },
      });
      const plain = findingOf(2, { ruleId: 'wifi', subject: 'phy0' });
      await store.recordFindings('dev-a', [coded, plain], 1000);
      const current = (await allPages(store, { deviceId: 'dev-a', limit: 100 })).findings;
      const history = (await allPages(store, { deviceId: 'dev-a', history: true, limit: 100 })).findings;
      for (const listing of [current, history]) {
        const usb = listing.find((finding) => finding.seq === 1);
        expect(usb).toMatchObject({
          reason: 'USB storage 0781:5567:SN1 is not registered',
          reasonCode: 'usb.unregistered-medium',
          reasonParams: { device: '0781:5567:SN1', note: '机密\n"quoted"' },
        });
        // Without a code the finding reads back with none: shown by its English reason.
        const wifi = listing.find((finding) => finding.seq === 2)!;
        expect('reasonCode' in wifi || 'reasonParams' in wifi).toBe(false);
      }
      const collectorFinding = {
        deviceId: 'dev-a',
        ruleId: 'agent-reports-regularly',
        clause: '3.7.5',
        subject: '',
        status: 'fail' as const,
        severity: 'high' as const,
        evidence: {},
        reason: 'the agent has not reported for 5 s (the policy allows 2 s)',
        reasonCode: 'collector.silence.silent',
        reasonParams: { silentForSeconds: '5', maxSilenceSeconds: '2' },
        observedAtMs: 2000,
        sweepId: '',
      };
      expect(await store.recordCollectorFindings([collectorFinding], 2000)).toHaveLength(1);
      // The same judgement with other parameters is a change, kept as a new history row.
      expect(await store.recordCollectorFindings([collectorFinding], 2500)).toHaveLength(0);
      const later = { ...collectorFinding, reasonParams: { silentForSeconds: '5', maxSilenceSeconds: '3' } };
      expect(await store.recordCollectorFindings([later], 3000)).toHaveLength(1);
      const silence = (
        await allPages(store, { deviceId: 'dev-a', ruleId: 'agent-reports-regularly', limit: 10 })
      ).findings;
      expect(silence).toMatchObject([
        { seq: -2, reasonCode: 'collector.silence.silent', reasonParams: later.reasonParams },
      ]);
      // The store refuses what the agent door refuses.
      await expect(
        store.recordFindings('dev-a', [findingOf(3, { reasonCode: 'Not A Code' })], 4000),
      ).rejects.toThrow(/reason_code: expected lowercase letters/);
    });

    it('links every audit record to the one before it', async () => {
      await store.appendAudit(
        {
          ...ADMIN,
          action: 'policy.reloaded',
          target: 'baseline',
          detail: { version: '1' },
          outcome: 'allowed',
        },
        10,
      );
      await store.recordHello(helloFor('dev-a'), 20);
      await store.updateLedger('dev-a', { department: '保密办' }, ADMIN);
      await store.appendAudit(
        {
          ...ADMIN,
          action: 'policy.refused',
          target: 'baseline',
          detail: { b: 1, a: [2] },
          outcome: 'refused',
        },
        30,
      );
      const entries = [
        ...(await store.listAudit({ limit: 2 })),
        ...(await store.listAudit({ limit: 100, afterPosition: 2 })),
      ];
      expect(entries.map((entry) => entry.position)).toEqual([1, 2, 3, 4]);
      expect(entries[0]!.previousHash).toBe(GENESIS_PREVIOUS_HASH);
      const algorithm = preferredAuditHashAlgorithm();
      let previous = GENESIS_PREVIOUS_HASH;
      const stored = await store.readAuditRecords({ afterPosition: 0, limit: 10 });
      for (const [index, entry] of entries.entries()) {
        expect(entry.previousHash).toBe(previous);
        const { hash, previousHash, detail: _parsed, ...content } = entry;
        // The detail is stored as its canonical JSON, and that stored text is what the hash covers.
        expect(stored[index]!.detailJson).toBe(canonicalJson(entry.detail));
        expect(hash).toBe(
          auditRecordHash(algorithm, previousHash, { ...content, detailJson: stored[index]!.detailJson }),
        );
        previous = hash;
      }
      expect(stored[3]!.detailJson).toBe('{"a":[2],"b":1}');
      // The hash covers the stored text: the same detail written another way no longer matches.
      const { hash, previousHash, detail: _parsed, ...content } = entries[3]!;
      expect(
        auditRecordHash(algorithm, previousHash, { ...content, detailJson: '{"b":1,"a":[2]}' }),
      ).not.toBe(hash);
    });

    it('reads the trail by actor, action and time range, in position order, paging by position', async () => {
      const record = (actor: string, action: string, atMs: number) =>
        store.appendAudit(
          { actor, source: 'local', action, target: 't', detail: {}, outcome: 'allowed' },
          atMs,
        );
      await record('admin:wang', 'ledger.updated', 1000); // 1
      await record('admin:li', 'ledger.updated', 2000); // 2
      await record('admin:wang', 'medium.registered', 3000); // 3
      await record('collector', 'policy.reloaded', 4000); // 4
      await record('admin:wang', 'ledger.updated', 5000); // 5
      // A clock stepped back: position still orders the trail, the time filter reads each record's own time.
      await record('admin:wang', 'ledger.updated', 2500); // 6
      const positions = async (options: Omit<Parameters<Store['readAuditRecords']>[0], 'limit'>) =>
        (await store.readAuditRecords({ limit: 100, ...options })).map((entry) => entry.position);
      expect(await positions({ afterPosition: 0, actor: 'admin:wang' })).toEqual([1, 3, 5, 6]);
      expect(await positions({ afterPosition: 3, actor: 'admin:wang' })).toEqual([5, 6]);
      expect(await positions({ afterPosition: 0, actor: 'admin:wan' })).toEqual([]);
      expect(await positions({ afterPosition: 0, fromMs: 2500 })).toEqual([3, 4, 5, 6]);
      expect(await positions({ afterPosition: 0, toMs: 3000 })).toEqual([1, 2, 6]);
      expect(await positions({ afterPosition: 0, fromMs: 2000, toMs: 4000 })).toEqual([2, 3, 6]);
      expect(
        await positions({ afterPosition: 0, actor: 'admin:wang', action: 'ledger.updated', fromMs: 2000 }),
      ).toEqual([5, 6]);
      expect(
        (await store.readAuditRecords({ afterPosition: 0, limit: 2, actor: 'admin:wang' })).map(
          (entry) => entry.position,
        ),
      ).toEqual([1, 3]);
    });

    it('lists the stored seals newest first, as many as asked', async () => {
      expect(await store.readNewestSeals(10)).toEqual([]);
      for (const [index, signerKind] of (['collector', 'auditor', 'collector'] as const).entries()) {
        await store.appendAudit(
          { ...ADMIN, action: 'policy.reloaded', target: 'baseline', detail: {}, outcome: 'allowed' },
          10 + index,
        );
        await store.appendSeal(
          { statement: `statement ${index + 1}`, signature: 'c2ln', certificate: 'PEM' },
          { signerKind, position: index + 1 },
          undefined,
          100 + index,
        );
      }
      const newest = await store.readNewestSeals(2);
      expect(newest.map((seal) => [seal.signerKind, seal.position, seal.statement, seal.storedAtMs])).toEqual(
        [
          ['collector', 3, 'statement 3', 102],
          ['auditor', 2, 'statement 2', 101],
        ],
      );
      expect((await store.readNewestSeals(10)).map((seal) => seal.position)).toEqual([3, 2, 1]);
    });

    it('stores everything from 50 devices sending concurrently', async () => {
      await store.setRequiredRules(['usb.unregistered-storage']);
      const devices = Array.from({ length: 50 }, (_, index) => `dev-${String(index).padStart(2, '0')}`);
      for (const deviceId of devices) await store.recordHello(helloFor(deviceId), 1);
      const results = await Promise.all(
        devices.flatMap((deviceId) =>
          Array.from({ length: 4 }, (_, call) =>
            store.recordFindings(
              deviceId,
              Array.from({ length: 5 }, (_, index) =>
                findingOf(call * 5 + index + 1, { subject: `s-${call}-${index}`, status: 'pass' }),
              ),
              2,
            ),
          ),
        ),
      );
      expect(results.every((result) => result.stored === 5 && result.duplicates === 0)).toBe(true);
      const history = await allPages(store, { limit: 1000, history: true });
      expect(history.findings).toHaveLength(50 * 20);
      for (const deviceId of devices) {
        const device = await store.getDevice(deviceId);
        expect(device).toMatchObject({
          lastSeq: 20,
          counts: { pass: 20, fail: 0, error: 0, not_applicable: 0 },
        });
      }
      expect((await store.fleetCounts()).compliant).toBe(50);
    });

    it('stamps last seen on touch without creating devices', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      await Promise.all([
        store.touchDevice('dev-a', 50),
        store.touchDevice('dev-a', 40),
        store.touchDevice('x', 9),
      ]);
      expect((await store.getDevice('dev-a'))?.lastSeenMs).toBe(50);
      expect(await store.getDevice('x')).toBeNull();
    });

    it('lists devices in pages', async () => {
      for (const id of ['c', 'a', 'b']) await store.recordHello(helloFor(id), 1);
      const first = await store.listDevices({ limit: 2 });
      expect(first.devices.map((device) => device.deviceId)).toEqual(['a', 'b']);
      const second = await store.listDevices({ limit: 2, afterDeviceId: first.nextAfterDeviceId });
      expect(second).toMatchObject({ nextAfterDeviceId: '' });
      expect(second.devices.map((device) => device.deviceId)).toEqual(['c']);
    });

    it('flushes pending findings on close, then rejects further calls', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      const pending = Array.from({ length: 20 }, (_, index) =>
        store.recordFindings('dev-a', [findingOf(index + 1, { subject: `s-${index}` })], 2),
      );
      await store.close();
      const results = await Promise.all(pending);
      expect(results.reduce((sum, result) => sum + result.stored, 0)).toBe(20);
      await expect(store.recordFindings('dev-a', [findingOf(99)], 3)).rejects.toBeInstanceOf(
        StoreClosedError,
      );
      await expect(store.getDevice('dev-a')).rejects.toBeInstanceOf(StoreClosedError);
    });
  });
}
