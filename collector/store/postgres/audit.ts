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
import { nextAuditRecord } from '../audit-chain';
import type { AuditEntry, AuditRecordInput } from '../store';

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
