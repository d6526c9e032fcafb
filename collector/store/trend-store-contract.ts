// The contract of the ComplianceTrendStore role, for every backend (see store-contract.ts for the shape):
// a day's row is replaced by a later write of the same day and never by an earlier one, days come back
// oldest first within the range asked, days never written are absent, and bad input changes nothing.
// Every expectation is written out by hand.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CollectorFinding, ComplianceDayRecord, Store } from './store';
import type { OpenedStore } from './store-backends';
import { InvalidStoreInputError } from './store-errors';
import { findingOf, helloFor } from './store-fixtures';

const SILENCE = { ruleId: 'agent-reports-regularly', clause: '3.7.5' };

function silenceFinding(deviceId: string, status: 'pass' | 'fail', atMs: number): CollectorFinding {
  return {
    deviceId,
    ruleId: SILENCE.ruleId,
    clause: SILENCE.clause,
    subject: '',
    status,
    severity: 'high',
    evidence: { atMs },
    reason: status,
    observedAtMs: atMs,
    sweepId: '',
  };
}

function dayOf(day: string, recordedAtMs: number, devices: number): ComplianceDayRecord {
  return {
    day,
    devices,
    compliant: 1,
    failing: 2,
    notJudged: 3,
    neverSeen: 4,
    silent: 5,
    byClause: [
      { clause: '3.7.5', failingDevices: 2, failingFindings: 7 },
      { clause: '3.7.4', failingDevices: 1, failingFindings: 1 },
    ],
    recordedAtMs,
  };
}

export function describeTrendStoreContract(name: string, openStore: () => Promise<OpenedStore>): void {
  describe(`trend store contract: ${name}`, () => {
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

    it('answers no days from an empty store', async () => {
      expect(await store.complianceDays('2026-01-01', '2026-12-31')).toEqual([]);
    });

    it('keeps the last write of a day, clauses sorted, and never lets an earlier write replace it', async () => {
      await store.recordComplianceDay(dayOf('2026-12-07', 1000, 10));
      await store.recordComplianceDay(dayOf('2026-12-07', 3000, 12));
      // Written late (a clock set back): the figure recorded at 3000 stands.
      await store.recordComplianceDay(dayOf('2026-12-07', 2000, 99));
      expect(await store.complianceDays('2026-12-07', '2026-12-07')).toEqual([
        {
          day: '2026-12-07',
          devices: 12,
          compliant: 1,
          failing: 2,
          notJudged: 3,
          neverSeen: 4,
          silent: 5,
          byClause: [
            { clause: '3.7.4', failingDevices: 1, failingFindings: 1 },
            { clause: '3.7.5', failingDevices: 2, failingFindings: 7 },
          ],
          recordedAtMs: 3000,
        },
      ]);
      // The same row again: still one row, the same figures.
      await store.recordComplianceDay(dayOf('2026-12-07', 3000, 12));
      expect((await store.complianceDays('2026-12-01', '2026-12-31')).map((d) => d.devices)).toEqual([12]);
    });

    it('answers the days inside the range, oldest first, and leaves the days never written out', async () => {
      for (const [day, devices] of [
        ['2026-12-09', 9],
        ['2026-11-30', 30],
        ['2026-12-01', 1],
        ['2026-12-04', 4],
        ['2027-01-01', 101],
      ] as const) {
        await store.recordComplianceDay(dayOf(day, 5000, devices));
      }
      const days = await store.complianceDays('2026-12-01', '2026-12-09');
      expect(days.map((d) => [d.day, d.devices])).toEqual([
        ['2026-12-01', 1],
        ['2026-12-04', 4],
        ['2026-12-09', 9],
      ]);
    });

    it('refuses a malformed day or count and stores nothing', async () => {
      for (const bad of [
        { ...dayOf('2026-12-07', 1000, 1), day: '2026-12-7' },
        { ...dayOf('2026-12-07', 1000, 1), day: '2026-13-01' },
        { ...dayOf('2026-12-07', 1000, 1), failing: -1 },
        { ...dayOf('2026-12-07', 1000, 1), silent: 1.5 },
        { ...dayOf('2026-12-07', 0, 1) },
        {
          ...dayOf('2026-12-07', 1000, 1),
          byClause: [{ clause: '', failingDevices: 1, failingFindings: 1 }],
        },
      ]) {
        await expect(store.recordComplianceDay(bad)).rejects.toBeInstanceOf(InvalidStoreInputError);
      }
      await expect(store.complianceDays('2026-12-01', 'tomorrow')).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
      expect(await store.complianceDays('2000-01-01', '2099-12-31')).toEqual([]);
    });

    it('counts the devices whose finding of a rule stands failed, not passed or other rules', async () => {
      for (const deviceId of ['dev-a', 'dev-b', 'dev-c', 'dev-d']) {
        await store.recordHello(helloFor(deviceId), 1000);
      }
      expect(await store.failingDevicesOfRule(SILENCE)).toBe(0);
      await store.recordCollectorFindings(
        [
          silenceFinding('dev-a', 'fail', 2000),
          silenceFinding('dev-b', 'fail', 2000),
          silenceFinding('dev-c', 'fail', 2000),
        ],
        2000,
      );
      // dev-c spoke again: its silence passed. dev-d fails another 3.7.5 rule only.
      await store.recordCollectorFindings([silenceFinding('dev-c', 'pass', 3000)], 3000);
      await store.recordFindings('dev-d', [findingOf(1)], 3000);
      expect(await store.failingDevicesOfRule(SILENCE)).toBe(2);
    });
  });
}
