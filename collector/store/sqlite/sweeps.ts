// Fleet-wide sweeps and their schedules in SQLite (tables sweeps, sweep_targets, sweep_schedules; schema
// 2 and 3). What becomes of a target and when a sweep is complete: ../../sweeps/sweep-states.ts. The sweeps
// row carries per-state counters that a trigger (schema 5) moves with every change of a target's state, so
// that completion and listings never count targets.
import {
  answeredState,
  answersCompletionMs,
  claimDecision,
  EXPIRED_ERROR,
  latestAnswerPerTarget,
  OPEN_TARGET_STATES,
  sweepIsComplete,
} from '../../sweeps/sweep-states';
import type {
  AuditContext,
  DeviceSweepTarget,
  NewSweep,
  SweepAnswer,
  SweepDispatch,
  SweepRecord,
  SweepScheduleRecord,
  SweepTargetRecord,
} from '../store';
import { InvalidStoreInputError } from '../store-errors';
import { appendAuditInTransaction } from './audit';
import type { SqliteConnection } from './connection';

interface SweepRow {
  sweep_id: string;
  created_at_ms: number;
  requested_by: string;
  schedule_id: string;
  rule_ids: string;
  completed_at_ms: number;
  pending_targets: number;
  sent_targets: number;
  answered_targets: number;
  failed_targets: number;
}

interface TargetRow {
  device_id: string;
  hostname: string;
  state: SweepTargetRecord['state'];
  sent_at_ms: number;
  answered_at_ms: number;
  failed_rules: number;
  error_rules: number;
  error: string;
}

interface ScheduleRow {
  schedule_id: string;
  cron: string;
  timezone: string;
  rule_ids: string;
  created_at_ms: number;
  created_by: string;
  last_fired_ms: number;
  last_sweep_id: string;
}

const SWEEP_COLUMNS = `sweep_id, created_at_ms, requested_by, schedule_id, rule_ids, completed_at_ms,
  pending_targets, sent_targets, answered_targets, failed_targets`;

/** Open targets: the agent has yet to answer. */
const OPEN = `state IN (${OPEN_TARGET_STATES.map((state) => `'${state}'`).join(', ')})`;

function sweepRecord(row: SweepRow): SweepRecord {
  return {
    sweepId: row.sweep_id,
    createdAtMs: row.created_at_ms,
    requestedBy: row.requested_by,
    scheduleId: row.schedule_id,
    ruleIds: JSON.parse(row.rule_ids) as string[],
    completedAtMs: row.completed_at_ms,
    counts: {
      targets: row.pending_targets + row.sent_targets + row.answered_targets + row.failed_targets,
      pending: row.pending_targets,
      sent: row.sent_targets,
      answered: row.answered_targets,
      failed: row.failed_targets,
    },
  };
}

function scheduleRecord(row: ScheduleRow): SweepScheduleRecord {
  return {
    scheduleId: row.schedule_id,
    cron: row.cron,
    timezone: row.timezone,
    ruleIds: JSON.parse(row.rule_ids) as string[],
    createdAtMs: row.created_at_ms,
    createdBy: row.created_by,
    lastFiredMs: row.last_fired_ms,
    lastSweepId: row.last_sweep_id,
  };
}

async function readSweep(connection: SqliteConnection, sweepId: string): Promise<SweepRecord | null> {
  const row = await connection.get<SweepRow>(`SELECT ${SWEEP_COLUMNS} FROM sweeps WHERE sweep_id = ?`, [
    sweepId,
  ]);
  return row ? sweepRecord(row) : null;
}

/** Stamps completion on those of these sweeps that nothing is open in any more (sweep-states.ts). */
async function completeSweeps(
  transaction: SqliteConnection,
  sweepIds: Iterable<string>,
  atMs: number,
): Promise<void> {
  const ids = [...new Set(sweepIds)];
  if (ids.length === 0) return;
  const open = await transaction.all<{ sweep_id: string; pending_targets: number; sent_targets: number }>(
    `SELECT sweep_id, pending_targets, sent_targets FROM sweeps
      WHERE completed_at_ms = 0 AND sweep_id IN (SELECT value FROM json_each(?))`,
    [JSON.stringify(ids)],
  );
  const complete = open
    .filter((row) => sweepIsComplete({ pending: row.pending_targets, sent: row.sent_targets }))
    .map((row) => row.sweep_id);
  if (complete.length === 0) return;
  await transaction.run(
    'UPDATE sweeps SET completed_at_ms = ? WHERE sweep_id IN (SELECT value FROM json_each(?))',
    [atMs, JSON.stringify(complete)],
  );
}

export async function createSweepInTransaction(
  transaction: SqliteConnection,
  sweep: NewSweep,
  audit: AuditContext,
  atMs: number,
): Promise<SweepRecord> {
  if (await readSweep(transaction, sweep.sweepId)) {
    throw new InvalidStoreInputError(`sweep ${sweep.sweepId} already exists`);
  }
  if (sweep.scheduleId !== '') {
    const schedule = await transaction.get<{ n: number }>(
      'SELECT 1 AS n FROM sweep_schedules WHERE schedule_id = ? AND deleted_at_ms = 0',
      [sweep.scheduleId],
    );
    if (!schedule) throw new InvalidStoreInputError(`no sweep schedule ${sweep.scheduleId}`);
  }
  await transaction.run(
    `INSERT INTO sweeps (sweep_id, created_at_ms, requested_by, schedule_id, rule_ids) VALUES (?, ?, ?, ?, ?)`,
    [sweep.sweepId, atMs, audit.actor, sweep.scheduleId, JSON.stringify(sweep.ruleIds)],
  );
  // Targets: every device that has an agent (it said hello at least once) and is not retired.
  const inserted = await transaction.run(
    `INSERT INTO sweep_targets (sweep_id, device_id, state)
     SELECT ?, device_id, 'pending' FROM devices WHERE first_seen_ms > 0 AND status <> 'retired'`,
    [sweep.sweepId],
  );
  await transaction.run('UPDATE sweeps SET pending_targets = ? WHERE sweep_id = ?', [
    inserted.changes,
    sweep.sweepId,
  ]);
  await completeSweeps(transaction, [sweep.sweepId], atMs);
  if (sweep.scheduleId !== '') {
    await transaction.run(
      'UPDATE sweep_schedules SET last_fired_ms = ?, last_sweep_id = ? WHERE schedule_id = ?',
      [atMs, sweep.sweepId, sweep.scheduleId],
    );
  }
  await appendAuditInTransaction(
    transaction,
    {
      ...audit,
      action: 'sweep.started',
      target: sweep.sweepId,
      detail: {
        requestedBy: audit.actor,
        scheduleId: sweep.scheduleId,
        ruleIds: sweep.ruleIds,
        targets: inserted.changes,
      },
      outcome: 'allowed',
    },
    atMs,
  );
  return (await readSweep(transaction, sweep.sweepId))!;
}

export async function markSweepSentInTransaction(
  transaction: SqliteConnection,
  sweepId: string,
  deviceIds: readonly string[],
  atMs: number,
): Promise<string[]> {
  if (deviceIds.length === 0) return [];
  // One statement for any number of devices: the ids travel as one JSON array.
  const rows = await transaction.all<{ device_id: string }>(
    `UPDATE sweep_targets SET state = 'sent', sent_at_ms = ?
      WHERE sweep_id = ? AND state = 'pending' AND device_id IN (SELECT value FROM json_each(?))
      RETURNING device_id`,
    [atMs, sweepId, JSON.stringify(deviceIds)],
  );
  return rows.map((row) => row.device_id);
}

export async function claimSweepsForDeviceInTransaction(
  transaction: SqliteConnection,
  deviceId: string,
  options: { atMs: number; resendSentBeforeMs: number; expireBeforeMs: number },
): Promise<SweepDispatch[]> {
  const open = await transaction.all<{
    sweep_id: string;
    state: SweepTargetRecord['state'];
    sent_at_ms: number;
    created_at_ms: number;
    completed_at_ms: number;
    rule_ids: string;
  }>(
    `SELECT t.sweep_id, t.state, t.sent_at_ms, s.created_at_ms, s.completed_at_ms, s.rule_ids
       FROM sweep_targets t JOIN sweeps s ON s.sweep_id = t.sweep_id
      WHERE t.device_id = ? AND t.${OPEN} ORDER BY t.sweep_id`,
    [deviceId],
  );
  const decided = open.map((row) => ({
    row,
    decision: claimDecision(
      {
        state: row.state,
        sentAtMs: row.sent_at_ms,
        sweepCreatedAtMs: row.created_at_ms,
        sweepCompleted: row.completed_at_ms !== 0,
      },
      options,
    ),
  }));
  const expired = decided.filter((one) => one.decision === 'expire').map((one) => one.row.sweep_id);
  const sent = decided.filter((one) => one.decision === 'send').map((one) => one.row);
  if (expired.length > 0) {
    await transaction.run(
      `UPDATE sweep_targets SET state = 'failed', answered_at_ms = ?, error = ?
        WHERE device_id = ? AND sweep_id IN (SELECT value FROM json_each(?))`,
      [options.atMs, EXPIRED_ERROR, deviceId, JSON.stringify(expired)],
    );
    await completeSweeps(transaction, expired, options.atMs);
  }
  if (sent.length > 0) {
    await transaction.run(
      `UPDATE sweep_targets SET state = 'sent', sent_at_ms = ?
        WHERE device_id = ? AND sweep_id IN (SELECT value FROM json_each(?))`,
      [options.atMs, deviceId, JSON.stringify(sent.map((row) => row.sweep_id))],
    );
  }
  return sent.map((row) => ({ sweepId: row.sweep_id, ruleIds: JSON.parse(row.rule_ids) as string[] }));
}

export async function recordSweepAnswersInTransaction(
  transaction: SqliteConnection,
  answers: readonly SweepAnswer[],
): Promise<number> {
  if (answers.length === 0) return 0;
  // One statement for the whole batch (the answers travel as one JSON array): ten thousand answers are one
  // round trip to SQLite, not ten thousand. Within a batch the last answer of a target wins; a repeated
  // answer (the agent ran a resent sweep twice) replaces the earlier one, and it is still one target.
  const rows = latestAnswerPerTarget(answers).map((answer) => [
    answer.sweepId,
    answer.deviceId,
    answeredState(answer),
    answer.atMs,
    answer.failedRules,
    answer.errorRules,
    answer.error,
  ]);
  const outcome = await transaction.run(
    `UPDATE sweep_targets SET state = a.value ->> 2, answered_at_ms = a.value ->> 3,
       failed_rules = a.value ->> 4, error_rules = a.value ->> 5, error = a.value ->> 6,
       sent_at_ms = CASE WHEN sweep_targets.sent_at_ms = 0 THEN a.value ->> 3 ELSE sweep_targets.sent_at_ms END
       FROM json_each(?) AS a
      WHERE sweep_targets.sweep_id = a.value ->> 0 AND sweep_targets.device_id = a.value ->> 1`,
    [JSON.stringify(rows)],
  );
  await completeSweeps(
    transaction,
    answers.map((answer) => answer.sweepId),
    answersCompletionMs(answers),
  );
  return outcome.changes;
}

export async function expireSweepsInTransaction(
  transaction: SqliteConnection,
  beforeMs: number,
  atMs: number,
): Promise<number> {
  const open = await transaction.all<{ sweep_id: string }>(
    'SELECT sweep_id FROM sweeps WHERE completed_at_ms = 0 AND created_at_ms < ?',
    [beforeMs],
  );
  let expired = 0;
  for (const { sweep_id } of open) {
    const outcome = await transaction.run(
      `UPDATE sweep_targets SET state = 'failed', answered_at_ms = ?, error = ?
        WHERE sweep_id = ? AND ${OPEN}`,
      [atMs, EXPIRED_ERROR, sweep_id],
    );
    expired += outcome.changes;
  }
  await completeSweeps(
    transaction,
    open.map((row) => row.sweep_id),
    atMs,
  );
  return expired;
}

export async function getSweep(
  reader: SqliteConnection,
  sweepId: string,
  countsOnly: boolean,
): Promise<{ sweep: SweepRecord; targets: SweepTargetRecord[] } | null> {
  const sweep = await readSweep(reader, sweepId);
  if (!sweep) return null;
  if (countsOnly) return { sweep, targets: [] };
  const rows = await reader.all<TargetRow>(
    `SELECT t.device_id, d.hostname, t.state, t.sent_at_ms, t.answered_at_ms, t.failed_rules, t.error_rules,
            t.error
       FROM sweep_targets t JOIN devices d ON d.device_id = t.device_id
      WHERE t.sweep_id = ? ORDER BY t.device_id`,
    [sweepId],
  );
  return {
    sweep,
    targets: rows.map((row) => ({
      deviceId: row.device_id,
      hostname: row.hostname,
      state: row.state,
      sentAtMs: row.sent_at_ms,
      answeredAtMs: row.answered_at_ms,
      failedRules: row.failed_rules,
      errorRules: row.error_rules,
      error: row.error,
    })),
  };
}

export async function listSweeps(reader: SqliteConnection, limit: number): Promise<SweepRecord[]> {
  // Sweep ids begin with their creation time, so id order is time order with ties broken alike everywhere.
  const rows = await reader.all<SweepRow>(
    `SELECT ${SWEEP_COLUMNS} FROM sweeps ORDER BY created_at_ms DESC, sweep_id DESC LIMIT ?`,
    [limit],
  );
  return rows.map(sweepRecord);
}

/** Through sweep_targets_open_by_device (its first column is the device), each joined to its sweep. */
export async function sweepsOfDevice(
  reader: SqliteConnection,
  deviceId: string,
  limit: number,
): Promise<DeviceSweepTarget[]> {
  const rows = await reader.all<{
    sweep_id: string;
    created_at_ms: number;
    state: DeviceSweepTarget['state'];
    answered_at_ms: number;
  }>(
    `SELECT t.sweep_id, s.created_at_ms, t.state, t.answered_at_ms
       FROM sweep_targets t JOIN sweeps s ON s.sweep_id = t.sweep_id
      WHERE t.device_id = ?
      ORDER BY s.created_at_ms DESC, t.sweep_id DESC
      LIMIT ?`,
    [deviceId, limit],
  );
  return rows.map((row) => ({
    sweepId: row.sweep_id,
    createdAtMs: row.created_at_ms,
    state: row.state,
    answeredAtMs: row.answered_at_ms,
  }));
}

export async function createSweepScheduleInTransaction(
  transaction: SqliteConnection,
  schedule: Omit<SweepScheduleRecord, 'lastFiredMs' | 'lastSweepId' | 'createdBy'>,
  audit: AuditContext,
): Promise<SweepScheduleRecord> {
  const exists = await transaction.get<{ n: number }>(
    'SELECT 1 AS n FROM sweep_schedules WHERE schedule_id = ?',
    [schedule.scheduleId],
  );
  if (exists) throw new InvalidStoreInputError(`sweep schedule ${schedule.scheduleId} already exists`);
  await transaction.run(
    `INSERT INTO sweep_schedules (schedule_id, cron, timezone, rule_ids, created_at_ms, created_by)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [
      schedule.scheduleId,
      schedule.cron,
      schedule.timezone,
      JSON.stringify(schedule.ruleIds),
      schedule.createdAtMs,
      audit.actor,
    ],
  );
  await appendAuditInTransaction(
    transaction,
    {
      ...audit,
      action: 'sweep.scheduled',
      target: schedule.scheduleId,
      detail: { cron: schedule.cron, timezone: schedule.timezone, ruleIds: schedule.ruleIds },
      outcome: 'allowed',
    },
    schedule.createdAtMs,
  );
  return { ...schedule, createdBy: audit.actor, lastFiredMs: 0, lastSweepId: '' };
}

const SCHEDULE_COLUMNS =
  'schedule_id, cron, timezone, rule_ids, created_at_ms, created_by, last_fired_ms, last_sweep_id';

export async function listSweepSchedules(reader: SqliteConnection): Promise<SweepScheduleRecord[]> {
  const rows = await reader.all<ScheduleRow>(
    `SELECT ${SCHEDULE_COLUMNS} FROM sweep_schedules WHERE deleted_at_ms = 0
      ORDER BY created_at_ms, schedule_id`,
  );
  return rows.map(scheduleRecord);
}

export async function deleteSweepScheduleInTransaction(
  transaction: SqliteConnection,
  scheduleId: string,
  audit: AuditContext,
  atMs: number,
): Promise<SweepScheduleRecord | null> {
  // Kept as a row (deleted_at_ms) so that the sweeps it fired still name a schedule that existed.
  const row = await transaction.get<ScheduleRow>(
    `UPDATE sweep_schedules SET deleted_at_ms = ? WHERE schedule_id = ? AND deleted_at_ms = 0
     RETURNING ${SCHEDULE_COLUMNS}`,
    [atMs, scheduleId],
  );
  if (!row) return null;
  const schedule = scheduleRecord(row);
  await appendAuditInTransaction(
    transaction,
    {
      ...audit,
      action: 'sweep.unscheduled',
      target: scheduleId,
      detail: { cron: schedule.cron, timezone: schedule.timezone, ruleIds: schedule.ruleIds },
      outcome: 'allowed',
    },
    atMs,
  );
  return schedule;
}

/**
 * Whether the device has any open target, read without the write lock: a fleet reconnecting after a
 * collector restart says ten thousand hellos, and most of those devices have nothing to claim.
 */
export async function hasOpenSweepTargets(reader: SqliteConnection, deviceId: string): Promise<boolean> {
  const row = await reader.get<{ n: number }>(
    `SELECT 1 AS n FROM sweep_targets WHERE device_id = ? AND ${OPEN} LIMIT 1`,
    [deviceId],
  );
  return row !== undefined;
}
