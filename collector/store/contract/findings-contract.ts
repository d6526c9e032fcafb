// The findings role's contract beyond store-contract.ts: the methods no suite exercised (collector finding
// statuses, corrective measures, inspection material) and two store instances on one database writing at
// once (two collectors): nothing lost, nothing doubled, counts exact, each reading the other's writes.
// Expected values are written out by hand from the findings each test sends.
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../../policies/model';
import type { AuditContext, CollectorFinding, Store } from '../store';
import type { StoreBackend } from '../store-backends';
import { InvalidStoreInputError } from '../store-errors';
import { findingOf, helloFor } from '../store-fixtures';

const ADMIN: AuditContext = { actor: 'admin:wang', source: '127.0.0.1' };

function crossUse(
  deviceId: string,
  subject: string,
  overrides: Partial<CollectorFinding> = {},
): CollectorFinding {
  return {
    deviceId,
    ruleId: 'media-cross-use-absent',
    clause: '3.7.4',
    subject,
    status: 'fail',
    severity: 'critical',
    evidence: { seenOn: [deviceId] },
    reason: 'seen on 机密 and 非密 computers',
    observedAtMs: 2000,
    sweepId: '',
    ...overrides,
  };
}

async function historySeqs(store: Store, deviceId: string): Promise<number[]> {
  const seqs: number[] = [];
  let pageToken = '';
  do {
    const page = await store.listFindings({ deviceId, history: true, limit: 1000, pageToken });
    seqs.push(...page.findings.map((finding) => finding.seq));
    pageToken = page.nextPageToken;
  } while (pageToken !== '');
  return seqs;
}

export function describeFindingsContract(backend: StoreBackend): void {
  describe(`findings contract: ${backend.name}`, () => {
    const cleanups: Array<() => Promise<void>> = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });
    const open = async (): Promise<Store> => {
      const opened = await backend.open();
      cleanups.push(async () => {
        await opened.store.close().catch(() => undefined);
        await opened.cleanup();
      });
      return opened.store;
    };
    const openPair = async (): Promise<[Store, Store]> => {
      const opened = await backend.openPair();
      cleanups.push(() => opened.cleanup());
      return opened.stores;
    };

    it("tells the current status of the collector's findings of one rule and subject, per device", async () => {
      const store = await open();
      for (const id of ['dev-a', 'dev-b', 'dev-c']) await store.recordHello(helloFor(id), 1000);
      await store.recordCollectorFindings(
        [
          crossUse('dev-a', 'usb:0781:5581:SN1'),
          crossUse('dev-b', 'usb:0781:5581:SN1', { status: 'pass', reason: 'no longer' }),
          crossUse('dev-c', 'usb:0781:5581:SN2'),
        ],
        2000,
      );
      // dev-c has an agent finding with that subject, of an agent's rule: not the collector's.
      await store.recordFindings('dev-c', [findingOf(1, { subject: 'usb:0781:5581:SN1' })], 2000);
      const statuses = await store.collectorFindingStatuses('media-cross-use-absent', 'usb:0781:5581:SN1', [
        'dev-a',
        'dev-b',
        'dev-c',
        'dev-a',
        'nobody',
      ]);
      expect([...statuses].sort()).toEqual([
        ['dev-a', 'fail'],
        ['dev-b', 'pass'],
      ]);
      expect(
        (await store.collectorFindingStatuses('printer-cross-use-absent', 'usb:0781:5581:SN1', ['dev-a']))
          .size,
      ).toBe(0);
    });

    it('records a corrective measure only for a current finding, audits each change, keeps the first completion', async () => {
      const store = await open();
      await store.recordHello(helloFor('dev-a'), 1000);
      await store.recordFindings('dev-a', [findingOf(1), findingOf(2, { subject: 'usb:1:2:B' })], 1000);
      const key = { deviceId: 'dev-a', ruleId: 'usb.unregistered-storage', subject: 'usb:0781:5581:ABC' };
      expect(
        await store.markFinding({ ...key, deviceId: 'nobody', measure: 'x', completed: false }, ADMIN, 1),
      ).toEqual({ kind: 'unknown-device' });
      expect(
        await store.markFinding(
          { ...key, subject: 'usb:9:9:NONE', measure: 'x', completed: false },
          ADMIN,
          1,
        ),
      ).toEqual({ kind: 'no-current-finding' });
      await expect(
        store.markFinding({ ...key, measure: '  ', completed: false }, ADMIN, 1),
      ).rejects.toBeInstanceOf(InvalidStoreInputError);

      const first = await store.markFinding({ ...key, measure: '收回U盘', completed: false }, ADMIN, 3000);
      const positionAfterHello = 1; // device.first_seen is record 1
      expect(first).toEqual({
        kind: 'recorded',
        disposition: {
          ...key,
          measure: '收回U盘',
          completed: false,
          completedAtMs: 0,
          recordedBy: 'admin:wang',
          recordedAtMs: 3000,
          auditPosition: positionAfterHello + 1,
        },
      });
      await store.markFinding({ ...key, measure: '收回U盘', completed: true }, ADMIN, 5000);
      const again = await store.markFinding({ ...key, measure: '收回并登记', completed: true }, ADMIN, 6000);
      expect(again).toMatchObject({
        disposition: { measure: '收回并登记', completed: true, completedAtMs: 5000, auditPosition: 4 },
      });
      const audit = await store.listAudit({ limit: 10 });
      expect(audit.map((entry) => entry.action)).toEqual([
        'device.first_seen',
        'finding.disposition',
        'finding.disposition',
        'finding.disposition',
      ]);
      expect(audit[3]!.detail).toEqual({
        ...key,
        findingStatus: 'fail',
        findingSeq: 1,
        before: { measure: '收回U盘', completed: true },
        after: { measure: '收回并登记', completed: true },
      });
      const unmarked = await store.markFinding(
        { ...key, measure: '收回并登记', completed: false },
        ADMIN,
        7000,
      );
      expect(unmarked).toMatchObject({ disposition: { completed: false, completedAtMs: 0 } });

      const found = await store.dispositionsFor([
        key,
        { deviceId: 'dev-a', ruleId: 'usb.unregistered-storage', subject: 'usb:1:2:B' },
        { deviceId: 'nobody', ruleId: 'r', subject: '' },
      ]);
      expect(found).toEqual([
        {
          ...key,
          measure: '收回并登记',
          completed: false,
          completedAtMs: 0,
          recordedBy: 'admin:wang',
          recordedAtMs: 7000,
          auditPosition: 5,
        },
      ]);
      expect(await store.dispositionsFor([])).toEqual([]);
    });

    it('gathers the inspection material of a time window: newest and last failing observation per key, current state, measures', async () => {
      const store = await open();
      for (const id of ['dev-a', 'dev-b']) await store.recordHello(helloFor(id), 500);
      await store.recordFindings(
        'dev-a',
        [
          findingOf(1, { observedAtMs: 1000 }),
          findingOf(2, { observedAtMs: 2000, status: 'pass' }),
          findingOf(3, { observedAtMs: 9000 }), // after the window
        ],
        9000,
      );
      await store.recordFindings('dev-b', [findingOf(1, { observedAtMs: 1500, status: 'pass' })], 9000);
      const key = { deviceId: 'dev-a', ruleId: 'usb.unregistered-storage', subject: 'usb:0781:5581:ABC' };
      await store.markFinding({ ...key, measure: '收回U盘', completed: true }, ADMIN, 9500);

      const material = await store.inspectionMaterial({ kind: 'window', fromMs: 0, toMs: 5000 });
      expect(material).not.toBeNull();
      expect(material!.sweep).toBeNull();
      expect(material!.targets).toEqual([]);
      expect(
        material!.keys.map((k) => [
          k.latest.deviceId,
          k.latest.seq,
          k.latest.status,
          k.lastProblem?.seq ?? null,
        ]),
      ).toEqual([
        ['dev-a', 2, 'pass', 1],
        ['dev-b', 1, 'pass', null],
      ]);
      // The key failed in the window; now its current finding is seq 3, observed after it.
      expect(material!.current).toEqual([{ ...key, status: 'fail', observedAtMs: 9000 }]);
      expect(material!.dispositions.map((d) => [d.deviceId, d.measure, d.completedAtMs])).toEqual([
        ['dev-a', '收回U盘', 9500],
      ]);
      expect(material!.devices.map((device) => device.deviceId)).toEqual(['dev-a', 'dev-b']);
      expect(material!.ledger).toEqual([
        { deviceId: 'dev-a', enteredAtMs: 500, statusChanges: [] },
        { deviceId: 'dev-b', enteredAtMs: 500, statusChanges: [] },
      ]);
    });

    describe('two collectors on one database', () => {
      // Each device sends seqs 1..SEQS; subject s-(seq % 4), failing when seq % 3 = 0. The newest seq of each
      // subject is then 40 (s-0, pass), 37 (s-1, pass), 38 (s-2, pass), 39 (s-3, fail).
      const SEQS = 40;
      const DEVICES = 12;
      const finding = (seq: number): Finding =>
        findingOf(seq, { subject: `s-${seq % 4}`, status: seq % 3 === 0 ? 'fail' : 'pass' });

      it('stores every (device, seq) once when both ingest the same and other devices, each resending through the other', async () => {
        const [a, b] = await openPair();
        const ids = Array.from({ length: DEVICES }, (_, i) => `dev-${String(i).padStart(2, '0')}`);
        for (const [index, id] of ids.entries())
          await (index % 2 === 0 ? a : b).recordHello(helloFor(id), 100);
        const calls: Array<Promise<{ stored: number }>> = [];
        for (const [index, id] of ids.entries()) {
          for (let first = 1; first <= SEQS; first += 5) {
            const batch = Array.from({ length: 5 }, (_, i) => finding(first + i));
            // Even devices mostly through A, odd through B; every batch also resent through the other.
            const [one, other] = (index + first) % 2 === 0 ? [a, b] : [b, a];
            calls.push(one.recordFindings(id, batch, 1000 + first));
            calls.push(other.recordFindings(id, [...batch].reverse(), 1000 + first));
          }
        }
        const results = await Promise.all(calls);
        expect(results.reduce((sum, result) => sum + result.stored, 0)).toBe(DEVICES * SEQS);
        const expectedSeqs = Array.from({ length: SEQS }, (_, i) => i + 1);
        for (const [index, id] of ids.entries()) {
          const reader = index % 2 === 0 ? b : a;
          expect(await historySeqs(reader, id)).toEqual(expectedSeqs);
          expect(await reader.getDevice(id)).toMatchObject({
            lastSeq: SEQS,
            counts: { pass: 3, fail: 1, error: 0, not_applicable: 0 },
          });
        }
        const expectedCounts = {
          devices: DEVICES,
          compliant: 0,
          failing: DEVICES,
          neverSeen: 0,
          notJudged: 0,
          byClause: [{ clause: '3.7.5', failingDevices: DEVICES, failingFindings: DEVICES }],
        };
        expect(await a.fleetCounts()).toEqual(expectedCounts);
        expect(await b.fleetCounts()).toEqual(expectedCounts);
      });

      it("numbers the collector's findings through both at once without a gap or a number given twice", async () => {
        const [a, b] = await openPair();
        const ids = ['dev-a', 'dev-b', 'dev-c'];
        for (const id of ids) await a.recordHello(helloFor(id), 100);
        const judgements = (store: Store, prefix: string) =>
          Array.from({ length: 8 }, (_, i) =>
            store.recordCollectorFindings(
              ids.map((id) => crossUse(id, `usb:0781:5581:${prefix}${i}`)),
              3000 + i,
            ),
          );
        const stored = (await Promise.all([...judgements(a, 'A'), ...judgements(b, 'B')])).flat();
        expect(stored).toHaveLength(3 * 16);
        for (const id of ids) {
          expect(await historySeqs(b, id)).toEqual(Array.from({ length: 16 }, (_, i) => i - 16));
          expect(await a.getDevice(id)).toMatchObject({ lastSeq: 0, counts: { fail: 16, pass: 0 } });
        }
        expect((await b.fleetCounts()).byClause).toEqual([
          { clause: '3.7.4', failingDevices: 3, failingFindings: 48 },
        ]);
      });

      it('judges every device by the required rules set through the other collector', async () => {
        const [a, b] = await openPair();
        await b.recordHello(helloFor('dev-x'), 100);
        await b.recordFindings('dev-x', [findingOf(1, { ruleId: 'r1', subject: '', status: 'pass' })], 200);
        expect(await a.setRequiredRules(['r2', 'r1'])).toEqual({ changed: true, devicesRecounted: 1 });
        expect(await b.requiredRules()).toEqual(['r1', 'r2']);
        expect((await b.getDevice('dev-x'))?.judgement).toEqual({
          state: 'not_judged',
          rulesWithoutVerdict: 1,
        });
        // The verdict for r2 arrives through B while A changes the set again, at once.
        await Promise.all([
          b.recordFindings(
            'dev-x',
            [findingOf(2, { ruleId: 'r2', subject: '', status: 'not_applicable' })],
            300,
          ),
          a.setRequiredRules(['r1', 'r2', 'r3']),
        ]);
        expect((await b.getDevice('dev-x'))?.judgement).toEqual({
          state: 'not_judged',
          rulesWithoutVerdict: 1,
        });
        await b.setRequiredRules(['r1', 'r2']);
        expect((await a.getDevice('dev-x'))?.judgement).toEqual({
          state: 'compliant',
          rulesWithoutVerdict: 0,
        });
        expect(await a.fleetCounts()).toMatchObject({ devices: 1, compliant: 1, notJudged: 0 });
      });
    });
  });
}
