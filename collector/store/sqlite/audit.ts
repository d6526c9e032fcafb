// The audit trail on SQLite. Appends always run inside a write transaction of the serial writer, so the
// record commits (or not) with the change it describes, and the chain's tail cannot move underneath us.
// What the next record is (position, hashes) is decided in ../audit-chain.ts.
import type { StoredAuditRecord } from '../../audit/audit-record';
import { nextAuditRecord } from '../audit-chain';
import { AUDIT_COLUMNS, type AuditRow, auditEntryOf, storedAuditRecordOf } from '../audit-row';
import { clampPageLimit } from '../page-token';
import type { AuditEntry, AuditReadOptions, AuditRecordInput } from '../store';
import type { SqliteConnection } from './connection';

/** Appends one record; call only inside a write transaction (the serial writer keeps the tail still). */
export async function appendAuditInTransaction(
  transaction: SqliteConnection,
  input: AuditRecordInput,
  atMs: number,
  options: { startsEpoch?: boolean } = {},
): Promise<AuditEntry> {
  const tail = await transaction.get<{ position: number; hash: string }>(
    'SELECT position, hash FROM audit ORDER BY position DESC LIMIT 1',
  );
  const { row, entry } = nextAuditRecord(tail, input, atMs, options);
  await transaction.run(
    `INSERT INTO audit (position, at_ms, actor, source, action, target, detail, outcome, algorithm,
       previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.position,
      row.atMs,
      row.actor,
      row.source,
      row.action,
      row.target,
      row.detailJson,
      row.outcome,
      row.algorithm,
      row.previousHash,
      row.hash,
    ],
  );
  return entry;
}

export async function listAudit(
  reader: SqliteConnection,
  options: { limit: number; afterPosition?: number },
): Promise<AuditEntry[]> {
  const rows = await reader.all<AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit WHERE position > ? ORDER BY position LIMIT ?`,
    [options.afterPosition ?? 0, clampPageLimit(options.limit)],
  );
  return rows.map(auditEntryOf);
}

/**
 * Records after `afterPosition` in position order, as stored (raw detail, algorithm): what verify and the
 * admin listing read. Only the `action`, `actor` and time-range ones when given.
 */
export async function readAuditRecords(
  reader: SqliteConnection,
  options: AuditReadOptions,
): Promise<StoredAuditRecord[]> {
  // A range scan on the primary key, or on (actor, position) / (action, position) when one is named
  // (migration 14): each page costs the same however deep into the chain it is. Times are checked row by row
  // on that scan; positions, not times, order the trail (a clock stepped back must not reorder it).
  const conditions = ['position > ?'];
  const values: (string | number)[] = [options.afterPosition];
  if (options.action) {
    conditions.push('action = ?');
    values.push(options.action);
  }
  if (options.actor) {
    conditions.push('actor = ?');
    values.push(options.actor);
  }
  if (options.fromMs) {
    conditions.push('at_ms >= ?');
    values.push(options.fromMs);
  }
  if (options.toMs) {
    conditions.push('at_ms < ?');
    values.push(options.toMs);
  }
  const rows = await reader.all<AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT ?`,
    [...values, options.limit],
  );
  return rows.map(storedAuditRecordOf);
}

/** The last record of the chain, or undefined while it is empty. */
export async function auditHead(reader: SqliteConnection): Promise<StoredAuditRecord | undefined> {
  const row = await reader.get<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit ORDER BY position DESC LIMIT 1`);
  return row && storedAuditRecordOf(row);
}

/**
 * The first position written in chain format 2 (migration 8 recorded it); records before it are format 1.
 * Undefined for a store the migration has not reached (read offline, untouched): every record is format 1.
 */
export async function auditFormatBoundary(reader: SqliteConnection): Promise<number | undefined> {
  const table = await reader.get<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit_format'",
  );
  if (!table) return undefined;
  const row = await reader.get<{ canonical_from: number }>('SELECT canonical_from FROM audit_format');
  // The table exists but its row was deleted: nothing is format 1, the strictest reading.
  return row?.canonical_from ?? 1;
}
