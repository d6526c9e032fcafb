// Writes today's row of the compliance trend (store: compliance_days) from the fleet's counts: at start,
// every ten minutes, one second before each day ends in the collector's zone, and at shutdown. Each write
// is two small reads (the fleet summary's handful of rows, the silent devices) and one upsert of one row,
// and writing again changes nothing but the figure: the last write of a day is its end-of-day figure. A
// day the collector did not run has no row, and nothing fills it in.
//
// Order (collector-server.ts): start() once the store is open and the policy loaded; stop() before the
// store closes (its last write needs it).

import { complianceSnapshot, type SnapshotStore } from './compliance-snapshot';
import type { Logger } from './logger';
import type { PolicySource } from './policy-source';
import type { Store } from './store/store';
import { dayIn, nextDayStartMs } from './zone-days';

export const TREND_WRITE_INTERVAL_MS = 10 * 60_000;
/** The day's last write comes this long before the day ends, so that it stands for the whole day. */
export const BEFORE_DAY_END_MS = 1000;

/** When to write next after a write at `nowMs`: the interval, or just before the day ends if sooner. */
export function nextTrendWriteMs(nowMs: number, timeZone: string, intervalMs: number): number {
  const dayEnd = nextDayStartMs(nowMs, timeZone) - BEFORE_DAY_END_MS;
  return dayEnd > nowMs ? Math.min(nowMs + intervalMs, dayEnd) : nowMs + intervalMs;
}

export interface ComplianceTrendJob {
  start(): Promise<void>;
  /** Writes today's row now (the timer, start, stop and tests). */
  write(): Promise<void>;
  stop(): Promise<void>;
}

export function createComplianceTrendJob(deps: {
  store: SnapshotStore & Pick<Store, 'recordComplianceDay'>;
  policy: PolicySource;
  log: Logger;
  timeZone: string;
  intervalMs?: number;
  now?: () => number;
}): ComplianceTrendJob {
  const now = deps.now ?? Date.now;
  const intervalMs = deps.intervalMs ?? TREND_WRITE_INTERVAL_MS;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Writes one after another: a slow write and the timer's next never race to the same row.
  let writing: Promise<void> = Promise.resolve();

  const writeOnce = async () => {
    const atMs = now();
    try {
      const row = await complianceSnapshot(deps, dayIn(atMs, deps.timeZone), atMs);
      await deps.store.recordComplianceDay(row);
    } catch (error) {
      deps.log.error("cannot record the day's compliance counts", { error: (error as Error).message });
    }
  };
  const write = () => {
    writing = writing.then(writeOnce);
    return writing;
  };
  const schedule = () => {
    if (stopped) return;
    const atMs = now();
    timer = setTimeout(
      () => {
        void write().then(schedule);
      },
      nextTrendWriteMs(atMs, deps.timeZone, intervalMs) - atMs,
    );
    timer.unref();
  };

  return {
    async start() {
      await write();
      schedule();
    },
    write,
    async stop() {
      if (stopped) return writing;
      stopped = true;
      clearTimeout(timer);
      await write();
    },
  };
}
