// The trend's job on a fake clock in Asia/Shanghai (UTC+8, no summer time): when it writes, which day each
// write lands on, and that a day's last write is its end-of-day figure. Times are written out by hand.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadBaselinePolicy } from '../policies/load-policy';
import type { Policy } from '../policies/model';
import { createComplianceTrendJob, nextTrendWriteMs } from './compliance-trend-job';
import { silentLogger } from './logger';
import type { LoadedPolicy } from './policy-source';
import type { ComplianceDayRecord, FleetCounts } from './store/store';

const ZONE = 'Asia/Shanghai';
const at = (iso: string) => Date.parse(iso);

function fakeStore(counts: { current: FleetCounts; silent: number }) {
  const rows = new Map<string, ComplianceDayRecord>();
  const writes: { day: string; atMs: number; devices: number }[] = [];
  let reads = 0;
  return {
    rows,
    writes,
    reads: () => reads,
    store: {
      async fleetCounts() {
        reads++;
        return structuredClone(counts.current);
      },
      async failingDevicesOfRule(rule: { ruleId: string; clause: string }) {
        expect(rule).toEqual({ ruleId: 'agent-reports-regularly', clause: '3.7.5' });
        return counts.silent;
      },
      async recordComplianceDay(record: ComplianceDayRecord) {
        writes.push({ day: record.day, atMs: record.recordedAtMs, devices: record.devices });
        const before = rows.get(record.day);
        if (!before || before.recordedAtMs <= record.recordedAtMs) rows.set(record.day, record);
      },
    },
  };
}

function fleet(devices: number, failing: number): FleetCounts {
  return {
    devices,
    compliant: devices - failing - 1,
    failing,
    neverSeen: 1,
    notJudged: 0,
    byClause: [
      { clause: '3.7.4', failingDevices: failing, failingFindings: failing * 2 },
      // A clause the policy does not hold (an old release's finding): left out, as fleet status leaves it.
      { clause: '9.9.9', failingDevices: 1, failingFindings: 1 },
    ],
  };
}

let policy: Policy;
beforeEach(async () => {
  const loaded = await loadBaselinePolicy();
  if (!loaded.ok) throw new Error('the baseline policy does not load');
  policy = loaded.policy;
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('when the trend is written', () => {
  it('every ten minutes, and one second before midnight in Shanghai', () => {
    expect(nextTrendWriteMs(at('2026-12-07T02:00:00Z'), ZONE, 600_000)).toBe(at('2026-12-07T02:10:00Z'));
    // 23:55 in Shanghai: the day ends at 16:00Z, so the next write is at 23:59:59 local.
    expect(nextTrendWriteMs(at('2026-12-07T15:55:00Z'), ZONE, 600_000)).toBe(at('2026-12-07T15:59:59Z'));
    // Written at 23:59:59.500: the day's last write is done; the next is ten minutes on, on the new day.
    expect(nextTrendWriteMs(at('2026-12-07T15:59:59.500Z'), ZONE, 600_000)).toBe(
      at('2026-12-07T16:09:59.500Z'),
    );
  });
});

describe('the compliance trend job', () => {
  it("writes at start, on the timer and at stop, each day's last write standing as its figure", async () => {
    const counts = { current: fleet(10, 3), silent: 2 };
    const fake = fakeStore(counts);
    vi.setSystemTime(at('2026-12-07T15:45:00Z')); // 23:45 in Shanghai
    const job = createComplianceTrendJob({
      store: fake.store,
      policy: { current: () => ({ policy }) as LoadedPolicy } as never,
      log: silentLogger,
      timeZone: ZONE,
    });
    await job.start();
    expect(fake.writes).toEqual([{ day: '2026-12-07', atMs: at('2026-12-07T15:45:00Z'), devices: 10 }]);

    counts.current = fleet(11, 4);
    await vi.advanceTimersByTimeAsync(10 * 60_000); // 23:55
    counts.current = fleet(12, 5);
    await vi.advanceTimersByTimeAsync(4 * 60_000 + 59_000); // 23:59:59, the day's end write
    counts.current = fleet(13, 6);
    await vi.advanceTimersByTimeAsync(10 * 60_000); // 00:09:59 on the 8th
    counts.current = fleet(14, 6);
    vi.setSystemTime(at('2026-12-07T16:12:00Z'));
    await job.stop();

    expect(fake.writes).toEqual([
      { day: '2026-12-07', atMs: at('2026-12-07T15:45:00Z'), devices: 10 },
      { day: '2026-12-07', atMs: at('2026-12-07T15:55:00Z'), devices: 11 },
      { day: '2026-12-07', atMs: at('2026-12-07T15:59:59Z'), devices: 12 },
      { day: '2026-12-08', atMs: at('2026-12-07T16:09:59Z'), devices: 13 },
      { day: '2026-12-08', atMs: at('2026-12-07T16:12:00Z'), devices: 14 },
    ]);
    expect(fake.rows.get('2026-12-07')).toEqual({
      day: '2026-12-07',
      devices: 12,
      compliant: 6,
      failing: 5,
      notJudged: 0,
      neverSeen: 1,
      silent: 2,
      byClause: [{ clause: '3.7.4', failingDevices: 5, failingFindings: 10 }],
      recordedAtMs: at('2026-12-07T15:59:59Z'),
    });
    expect(fake.rows.get('2026-12-08')?.devices).toBe(14);
    // One read of the fleet's counts per write.
    expect(fake.reads()).toBe(5);

    // Stopped: no more writes however long the clock runs.
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(fake.writes).toHaveLength(5);
  });

  it('writes today again when nothing changed without adding a day, and a failed write is logged, not thrown', async () => {
    const counts = { current: fleet(5, 1), silent: 0 };
    const fake = fakeStore(counts);
    const errors: string[] = [];
    vi.setSystemTime(at('2026-12-07T04:00:00Z'));
    const job = createComplianceTrendJob({
      store: {
        ...fake.store,
        async recordComplianceDay(record) {
          if (record.recordedAtMs === at('2026-12-07T04:00:01Z')) throw new Error('disk full');
          return fake.store.recordComplianceDay(record);
        },
      },
      policy: { current: () => ({ policy }) as LoadedPolicy } as never,
      log: { ...silentLogger, error: (message: string) => errors.push(message) },
      timeZone: ZONE,
    });
    await job.write();
    vi.setSystemTime(at('2026-12-07T04:00:01Z'));
    await job.write();
    vi.setSystemTime(at('2026-12-07T04:00:02Z'));
    await job.write();
    expect([...fake.rows.keys()]).toEqual(['2026-12-07']);
    expect(fake.rows.get('2026-12-07')?.recordedAtMs).toBe(at('2026-12-07T04:00:02Z'));
    expect(errors).toEqual(["cannot record the day's compliance counts"]);
    await job.stop();
  });
});
