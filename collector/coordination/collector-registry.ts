// The collectors alive now, in the `collectors` table: each collector writes its heartbeat every
// heartbeatMs (by the database's clock); one whose heartbeat is older than the lease is presumed gone, its
// streams stop counting (live-streams.ts joins on a fresh heartbeat), and whoever notices deletes its rows.
//
// A collector can be presumed gone while it still runs (its heartbeats failed or came late: the database
// unreachable, the event loop stalled). Then other collectors may already have answered "no live stream"
// for its devices, so it must not go on serving them as if nothing happened: `onLapsed` is called (the
// stream directory cuts every stream it holds; the agents reconnect and claim afresh) and, once the
// database answers, the collector registers again. It judges its own lapse two ways, whichever comes
// first: its heartbeat write finds its row gone or stale (the database's view), or no write has succeeded
// for a lease by its own clock (the database unreachable, so the others see it stale too).
import type pg from 'pg';
import type { Logger } from '../logger';
import type { CoordinationTiming } from './coordination-timing';
import { DATABASE_NOW_MS } from './database-clock';

export interface CollectorRegistry {
  /** Called when this collector may have been presumed gone (see the top of this file). */
  onLapsed(handler: (reason: string) => void): void;
  /** Called when this collector registered again after a lapse (before it counts as alive again). */
  onRegisteredAgain(handler: () => Promise<void>): void;
  /** Stops the heartbeat and deletes this collector's row. */
  close(): Promise<void>;
}

export async function startCollectorRegistry(deps: {
  pool: pg.Pool;
  collectorId: string;
  timing: CoordinationTiming;
  log: Logger;
  now?: () => number;
}): Promise<CollectorRegistry> {
  const now = deps.now ?? (() => performance.now());
  const { pool, collectorId, timing } = deps;
  const lapseHandlers: Array<(reason: string) => void> = [];
  const registeredAgainHandlers: Array<() => Promise<void>> = [];
  const register = () =>
    pool.query(
      `INSERT INTO collectors (collector_id, started_at_ms, heartbeat_at_ms)
       VALUES ($1, ${DATABASE_NOW_MS}, ${DATABASE_NOW_MS})
       ON CONFLICT (collector_id) DO UPDATE SET heartbeat_at_ms = excluded.heartbeat_at_ms`,
      [collectorId],
    );
  await register();
  let lastWrittenAt = now();
  let lapsed = false;

  const lapse = (reason: string) => {
    if (lapsed) return;
    lapsed = true;
    deps.log.warn('this collector may have been presumed gone; its streams are cut', { collectorId, reason });
    for (const handler of lapseHandlers) {
      try {
        handler(reason);
      } catch (error) {
        deps.log.error('lapse handler failed', { error: (error as Error).message });
      }
    }
  };

  const beat = async () => {
    try {
      const kept = await pool.query(
        `UPDATE collectors SET heartbeat_at_ms = ${DATABASE_NOW_MS}
         WHERE collector_id = $1 AND heartbeat_at_ms >= ${DATABASE_NOW_MS} - $2`,
        [collectorId, timing.leaseMs],
      );
      if (kept.rowCount !== 1) lapse('the heartbeat row was gone or stale when written');
      if (lapsed) {
        for (const handler of registeredAgainHandlers) await handler();
        await register();
        lapsed = false;
        deps.log.info('this collector is registered again', { collectorId });
      }
      lastWrittenAt = now();
      await removeGoneCollectors();
    } catch (error) {
      deps.log.warn('heartbeat not written; tried again', { collectorId, error: (error as Error).message });
    }
  };

  // Whoever notices a gone collector deletes it and its streams; several collectors doing it at once
  // delete the same rows once.
  const removeGoneCollectors = async () => {
    const removed = await pool.query<{ collector_id: string }>(
      `WITH gone AS (
         DELETE FROM collectors WHERE heartbeat_at_ms < ${DATABASE_NOW_MS} - $1 AND collector_id <> $2
         RETURNING collector_id
       ), streams AS (
         DELETE FROM live_streams WHERE collector_id IN (SELECT collector_id FROM gone)
       )
       SELECT collector_id FROM gone`,
      [timing.leaseMs, collectorId],
    );
    for (const row of removed.rows)
      deps.log.warn('a collector stopped heartbeating; its streams are forgotten', {
        gone: row.collector_id,
      });
  };

  let beating: Promise<void> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    // Judged here, not in beat(): a heartbeat write that hangs must not postpone the verdict.
    if (now() - lastWrittenAt > timing.leaseMs)
      lapse(`no heartbeat written for more than the lease (${timing.leaseMs} ms)`);
    if (busy) return;
    busy = true;
    beating = beat().finally(() => {
      busy = false;
    });
  }, timing.heartbeatMs);
  timer.unref();

  return {
    onLapsed(handler) {
      lapseHandlers.push(handler);
    },
    onRegisteredAgain(handler) {
      registeredAgainHandlers.push(handler);
    },
    async close() {
      clearInterval(timer);
      await beating;
      await pool.query('DELETE FROM collectors WHERE collector_id = $1', [collectorId]);
    },
  };
}
