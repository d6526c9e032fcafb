// Corrective measures (整改措施) on SQLite: one row per (device, rule, subject) in `dispositions`, replaced
// when the admin records a new measure or marks it complete. The history of every change is the audit
// trail: each write appends a 'finding.disposition' record in the same transaction and keeps its position.
import { dispositionChange, findingKeyText } from '../disposition-change';
import type { AuditContext, Disposition, DispositionInput, FindingKey, MarkFindingOutcome } from '../store';
import { appendAuditInTransaction } from './audit';
import type { SqliteConnection } from './connection';

interface DispositionRow {
  device_id: string;
  rule_id: string;
  subject: string;
  measure: string;
  completed: number;
  completed_at_ms: number;
  recorded_by: string;
  recorded_at_ms: number;
  audit_position: number;
}

function toDisposition(row: DispositionRow): Disposition {
  return {
    deviceId: row.device_id,
    ruleId: row.rule_id,
    subject: row.subject,
    measure: row.measure,
    completed: row.completed === 1,
    completedAtMs: row.completed_at_ms,
    recordedBy: row.recorded_by,
    recordedAtMs: row.recorded_at_ms,
    auditPosition: row.audit_position,
  };
}

/** Call inside a write transaction; the input is already validated (invalidDispositionInput). */
export async function markFindingInTransaction(
  transaction: SqliteConnection,
  input: DispositionInput,
  audit: AuditContext,
  atMs: number,
): Promise<MarkFindingOutcome> {
  const device = await transaction.get<{ device_id: string }>(
    'SELECT device_id FROM devices WHERE device_id = ?',
    [input.deviceId],
  );
  if (device === undefined) return { kind: 'unknown-device' };
  const current = await transaction.get<{ status: string; seq: number }>(
    'SELECT status, seq FROM current_findings WHERE device_id = ? AND rule_id = ? AND subject = ?',
    [input.deviceId, input.ruleId, input.subject],
  );
  if (current === undefined) return { kind: 'no-current-finding' };
  const before = await transaction.get<DispositionRow>(
    'SELECT * FROM dispositions WHERE device_id = ? AND rule_id = ? AND subject = ?',
    [input.deviceId, input.ruleId, input.subject],
  );
  const { record, disposition } = dispositionChange(
    input,
    before === undefined
      ? undefined
      : { measure: before.measure, completed: before.completed === 1, completedAtMs: before.completed_at_ms },
    current,
    audit,
    atMs,
  );
  const entry = await appendAuditInTransaction(transaction, record, atMs);
  const row: DispositionRow = {
    device_id: disposition.deviceId,
    rule_id: disposition.ruleId,
    subject: disposition.subject,
    measure: disposition.measure,
    completed: disposition.completed ? 1 : 0,
    completed_at_ms: disposition.completedAtMs,
    recorded_by: disposition.recordedBy,
    recorded_at_ms: disposition.recordedAtMs,
    audit_position: entry.position,
  };
  await transaction.run(
    `INSERT INTO dispositions (device_id, rule_id, subject, measure, completed, completed_at_ms, recorded_by,
       recorded_at_ms, audit_position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (device_id, rule_id, subject) DO UPDATE SET
       measure = excluded.measure, completed = excluded.completed, completed_at_ms = excluded.completed_at_ms,
       recorded_by = excluded.recorded_by, recorded_at_ms = excluded.recorded_at_ms,
       audit_position = excluded.audit_position`,
    [
      row.device_id,
      row.rule_id,
      row.subject,
      row.measure,
      row.completed,
      row.completed_at_ms,
      row.recorded_by,
      row.recorded_at_ms,
      row.audit_position,
    ],
  );
  return { kind: 'recorded', disposition: toDisposition(row) };
}

/**
 * The dispositions of these keys. Read per device (the primary key's prefix) and filtered here: a page of
 * findings or a report names few devices, and this avoids building a statement per key.
 */
export async function dispositionsFor(
  reader: SqliteConnection,
  keys: readonly FindingKey[],
): Promise<Disposition[]> {
  const wanted = new Set(keys.map(findingKeyText));
  const devices = [...new Set(keys.map((key) => key.deviceId))];
  const found: Disposition[] = [];
  for (const deviceId of devices) {
    const rows = await reader.all<DispositionRow>(
      'SELECT * FROM dispositions WHERE device_id = ? ORDER BY rule_id, subject',
      [deviceId],
    );
    for (const row of rows) {
      const disposition = toDisposition(row);
      if (wanted.has(findingKeyText(disposition))) found.push(disposition);
    }
  }
  return found;
}

export { findingKeyText as dispositionKey };
