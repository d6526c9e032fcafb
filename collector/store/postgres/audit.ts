// The audit chain on PostgreSQL. Several collectors append to one chain, so an append holds a
// transaction-level advisory lock on the chain from before it reads the tail until its transaction ends:
// two appends can never both follow the same record (the chain cannot fork), and the record commits (or
// not) with the change it describes. The link itself is decided in ../audit-chain.ts.
//
// Lock order, to keep deadlocks out: a transaction that will append takes the chain lock (lockAuditChain)
// before it writes or locks any row, so a transaction holding the chain lock never waits for rows another
// audited transaction holds. Where a write must come first (a hello creating its device), PostgreSQL
// detects the rare deadlock and pool.ts runs the transaction again.
import type pg from 'pg';
import type { StoredAuditRecord } from '../../audit/audit-record';
import { nextAuditRecord } from '../audit-chain';
import { AUDIT_COLUMNS, type AuditRow, auditEntryOf, storedAuditRecordOf } from '../audit-row';
import { clampPageLimit } from '../page-token';
import type { AuditEntry, AuditReadOptions, AuditRecordInput } from '../store';

/** Key of the chain's advisory lock ("shoumi:audit"). */
export const AUDIT_CHAIN_LOCK_KEY = 0x73686f756d690002n;

/** Takes the chain lock for the rest of the transaction (idempotent: taking it twice is harmless). */
export async function lockAuditChain(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK_KEY.toString()]);
}

/** Appends one record; call only inside a transaction (pool.ts `transaction`). */
export async function appendAuditInTransaction(
  client: pg.ClientBase,
  input: AuditRecordInput,
  atMs: number,
  options: { startsEpoch?: boolean } = {},
): Promise<AuditEntry> {
  await lockAuditChain(client);
  const tail = await client.query<{ position: number; hash: string }>(
    'SELECT position, hash FROM audit ORDER BY position DESC LIMIT 1',
  );
  const { row, entry } = nextAuditRecord(tail.rows[0], input, atMs, options);
  await client.query(
    `INSERT INTO audit (position, at_ms, actor, source, action, target, detail, outcome, algorithm,
       previous_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
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
  db: pg.Pool | pg.ClientBase,
  options: { limit: number; afterPosition?: number },
): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit WHERE position > $1 ORDER BY position LIMIT $2`,
    [options.afterPosition ?? 0, clampPageLimit(options.limit)],
  );
  return rows.rows.map(auditEntryOf);
}

/** Records after `afterPosition` in position order, as stored; only the action/actor/time-range ones when given. */
export async function readAuditRecords(
  db: pg.Pool | pg.ClientBase,
  options: AuditReadOptions,
): Promise<StoredAuditRecord[]> {
  // Positions, not times, order the trail (a clock stepped back must not reorder it); times only filter.
  const conditions = ['position > $1'];
  const values: (string | number)[] = [options.afterPosition];
  const add = (condition: string, value: string | number) => {
    values.push(value);
    conditions.push(`${condition} $${values.length}`);
  };
  if (options.action) add('action =', options.action);
  if (options.actor) add('actor =', options.actor);
  if (options.fromMs) add('at_ms >=', options.fromMs);
  if (options.toMs) add('at_ms <', options.toMs);
  values.push(options.limit);
  const rows = await db.query<AuditRow>(
    `SELECT ${AUDIT_COLUMNS} FROM audit WHERE ${conditions.join(' AND ')} ORDER BY position LIMIT $${values.length}`,
    values,
  );
  return rows.rows.map(storedAuditRecordOf);
}

export async function auditHead(db: pg.Pool | pg.ClientBase): Promise<StoredAuditRecord | undefined> {
  const rows = await db.query<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audit ORDER BY position DESC LIMIT 1`);
  return rows.rows[0] && storedAuditRecordOf(rows.rows[0]);
}

/** Every PostgreSQL trail is format 2 from position 1 (schema-core.ts), unless that row was removed: then 1 too. */
export async function auditFormatBoundary(db: pg.Pool | pg.ClientBase): Promise<number | undefined> {
  const rows = await db.query<{ canonical_from: number }>('SELECT canonical_from FROM audit_format');
  return rows.rows[0]?.canonical_from ?? 1;
}
