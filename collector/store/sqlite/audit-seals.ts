// Audit seals on SQLite (audit/seal.ts says what a seal is): kept append-only beside the trail. An auditor's
// seal is stored with an "audit.sealed" record in the same transaction; the collector's own seals append no
// record (each would grow the chain it has just sealed, and the next seal would have to cover that).
import type { AuditSeal, SealSignerKind } from '../../audit/seal';
import { SEAL_COLUMNS, type SealRow, type StoredSeal, sealOf } from '../seal-row';
import type { AuditEntry, AuditRecordInput } from '../store';
import { appendAuditInTransaction } from './audit';
import type { SqliteConnection } from './connection';

/** Stores a seal already checked by the caller; with `audit`, appends its record too. Inside a transaction. */
export async function appendSealInTransaction(
  transaction: SqliteConnection,
  seal: AuditSeal,
  about: { signerKind: SealSignerKind; position: number },
  audit: AuditRecordInput | undefined,
  atMs: number,
): Promise<AuditEntry | undefined> {
  await transaction.run(
    `INSERT INTO audit_seals (signer_kind, position, statement, signature, certificate, stored_at_ms)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [about.signerKind, about.position, seal.statement, seal.signature, seal.certificate, atMs],
  );
  return audit ? appendAuditInTransaction(transaction, audit, atMs) : undefined;
}

/** Seals after `afterId` in the order they were stored. A store before migration 8 has none. */
export async function readSeals(
  reader: SqliteConnection,
  options: { afterId: number; limit: number },
): Promise<StoredSeal[]> {
  const table = await reader.get<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit_seals'",
  );
  if (!table) return [];
  const rows = await reader.all<SealRow>(
    `SELECT ${SEAL_COLUMNS} FROM audit_seals WHERE id > ? ORDER BY id LIMIT ?`,
    [options.afterId, options.limit],
  );
  return rows.map(sealOf);
}

/** The newest `limit` seals, newest first (by the order stored). A store before migration 8 has none. */
export async function readNewestSeals(reader: SqliteConnection, limit: number): Promise<StoredSeal[]> {
  const table = await reader.get<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'audit_seals'",
  );
  if (!table) return [];
  const rows = await reader.all<SealRow>(`SELECT ${SEAL_COLUMNS} FROM audit_seals ORDER BY id DESC LIMIT ?`, [
    limit,
  ]);
  return rows.map(sealOf);
}

/** The position of the newest seal of that kind, 0 when there is none. */
export async function newestSealPosition(
  reader: SqliteConnection,
  signerKind: SealSignerKind,
): Promise<number> {
  const row = await reader.get<{ position: number | null }>(
    'SELECT MAX(position) AS position FROM audit_seals WHERE signer_kind = ?',
    [signerKind],
  );
  return row?.position ?? 0;
}
