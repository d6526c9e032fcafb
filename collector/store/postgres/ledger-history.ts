// A device's history on PostgreSQL: one ledger_history row per changed field (ledger.updated,
// ledger.imported, device.hardware_changed), each pointing at the audit record of the same transaction.
import type pg from 'pg';
import type { FieldChange } from '../ledger-changes';
import type { LedgerChange } from '../store';

/** Call inside a transaction, after appending the audit record the rows belong to; one statement for any number. */
export async function insertHistoryRowsInTransaction(
  client: pg.ClientBase,
  rows: ReadonlyArray<FieldChange & { deviceId: string }>,
  actor: string,
  auditPosition: number,
  atMs: number,
): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO ledger_history (device_id, at_ms, actor, field, old_value, new_value, audit_position)
     SELECT device_id, $1, $2, field, old_value, new_value, $3
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY
            AS changed (device_id, field, old_value, new_value, n)
      ORDER BY n`,
    [
      atMs,
      actor,
      auditPosition,
      rows.map((row) => row.deviceId),
      rows.map((row) => row.field),
      rows.map((row) => JSON.stringify(row.from ?? null)),
      rows.map((row) => JSON.stringify(row.to ?? null)),
    ],
  );
}

interface HistoryRow {
  at_ms: number;
  actor: string;
  action: string | null;
  field: string;
  old_value: string | null;
  new_value: string | null;
  audit_position: number;
}

/** The device's changes newest first, each with the action of the audit record it belongs to. */
export async function ledgerHistory(
  db: pg.Pool | pg.ClientBase,
  deviceId: string,
  limit: number,
): Promise<LedgerChange[]> {
  const rows = await db.query<HistoryRow>(
    `SELECT h.at_ms, h.actor, a.action, h.field, h.old_value, h.new_value, h.audit_position
       FROM ledger_history h LEFT JOIN audit a ON a.position = h.audit_position
      WHERE h.device_id = $1 ORDER BY h.change_id DESC LIMIT $2`,
    [deviceId, limit],
  );
  return rows.rows.map((row) => ({
    atMs: row.at_ms,
    actor: row.actor,
    action: row.action ?? '',
    field: row.field,
    oldValue: row.old_value === null ? null : JSON.parse(row.old_value),
    newValue: row.new_value === null ? null : JSON.parse(row.new_value),
    auditPosition: row.audit_position,
  }));
}
