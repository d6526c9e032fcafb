// Writes today's row of the compliance trend (store: compliance_days) from the fleet's counts: at start,
// every ten minutes, one second before each day ends in the collector's zone, and at shutdown. Each write
// is two small reads (the fleet summary's handful of rows, the silent devices) and one upsert of one row,
// and writing again changes nothing but the figure: the last write of a day is its end-of-day figure. A
// day the collector did not run has no row, and nothing fills it in.
//
// Several collectors (coordination port): the job runs where it is led, so one collector writes the row;
// the lead lost stops it before its next write. At stop the collector that led writes once more (the
// figure at shutdown); one that did not lead leaves the row to the collector that does.
//
// Order (collector-server.ts): start() once the store is open and the policy loaded; stop() before the
// store closes (its last write needs it).

import { complianceSnapshot, type SnapshotStore } from './compliance-snapshot';
import type { Coordination, Leadership } from './coordination/coordination';
import { inProcessCoordination } from './coordination/in-process';
import { pauseUnlessAborted } from './coordination/pause-unless-aborted';
import type { Logger } from './logger';
import type { PolicySource } from './policy-source';
import type { Store } from './store/store';
import { dayIn, nextDayStartMs } from './zone-days';

export const TREND_WRITE_INTERVAL_MS = 10 * 60_000;
/** The job's leadership name among collectors. */
export const COMPLIANCE_TREND_JOB = 'compliance-trend';
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
  /** Leadership of the job among collectors; alone (always leading) when absent. */
  lead?: Coordination['lead'];
  intervalMs?: number;
  now?: () => number;
}): ComplianceTrendJob {
  const now = deps.now ?? Date.now;
  const intervalMs = deps.intervalMs ?? TREND_WRITE_INTERVAL_MS;
  const lead = deps.lead ?? inProcessCoordination().lead;
  let leadership: Leadership | undefined;
  let stopped = false;
  // Writes one after another: a slow write and the timer's next never race to the same row.
  let writing: Promise<void> = Promise.resolve();

  const writeOnce = async (signal?: AbortSignal) => {
    const atMs = now();
    try {
      const row = await complianceSnapshot(deps, dayIn(atMs, deps.timeZone), atMs);
      if (signal?.aborted) return;
      await deps.store.recordComplianceDay(row);
    } catch (error) {
      deps.log.error("cannot record the day's compliance counts", { error: (error as Error).message });
    }
  };
  const write = (signal?: AbortSignal) => {
    writing = writing.then(() => writeOnce(signal));
    return writing;
  };
  /** Resolves at the next write time, or at once when `signal` aborts. */
  const untilNextWrite = (signal: AbortSignal) => {
    const atMs = now();
    return pauseUnlessAborted(nextTrendWriteMs(atMs, deps.timeZone, intervalMs) - atMs, signal);
  };

  return {
    async start() {
      let firstWritten!: () => void;
      const written = new Promise<void>((resolve) => {
        firstWritten = resolve;
      });
      leadership = lead(COMPLIANCE_TREND_JOB, async (signal) => {
        await write(signal);
        firstWritten();
        while (!signal.aborted) {
          await untilNextWrite(signal);
          if (!signal.aborted) await write(signal);
        }
      });
      // Led here from the start (always, alone): the first write is done before start() returns, as before.
      if (leadership.leading) await written;
    },
    write: () => write(),
    async stop() {
      if (stopped) return writing;
      stopped = true;
      // Never started (a test writing by hand): written at stop as ever.
      const led = leadership?.leading ?? true;
      await leadership?.stop();
      if (led) await write();
    },
  };
}
