// Run-once slots on PostgreSQL, graphile-worker's "distributed crontab" idea: every collector asks for the
// same (job, slot) and the first INSERT wins; the row stays, so a collector restarted within the slot does
// not run it again. At most once, not exactly once: a collector that wins a slot and dies before doing the
// job leaves it undone (a job that must happen records its own outcome in the store, as a sweep does).
// Rows older than the retention are pruned at start (postgres-coordination.ts) and then every slotPruneMs by each collector (a
// DELETE that finds nothing costs an index probe).
import type pg from 'pg';
import type { Logger } from '../logger';
import type { CoordinationTiming } from './coordination-timing';
import { DATABASE_NOW_MS } from './database-clock';

export interface ClaimedSlots {
  claim(job: string, slot: string): Promise<boolean>;
  /** Deletes slots claimed longer ago than the retention; resolves with how many. */
  prune(): Promise<number>;
  /** Stops the pruning timer and waits for a prune under way. */
  close(): Promise<void>;
}

export function claimedSlots(deps: {
  pool: pg.Pool;
  collectorId: string;
  timing: CoordinationTiming;
  log: Logger;
}): ClaimedSlots {
  const prune = async () => {
    const result = await deps.pool.query(
      `DELETE FROM coordination_slots WHERE claimed_at_ms < ${DATABASE_NOW_MS} - $1`,
      [deps.timing.slotRetentionMs],
    );
    return result.rowCount ?? 0;
  };
  let pruning: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    pruning = prune().catch((error: Error) =>
      deps.log.warn('slot pruning failed; tried again later', { error: error.message }),
    );
  }, deps.timing.slotPruneMs);
  timer.unref();
  return {
    async claim(job, slot) {
      if (job === '' || slot === '')
        throw new Error(`claimSlot: job and slot must not be empty (job "${job}", slot "${slot}")`);
      const result = await deps.pool.query(
        `INSERT INTO coordination_slots (job, slot, collector_id, claimed_at_ms)
         VALUES ($1, $2, $3, ${DATABASE_NOW_MS}) ON CONFLICT (job, slot) DO NOTHING`,
        [job, slot, deps.collectorId],
      );
      return result.rowCount === 1;
    },
    prune,
    async close() {
      clearInterval(timer);
      await pruning;
    },
  };
}
