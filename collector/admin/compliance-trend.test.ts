// GetComplianceTrend against a real SQLite store on a fixed clock in Asia/Shanghai: past days from the
// stored rows inside the window (days never written absent), today counted now, bad day counts refused.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBaselinePolicy } from '../../policies/load-policy';
import type { GetComplianceTrendResponse__Output } from '../../proto/generated/shoumi/v1/GetComplianceTrendResponse';
import { callUnary } from '../../test/support/unary-call';
import { inProcessCoordination } from '../coordination/in-process';
import type { LoadedPolicy } from '../policy-source';
import { openSqliteStore } from '../store/sqlite';
import type { ComplianceDayRecord, Store } from '../store/store';
import { findingOf, helloFor } from '../store/store-fixtures';
import { complianceTrendHandlers } from './compliance-trend';

const silent = { info() {}, warn() {}, error() {} };
// 2026-12-08 10:00 in Shanghai.
const NOW = Date.parse('2026-12-08T02:00:00Z');

function storedDay(day: string, devices: number): ComplianceDayRecord {
  return {
    day,
    devices,
    compliant: devices - 1,
    failing: 1,
    notJudged: 0,
    neverSeen: 0,
    silent: 0,
    byClause: [{ clause: '3.7.8', failingDevices: 1, failingFindings: 1 }],
    recordedAtMs: Date.parse(`${day}T15:59:59Z`),
  };
}

describe('GetComplianceTrend', () => {
  let directory: string;
  let store: Store;
  let handlers: ReturnType<typeof complianceTrendHandlers>;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-admin-trend-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    const baseline = await loadBaselinePolicy();
    if (!baseline.ok) throw new Error('baseline does not load');
    handlers = complianceTrendHandlers({
      store,
      streams: inProcessCoordination().streams,
      policy: { current: () => ({ policy: baseline.policy }) as LoadedPolicy } as never,
      log: silent,
      pushPolicyBundles: async () => {},
      timeZone: 'Asia/Shanghai',
      now: () => NOW,
    });
    // Today's fleet: dev-a fails a 3.7.5 USB rule, dev-b is flagged silent (3.7.5 too).
    await store.recordHello(helloFor('dev-a'), NOW - 60_000);
    await store.recordHello(helloFor('dev-b'), NOW - 60_000);
    await store.recordFindings('dev-a', [findingOf(1)], NOW - 50_000);
    await store.recordCollectorFindings(
      [
        {
          deviceId: 'dev-b',
          ruleId: 'agent-reports-regularly',
          clause: '3.7.5',
          subject: '',
          status: 'fail',
          severity: 'high',
          evidence: {},
          reason: 'silent',
          observedAtMs: NOW - 40_000,
          sweepId: '',
        },
      ],
      NOW - 40_000,
    );
    for (const [day, devices] of [
      ['2026-11-08', 108], // 31 days back: outside the default window
      ['2026-11-09', 109], // the window's first day
      ['2026-11-20', 120],
      ['2026-12-07', 207],
      ['2026-12-08', 999], // today's stored row: today is counted now instead
    ] as const) {
      await store.recordComplianceDay(storedDay(day, devices));
    }
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  const trend = (days: number) =>
    callUnary(handlers, 'GetComplianceTrend', { days }) as Promise<{
      error: grpc.ServiceError | null;
      value: GetComplianceTrendResponse__Output | undefined;
    }>;

  it('answers the last 30 days by default: the stored days inside the window, then today counted now', async () => {
    const { error, value } = await trend(0);
    expect(error).toBeNull();
    expect(value?.timeZone).toBe('Asia/Shanghai');
    expect(value?.days.map((day) => [day.day, day.devices])).toEqual([
      ['2026-11-09', 109],
      ['2026-11-20', 120],
      ['2026-12-07', 207],
      ['2026-12-08', 2],
    ]);
    expect(value?.days.at(-1)).toEqual({
      day: '2026-12-08',
      devices: 2,
      compliant: 0,
      failing: 2,
      notYetJudged: 0,
      neverSeen: 0,
      silent: 1,
      byClause: [{ clause: '3.7.5', failingDevices: 2, failingFindings: 2 }],
      recordedAtMs: NOW,
    });
  });

  it('answers only today for one day, and the window of two days back for 2', async () => {
    expect((await trend(1)).value?.days.map((day) => day.day)).toEqual(['2026-12-08']);
    expect((await trend(2)).value?.days.map((day) => [day.day, day.devices])).toEqual([
      ['2026-12-07', 207],
      ['2026-12-08', 2],
    ]);
    expect((await trend(400)).value?.days.map((day) => day.day)).toEqual([
      '2026-11-08',
      '2026-11-09',
      '2026-11-20',
      '2026-12-07',
      '2026-12-08',
    ]);
  });

  it('refuses more than 400 days with INVALID_ARGUMENT naming the limit', async () => {
    const { error } = await trend(401);
    expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(error?.details).toMatch(/days 401 .*400/);
  });
});
