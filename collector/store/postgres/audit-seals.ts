// Audit seals on PostgreSQL (audit/seal.ts says what a seal is), append-only beside the trail (the
// database refuses an UPDATE or DELETE, schema-sweeps-trust.ts). A seal is stored under the chain lock, so
// ids follow commit order and a reader paging by id never skips a seal another collector was committing;
// an auditor's seal commits with its "audit.sealed" record, the collector's own seals with none (each would
// grow the chain it has just sealed).
import type pg from 'pg';
import type { AuditSeal, SealSignerKind } from '../../audit/seal';
import { SEAL_COLUMNS, type SealRow, type StoredSeal, sealOf } from '../seal-row';
import type { AuditEntry, AuditRecordInput } from '../store';
import { appendAuditInTransaction, lockAuditChain } from './audit';

type Db = pg.Pool | pg.ClientBase;

/** Stores a seal already checked by the caller; with `audit`, appends its record too. Inside a transaction. */
export async function appendSealInTransaction(
  client: pg.ClientBase,
  seal: AuditSeal,
  about: { signerKind: SealSignerKind; position: number },
  audit: AuditRecordInput | undefined,
  atMs: number,
): Promise<AuditEntry | undefined> {
  await lockAuditChain(client);
  await client.query(
    `INSERT INTO audit_seals (id, signer_kind, position, statement, signature, certificate, stored_at_ms)
     SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4, $5, $6 FROM audit_seals`,
    [about.signerKind, about.position, seal.statement, seal.signature, seal.certificate, atMs],
  );
  return audit ? appendAuditInTransaction(client, audit, atMs) : undefined;
}

export async function readSeals(db: Db, options: { afterId: number; limit: number }): Promise<StoredSeal[]> {
  const rows = await db.query<SealRow>(
    `SELECT ${SEAL_COLUMNS} FROM audit_seals WHERE id > $1 ORDER BY id LIMIT $2`,
    [options.afterId, options.limit],
  );
  return rows.rows.map(sealOf);
}

export async function readNewestSeals(db: Db, limit: number): Promise<StoredSeal[]> {
  const rows = await db.query<SealRow>(`SELECT ${SEAL_COLUMNS} FROM audit_seals ORDER BY id DESC LIMIT $1`, [
    limit,
  ]);
  return rows.rows.map(sealOf);
}

export async function newestSealPosition(db: Db, signerKind: SealSignerKind): Promise<number> {
  const rows = await db.query<{ position: number | null }>(
    'SELECT max(position) AS position FROM audit_seals WHERE signer_kind = $1',
    [signerKind],
  );
  return rows.rows[0]?.position ?? 0;
}
