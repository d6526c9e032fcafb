// A device's history on PostgreSQL: one ledger_history row per changed field (ledger.updated,
// ledger.imported, device.hardware_changed), each pointing at the audit record of the same transaction.
import type pg from 'pg';
import type { FieldChange } from '../ledger-changes';

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
