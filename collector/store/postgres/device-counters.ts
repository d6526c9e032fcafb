// The devices' counters on PostgreSQL (their meaning: ../device-counters.ts), recounted in the transaction
// that changed the current findings, from those findings, for the devices it touched: exact whatever the
// counters said before, with no summary row for two collectors to queue on. The devices' rows are locked
// (findings-ingest.ts, in id order) before any of their findings are written, so a recount reads rows no
// other transaction is changing.
//
// judged_rules depends on the set of required rules too. A change of the set (required-rules.ts) takes the
// lock below exclusively; every transaction that recounts takes it shared first. So a recount never reads a
// set another collector is replacing, and a replacement never misses rows an ingest is writing.
import type pg from 'pg';
import { STATUS_COUNTERS } from '../device-counters';

/** Key of the required rules' advisory lock ("shoumi:rules"). */
export const REQUIRED_RULES_LOCK_KEY = 0x73686f756d690011n;

/** Takes the required rules' lock shared until the transaction ends: call before locking any device. */
export async function holdRequiredRulesShared(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock_shared($1)', [REQUIRED_RULES_LOCK_KEY.toString()]);
}

export async function holdRequiredRulesExclusive(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [REQUIRED_RULES_LOCK_KEY.toString()]);
}

const COUNTS = Object.entries(STATUS_COUNTERS)
  .map(([column, status]) => `count(*) FILTER (WHERE c.status = '${status}') AS ${column}`)
  .join(', ');
const SET_COUNTS = Object.keys(STATUS_COUNTERS)
  .map((column) => `${column} = counted.${column}`)
  .join(', ');

/** What one device's counters are recounted with: its last seq and last seen may only move forward. */
export interface DeviceTouch {
  deviceId: string;
  lastSeq: number;
  seenAtMs: number;
}

/** Recounts the devices (already locked by this transaction) and moves their last seq and last seen. */
export async function recountDevicesInTransaction(
  client: pg.ClientBase,
  touches: readonly DeviceTouch[],
): Promise<void> {
  if (touches.length === 0) return;
  const sorted = [...touches].sort((a, b) =>
    a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0,
  );
  await client.query(
    `UPDATE devices d SET last_seq = greatest(d.last_seq, counted.last_seq),
        last_seen_ms = greatest(d.last_seen_ms, counted.seen_ms), ${SET_COUNTS},
        judged_rules = counted.judged_rules
       FROM (SELECT t.device_id, t.last_seq, t.seen_ms, n.*
               FROM unnest($1::text[], $2::bigint[], $3::bigint[]) AS t (device_id, last_seq, seen_ms)
               CROSS JOIN LATERAL (
                 SELECT ${COUNTS}, count(DISTINCT r.rule_id) AS judged_rules
                   FROM current_findings c LEFT JOIN required_rules r ON r.rule_id = c.rule_id
                  WHERE c.device_id = t.device_id) AS n) AS counted
      WHERE d.device_id = counted.device_id`,
    [sorted.map((t) => t.deviceId), sorted.map((t) => t.lastSeq), sorted.map((t) => t.seenAtMs)],
  );
}
