// Fleet-wide sweeps and their schedules on PostgreSQL. What becomes of a target is decided in
// ../../sweeps/sweep-states.ts; how a change is written (locks, counters, completion) in sweep-targets.ts.
// Writes that append audit (a sweep started, a schedule made or removed) take the chain lock first
// (audit.ts: lock order), which also serialises two collectors creating the same sweep or schedule id.
import type pg from 'pg';
import {
  answeredState,
  answersCompletionMs,
  type ClaimOptions,
  claimDecision,
  EXPIRED_ERROR,
  latestAnswerPerTarget,
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
import { appendAuditInTransaction, lockAuditChain } from './audit';
import {
  applyTargetChanges,
  completeSweeps,
  OPEN_STATE_LIST,
  TARGET_COLUMNS,
  type TargetChange,
  type TargetRow,
} from './sweep-targets';

type Db = pg.Pool | pg.ClientBase;

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
const SCHEDULE_COLUMNS =
  'schedule_id, cron, timezone, rule_ids, created_at_ms, created_by, last_fired_ms, last_sweep_id';

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

async function readSweep(db: Db, sweepId: string): Promise<SweepRecord | null> {
  const found = await db.query<SweepRow>(`SELECT ${SWEEP_COLUMNS} FROM sweeps WHERE sweep_id = $1`, [
    sweepId,
  ]);
  return found.rows[0] ? sweepRecord(found.rows[0]) : null;
}

export async function createSweepInTransaction(
  client: pg.ClientBase,
  sweep: NewSweep,
  audit: AuditContext,
  atMs: number,
): Promise<SweepRecord> {
  await lockAuditChain(client);
  if (await readSweep(client, sweep.sweepId)) {
    throw new InvalidStoreInputError(`sweep ${sweep.sweepId} already exists`);
  }
  if (sweep.scheduleId !== '') {
    const schedule = await client.query(
      'SELECT 1 FROM sweep_schedules WHERE schedule_id = $1 AND deleted_at_ms = 0 FOR UPDATE',
      [sweep.scheduleId],
    );
    if (schedule.rowCount === 0) throw new InvalidStoreInputError(`no sweep schedule ${sweep.scheduleId}`);
  }
  await client.query(
    `INSERT INTO sweeps (sweep_id, created_at_ms, requested_by, schedule_id, rule_ids)
     VALUES ($1, $2, $3, $4, $5)`,
    [sweep.sweepId, atMs, audit.actor, sweep.scheduleId, JSON.stringify(sweep.ruleIds)],
  );
  // Targets: every device that has an agent (it said hello at least once) and is not retired.
  const inserted = await client.query(
    `INSERT INTO sweep_targets (sweep_id, device_id, state)
     SELECT $1, device_id, 'pending' FROM devices WHERE first_seen_ms > 0 AND status <> 'retired'
      ORDER BY device_id`,
    [sweep.sweepId],
  );
  const targets = inserted.rowCount ?? 0;
  await client.query('UPDATE sweeps SET pending_targets = $1 WHERE sweep_id = $2', [targets, sweep.sweepId]);
  if (sweepIsComplete({ pending: targets, sent: 0 })) await completeSweeps(client, [sweep.sweepId], atMs);
  if (sweep.scheduleId !== '') {
    await client.query(
      'UPDATE sweep_schedules SET last_fired_ms = $1, last_sweep_id = $2 WHERE schedule_id = $3',
      [atMs, sweep.sweepId, sweep.scheduleId],
    );
  }
  await appendAuditInTransaction(
    client,
    {
      ...audit,
      action: 'sweep.started',
      target: sweep.sweepId,
      detail: {
        requestedBy: audit.actor,
        scheduleId: sweep.scheduleId,
        ruleIds: sweep.ruleIds,
        targets,
      },
      outcome: 'allowed',
    },
    atMs,
  );
  return (await readSweep(client, sweep.sweepId))!;
}

export async function markSweepSentInTransaction(
  client: pg.ClientBase,
  sweepId: string,
  deviceIds: readonly string[],
  atMs: number,
): Promise<string[]> {
  if (deviceIds.length === 0) return [];
  const pending = await client.query<TargetRow>(
    `SELECT ${TARGET_COLUMNS} FROM sweep_targets t
      WHERE t.sweep_id = $1 AND t.device_id = ANY ($2::text[]) AND t.state = 'pending'
      ORDER BY t.device_id FOR UPDATE`,
    [sweepId, [...deviceIds]],
  );
  const changes: TargetChange[] = pending.rows.map((row) => ({
    before: row.state,
    after: { ...row, state: 'sent', sent_at_ms: atMs },
  }));
  await applyTargetChanges(client, changes, atMs);
  return changes.map((change) => change.after.device_id);
}

/** Whether the device has any open target: one probe of a partial index, asked on every hello. */
export async function hasOpenSweepTargets(db: Db, deviceId: string): Promise<boolean> {
  const found = await db.query(
    `SELECT 1 FROM sweep_targets WHERE device_id = $1 AND state IN (${OPEN_STATE_LIST}) LIMIT 1`,
    [deviceId],
  );
  return (found.rowCount ?? 0) > 0;
}

/**
 * A reconnecting device's open targets, locked: a second collector claiming for the same device at once
 * waits here and then decides on what the first one wrote (sent now: not sent again unless the resend rule
 * says the first stream is gone).
 */
export async function claimSweepsForDeviceInTransaction(
  client: pg.ClientBase,
  deviceId: string,
  options: ClaimOptions,
): Promise<SweepDispatch[]> {
  const open = await client.query<
    TargetRow & { created_at_ms: number; completed_at_ms: number; rule_ids: string }
  >(
    `SELECT ${TARGET_COLUMNS}, s.created_at_ms, s.completed_at_ms, s.rule_ids
       FROM sweep_targets t JOIN sweeps s ON s.sweep_id = t.sweep_id
      WHERE t.device_id = $1 AND t.state IN (${OPEN_STATE_LIST})
      ORDER BY t.sweep_id FOR UPDATE OF t`,
    [deviceId],
  );
  const changes: TargetChange[] = [];
  const dispatches: SweepDispatch[] = [];
  for (const row of open.rows) {
    const decision = claimDecision(
      {
        state: row.state,
        sentAtMs: row.sent_at_ms,
        sweepCreatedAtMs: row.created_at_ms,
        sweepCompleted: row.completed_at_ms !== 0,
      },
      options,
    );
    const target: TargetRow = {
      sweep_id: row.sweep_id,
      device_id: row.device_id,
      state: row.state,
      sent_at_ms: row.sent_at_ms,
      answered_at_ms: row.answered_at_ms,
      failed_rules: row.failed_rules,
      error_rules: row.error_rules,
      error: row.error,
    };
    if (decision === 'expire') {
      changes.push({
        before: row.state,
        after: { ...target, state: 'failed', answered_at_ms: options.atMs, error: EXPIRED_ERROR },
      });
    } else if (decision === 'send') {
      changes.push({ before: row.state, after: { ...target, state: 'sent', sent_at_ms: options.atMs } });
      dispatches.push({ sweepId: row.sweep_id, ruleIds: JSON.parse(row.rule_ids) as string[] });
    }
  }
  await applyTargetChanges(client, changes, options.atMs);
  return dispatches;
}

export async function recordSweepAnswersInTransaction(
  client: pg.ClientBase,
  answers: readonly SweepAnswer[],
): Promise<number> {
  if (answers.length === 0) return 0;
  const latest = latestAnswerPerTarget(answers);
  const found = await client.query<TargetRow>(
    `SELECT ${TARGET_COLUMNS}
       FROM sweep_targets t JOIN unnest($1::text[], $2::text[]) AS a (sweep_id, device_id)
            ON t.sweep_id = a.sweep_id AND t.device_id = a.device_id
      ORDER BY t.sweep_id, t.device_id FOR UPDATE OF t`,
    [latest.map((answer) => answer.sweepId), latest.map((answer) => answer.deviceId)],
  );
  const answerOf = new Map(latest.map((answer) => [`${answer.sweepId}\n${answer.deviceId}`, answer]));
  const changes: TargetChange[] = found.rows.map((row) => {
    const answer = answerOf.get(`${row.sweep_id}\n${row.device_id}`)!;
    return {
      before: row.state,
      after: {
        ...row,
        state: answeredState(answer),
        answered_at_ms: answer.atMs,
        failed_rules: answer.failedRules,
        error_rules: answer.errorRules,
        error: answer.error,
        sent_at_ms: row.sent_at_ms === 0 ? answer.atMs : row.sent_at_ms,
      },
    };
  });
  await applyTargetChanges(client, changes, answersCompletionMs(answers));
  return changes.length;
}

export async function expireSweepsInTransaction(
  client: pg.ClientBase,
  beforeMs: number,
  atMs: number,
): Promise<number> {
  const old = await client.query<{ sweep_id: string }>(
    'SELECT sweep_id FROM sweeps WHERE completed_at_ms = 0 AND created_at_ms < $1 ORDER BY sweep_id',
    [beforeMs],
  );
  if (old.rows.length === 0) return 0;
  const sweepIds = old.rows.map((row) => row.sweep_id);
  const open = await client.query<TargetRow>(
    `SELECT ${TARGET_COLUMNS} FROM sweep_targets t
      WHERE t.sweep_id = ANY ($1::text[]) AND t.state IN (${OPEN_STATE_LIST})
      ORDER BY t.sweep_id, t.device_id FOR UPDATE`,
    [sweepIds],
  );
  const changes: TargetChange[] = open.rows.map((row) => ({
    before: row.state,
    after: { ...row, state: 'failed', answered_at_ms: atMs, error: EXPIRED_ERROR },
  }));
  await applyTargetChanges(client, changes, atMs);
  // Old sweeps whose last targets closed through another write still get their completion stamped.
  await completeSweeps(client, sweepIds, atMs);
  return changes.length;
}

export async function getSweep(
  db: Db,
  sweepId: string,
  countsOnly: boolean,
): Promise<{ sweep: SweepRecord; targets: SweepTargetRecord[] } | null> {
  const sweep = await readSweep(db, sweepId);
  if (!sweep) return null;
  if (countsOnly) return { sweep, targets: [] };
  const rows = await db.query<TargetRow & { hostname: string }>(
    `SELECT ${TARGET_COLUMNS}, d.hostname
       FROM sweep_targets t JOIN devices d ON d.device_id = t.device_id
      WHERE t.sweep_id = $1 ORDER BY t.device_id`,
    [sweepId],
  );
  return {
    sweep,
    targets: rows.rows.map((row) => ({
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

export async function listSweeps(db: Db, limit: number): Promise<SweepRecord[]> {
  const rows = await db.query<SweepRow>(
    `SELECT ${SWEEP_COLUMNS} FROM sweeps ORDER BY created_at_ms DESC, sweep_id DESC LIMIT $1`,
    [limit],
  );
  return rows.rows.map(sweepRecord);
}

export async function sweepsOfDevice(db: Db, deviceId: string, limit: number): Promise<DeviceSweepTarget[]> {
  const rows = await db.query<{
    sweep_id: string;
    created_at_ms: number;
    state: DeviceSweepTarget['state'];
    answered_at_ms: number;
  }>(
    `SELECT t.sweep_id, s.created_at_ms, t.state, t.answered_at_ms
       FROM sweep_targets t JOIN sweeps s ON s.sweep_id = t.sweep_id
      WHERE t.device_id = $1
      ORDER BY s.created_at_ms DESC, t.sweep_id DESC
      LIMIT $2`,
    [deviceId, limit],
  );
  return rows.rows.map((row) => ({
    sweepId: row.sweep_id,
    createdAtMs: row.created_at_ms,
    state: row.state,
    answeredAtMs: row.answered_at_ms,
  }));
}

export async function createSweepScheduleInTransaction(
  client: pg.ClientBase,
  schedule: Omit<SweepScheduleRecord, 'lastFiredMs' | 'lastSweepId' | 'createdBy'>,
  audit: AuditContext,
): Promise<SweepScheduleRecord> {
  await lockAuditChain(client);
  const exists = await client.query('SELECT 1 FROM sweep_schedules WHERE schedule_id = $1', [
    schedule.scheduleId,
  ]);
  if ((exists.rowCount ?? 0) > 0)
    throw new InvalidStoreInputError(`sweep schedule ${schedule.scheduleId} already exists`);
  await client.query(
    `INSERT INTO sweep_schedules (schedule_id, cron, timezone, rule_ids, created_at_ms, created_by)
     VALUES ($1, $2, $3, $4, $5, $6)`,
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
    client,
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

export async function listSweepSchedules(db: Db): Promise<SweepScheduleRecord[]> {
  const rows = await db.query<ScheduleRow>(
    `SELECT ${SCHEDULE_COLUMNS} FROM sweep_schedules WHERE deleted_at_ms = 0
      ORDER BY created_at_ms, schedule_id`,
  );
  return rows.rows.map(scheduleRecord);
}

export async function deleteSweepScheduleInTransaction(
  client: pg.ClientBase,
  scheduleId: string,
  audit: AuditContext,
  atMs: number,
): Promise<SweepScheduleRecord | null> {
  await lockAuditChain(client);
  // Kept as a row (deleted_at_ms) so that the sweeps it fired still name a schedule that existed.
  const deleted = await client.query<ScheduleRow>(
    `UPDATE sweep_schedules SET deleted_at_ms = $1 WHERE schedule_id = $2 AND deleted_at_ms = 0
     RETURNING ${SCHEDULE_COLUMNS}`,
    [atMs, scheduleId],
  );
  const row = deleted.rows[0];
  if (!row) return null;
  const schedule = scheduleRecord(row);
  await appendAuditInTransaction(
    client,
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
