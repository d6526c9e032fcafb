// A device's history on SQLite: one ledger_history row per changed field, whether an admin changed a ledger
// field (ledger.updated, ledger.imported) or the agent's hello changed a hardware fact
// (device.hardware_changed). Each row points at the audit record written in the same transaction, which
// says who, from where, and why; the hash chain covers that record.
import type { FieldChange } from '../ledger-changes';
import type { LedgerChange } from '../store';
import type { SqliteConnection } from './connection';

/** Call inside a write transaction, after appending the audit record the rows belong to. */
export async function insertHistoryInTransaction(
  transaction: SqliteConnection,
  deviceId: string,
  changes: readonly FieldChange[],
  actor: string,
  auditPosition: number,
  atMs: number,
): Promise<void> {
  await insertHistoryRowsInTransaction(
    transaction,
    changes.map((change) => ({ deviceId, ...change })),
    actor,
    auditPosition,
    atMs,
  );
}

/**
 * The same for changes of many devices, in one statement: a ledger import of 50,000 devices must not cost
 * 350,000 round trips through the driver while the writer (and so every agent's ingest) waits.
 */
export async function insertHistoryRowsInTransaction(
  transaction: SqliteConnection,
  rows: ReadonlyArray<FieldChange & { deviceId: string }>,
  actor: string,
  auditPosition: number,
  atMs: number,
): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((row) => ({
    d: row.deviceId,
    f: row.field,
    o: JSON.stringify(row.from ?? null),
    n: JSON.stringify(row.to ?? null),
  }));
  await transaction.run(
    `INSERT INTO ledger_history (device_id, at_ms, actor, field, old_value, new_value, audit_position)
     SELECT json_extract(value, '$.d'), ?, ?, json_extract(value, '$.f'), json_extract(value, '$.o'),
            json_extract(value, '$.n'), ?
       FROM json_each(?) ORDER BY key`,
    [atMs, actor, auditPosition, JSON.stringify(values)],
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

export async function ledgerHistory(
  reader: SqliteConnection,
  deviceId: string,
  limit: number,
): Promise<LedgerChange[]> {
  const rows = await reader.all<HistoryRow>(
    `SELECT h.at_ms, h.actor, a.action, h.field, h.old_value, h.new_value, h.audit_position
       FROM ledger_history h LEFT JOIN audit a ON a.position = h.audit_position
      WHERE h.device_id = ? ORDER BY h.change_id DESC LIMIT ?`,
    [deviceId, limit],
  );
  return rows.map((row) => ({
    atMs: row.at_ms,
    actor: row.actor,
    action: row.action ?? '',
    field: row.field,
    oldValue: row.old_value === null ? null : JSON.parse(row.old_value),
    newValue: row.new_value === null ? null : JSON.parse(row.new_value),
    auditPosition: row.audit_position,
  }));
}
