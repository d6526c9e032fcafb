// Corrective measures (整改措施) on PostgreSQL: one row per finding key, replaced when the admin records a
// new measure or marks it complete, each change with its 'finding.disposition' audit record in the same
// transaction (what the change is: ../disposition-change.ts).
import type pg from 'pg';
import { dispositionChange } from '../disposition-change';
import type { AuditContext, Disposition, DispositionInput, FindingKey, MarkFindingOutcome } from '../store';
import { appendAuditInTransaction, lockAuditChain } from './audit';

interface DispositionRow {
  device_id: string;
  rule_id: string;
  subject: string;
  measure: string;
  completed: boolean;
  completed_at_ms: number;
  recorded_by: string;
  recorded_at_ms: number;
  audit_position: number;
}

const toDisposition = (row: DispositionRow): Disposition => ({
  deviceId: row.device_id,
  ruleId: row.rule_id,
  subject: row.subject,
  measure: row.measure,
  completed: row.completed,
  completedAtMs: row.completed_at_ms,
  recordedBy: row.recorded_by,
  recordedAtMs: row.recorded_at_ms,
  auditPosition: row.audit_position,
});

/** The input is already validated (invalidDispositionInput). */
export async function markFindingInTransaction(
  client: pg.ClientBase,
  input: DispositionInput,
  audit: AuditContext,
  atMs: number,
): Promise<MarkFindingOutcome> {
  // The chain lock first (audit.ts: lock order); it also orders two admins marking one key at once.
  await lockAuditChain(client);
  const device = await client.query('SELECT 1 FROM devices WHERE device_id = $1', [input.deviceId]);
  if (device.rowCount === 0) return { kind: 'unknown-device' };
  const current = await client.query<{ status: string; seq: number }>(
    'SELECT status, seq FROM current_findings WHERE device_id = $1 AND rule_id = $2 AND subject = $3',
    [input.deviceId, input.ruleId, input.subject],
  );
  const found = current.rows[0];
  if (found === undefined) return { kind: 'no-current-finding' };
  const before = (
    await client.query<DispositionRow>(
      'SELECT * FROM dispositions WHERE device_id = $1 AND rule_id = $2 AND subject = $3',
      [input.deviceId, input.ruleId, input.subject],
    )
  ).rows[0];
  const { record, disposition } = dispositionChange(
    input,
    before === undefined
      ? undefined
      : { measure: before.measure, completed: before.completed, completedAtMs: before.completed_at_ms },
    found,
    audit,
    atMs,
  );
  const entry = await appendAuditInTransaction(client, record, atMs);
  await client.query(
    `INSERT INTO dispositions (device_id, rule_id, subject, measure, completed, completed_at_ms, recorded_by,
       recorded_at_ms, audit_position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (device_id, rule_id, subject) DO UPDATE SET
       measure = excluded.measure, completed = excluded.completed, completed_at_ms = excluded.completed_at_ms,
       recorded_by = excluded.recorded_by, recorded_at_ms = excluded.recorded_at_ms,
       audit_position = excluded.audit_position`,
    [
      disposition.deviceId,
      disposition.ruleId,
      disposition.subject,
      disposition.measure,
      disposition.completed,
      disposition.completedAtMs,
      disposition.recordedBy,
      disposition.recordedAtMs,
      entry.position,
    ],
  );
  return { kind: 'recorded', disposition: { ...disposition, auditPosition: entry.position } };
}

/** The dispositions of these keys, in one statement, ordered by key. */
export async function dispositionsFor(
  db: pg.Pool | pg.ClientBase,
  keys: readonly FindingKey[],
): Promise<Disposition[]> {
  if (keys.length === 0) return [];
  const rows = await db.query<DispositionRow>(
    `SELECT DISTINCT d.* FROM unnest($1::text[], $2::text[], $3::text[]) AS k (device_id, rule_id, subject)
       JOIN dispositions d ON d.device_id = k.device_id AND d.rule_id = k.rule_id AND d.subject = k.subject
      ORDER BY d.device_id, d.rule_id, d.subject`,
    [keys.map((k) => k.deviceId), keys.map((k) => k.ruleId), keys.map((k) => k.subject)],
  );
  return rows.rows.map(toDisposition);
}
