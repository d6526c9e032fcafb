// Moving sweep targets on PostgreSQL, the one way every sweep write does it: lock the targets concerned in
// (sweep, device) order, let ../../sweeps/sweep-states.ts decide what becomes of each, write them back in
// one statement, then move each touched sweep's counters by the same transitions and stamp completion on
// those nothing is open in any more. Several collectors answering, claiming and expiring at once therefore
// serialise on the rows they share: every transaction takes its target locks first, in one global order, and
// the sweeps rows after them, in sweep order, so they cannot deadlock; counters stay equal to the targets.
import type pg from 'pg';
import {
  type CountMoves,
  countMoves,
  OPEN_TARGET_STATES,
  type SweepTargetState,
  sweepIsComplete,
} from '../../sweeps/sweep-states';

/** sweep_targets as read for a change (locked). */
export interface TargetRow {
  sweep_id: string;
  device_id: string;
  state: SweepTargetState;
  sent_at_ms: number;
  answered_at_ms: number;
  failed_rules: number;
  error_rules: number;
  error: string;
}

export const TARGET_COLUMNS =
  't.sweep_id, t.device_id, t.state, t.sent_at_ms, t.answered_at_ms, t.failed_rules, t.error_rules, t.error';

/** `state IN (…)` of the open states, for a query's WHERE (the states come from sweep-states.ts). */
export const OPEN_STATE_LIST = OPEN_TARGET_STATES.map((state) => `'${state}'`).join(', ');

/** A target after its change, and the state it left. */
export interface TargetChange {
  before: SweepTargetState;
  after: TargetRow;
}

async function writeTargets(client: pg.ClientBase, changes: readonly TargetChange[]): Promise<void> {
  const rows = changes.map((change) => change.after);
  await client.query(
    `UPDATE sweep_targets AS t SET state = w.state, sent_at_ms = w.sent_at_ms,
       answered_at_ms = w.answered_at_ms, failed_rules = w.failed_rules, error_rules = w.error_rules,
       error = w.error
       FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[], $6::int[], $7::int[],
                   $8::text[])
            AS w (sweep_id, device_id, state, sent_at_ms, answered_at_ms, failed_rules, error_rules, error)
      WHERE t.sweep_id = w.sweep_id AND t.device_id = w.device_id`,
    [
      rows.map((row) => row.sweep_id),
      rows.map((row) => row.device_id),
      rows.map((row) => row.state),
      rows.map((row) => row.sent_at_ms),
      rows.map((row) => row.answered_at_ms),
      rows.map((row) => row.failed_rules),
      rows.map((row) => row.error_rules),
      rows.map((row) => row.error),
    ],
  );
}

async function moveCounters(client: pg.ClientBase, moves: ReadonlyMap<string, CountMoves>): Promise<void> {
  const sweepIds = [...moves.keys()].sort();
  if (sweepIds.length === 0) return;
  const of = (state: keyof CountMoves) => sweepIds.map((sweepId) => moves.get(sweepId)![state]);
  await client.query('SELECT 1 FROM sweeps WHERE sweep_id = ANY ($1::text[]) ORDER BY sweep_id FOR UPDATE', [
    sweepIds,
  ]);
  await client.query(
    `UPDATE sweeps AS s SET pending_targets = s.pending_targets + m.pending,
       sent_targets = s.sent_targets + m.sent, answered_targets = s.answered_targets + m.answered,
       failed_targets = s.failed_targets + m.failed
       FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::int[])
            AS m (sweep_id, pending, sent, answered, failed)
      WHERE s.sweep_id = m.sweep_id`,
    [sweepIds, of('pending'), of('sent'), of('answered'), of('failed')],
  );
}

/** Stamps completion on those of these sweeps that nothing is open in any more. */
export async function completeSweeps(
  client: pg.ClientBase,
  sweepIds: Iterable<string>,
  atMs: number,
): Promise<void> {
  const ids = [...new Set(sweepIds)].sort();
  if (ids.length === 0) return;
  const open = await client.query<{ sweep_id: string; pending_targets: number; sent_targets: number }>(
    `SELECT sweep_id, pending_targets, sent_targets FROM sweeps
      WHERE sweep_id = ANY ($1::text[]) AND completed_at_ms = 0 ORDER BY sweep_id FOR UPDATE`,
    [ids],
  );
  const complete = open.rows
    .filter((row) => sweepIsComplete({ pending: row.pending_targets, sent: row.sent_targets }))
    .map((row) => row.sweep_id);
  if (complete.length === 0) return;
  await client.query('UPDATE sweeps SET completed_at_ms = $1 WHERE sweep_id = ANY ($2::text[])', [
    atMs,
    complete,
  ]);
}

/** Writes the changed targets, moves their sweeps' counters, and completes what is complete. */
export async function applyTargetChanges(
  client: pg.ClientBase,
  changes: readonly TargetChange[],
  completedAtMs: number,
): Promise<void> {
  if (changes.length === 0) return;
  await writeTargets(client, changes);
  await moveCounters(
    client,
    countMoves(
      changes.map((change) => ({
        sweepId: change.after.sweep_id,
        from: change.before,
        to: change.after.state,
      })),
    ),
  );
  await completeSweeps(
    client,
    changes.map((change) => change.after.sweep_id),
    completedAtMs,
  );
}
