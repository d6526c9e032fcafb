// The audit trail on SQLite. Appends always run inside a write transaction of the serial writer, so the
// record commits (or not) with the change it describes, and the chain's tail cannot move underneath us.
import type { StoredAuditRecord } from '../../audit/audit-record';
import {
  type AuditHashAlgorithm,
  auditRecordHash,
  configuredAuditHashAlgorithm,
  GENESIS_PREVIOUS_HASH,
} from '../audit-hash';
import { clampPageLimit } from '../page-token';
import type { AuditEntry, AuditRecordInput } from '../store';
import type { SqliteConnection } from './connection';

interface AuditRow {
  position: number;
  at_ms: number;
  actor: string;
  source: string;
  action: string;
  target: string;
  detail: string;
  outcome: 'allowed' | 'refused';
  algorithm: string;
  previous_hash: string;
  hash: string;
}

// Resolved on the first append (not at import), so a wrong SHOUMI_AUDIT_HASH is an error of the write that
// needs it, and a process that only reads the trail is never refused for it.
let chosenAlgorithm: AuditHashAlgorithm | undefined;
const newRecordAlgorithm = () => {
  chosenAlgorithm ??= configuredAuditHashAlgorithm();
  return chosenAlgorithm;
};

const COLUMNS =
  'position, at_ms, actor, source, action, target, detail, outcome, algorithm, previous_hash, hash';

/** Appends one record; call only inside a write transaction. */
export async function appendAuditInTransaction(
  transaction: SqliteConnection,
  input: AuditRecordInput,
  atMs: number,
): Promise<AuditEntry> {
  const tail = await transaction.get<{ position: number; hash: string }>(
    'SELECT position, hash FROM audit ORDER BY position DESC LIMIT 1',
  );
  const position = (tail?.position ?? 0) + 1;
  const previousHash = tail?.hash ?? GENESIS_PREVIOUS_HASH;
  // Hash what will be read back: a Date or undefined member in the detail must not hash differently from
  // its JSON form, or the chain would fail to verify after a round trip through the database.
  const detail = JSON.parse(JSON.stringify(input.detail)) as Record<string, unknown>;
  const content = {
    position,
    atMs,
    actor: input.actor,
    source: input.source,
    action: input.action,
    target: input.target,
    detail,
    outcome: input.outcome,
  };
  const algorithm = newRecordAlgorithm();
  const hash = auditRecordHash(algorithm, previousHash, content);
  await transaction.run(
    `INSERT INTO audit (position, at_ms, actor, source, action, target, detail, outcome, algorithm,
       previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      position,
      atMs,
      input.actor,
      input.source,
      input.action,
      input.target,
      JSON.stringify(detail),
      input.outcome,
      algorithm,
      previousHash,
      hash,
    ],
  );
  return { ...content, previousHash, hash };
}

export async function listAudit(
  reader: SqliteConnection,
  options: { limit: number; afterPosition?: number },
): Promise<AuditEntry[]> {
  const rows = await reader.all<AuditRow>(
    `SELECT ${COLUMNS} FROM audit WHERE position > ? ORDER BY position LIMIT ?`,
    [options.afterPosition ?? 0, clampPageLimit(options.limit)],
  );
  return rows.map((row) => ({
    position: row.position,
    atMs: row.at_ms,
    actor: row.actor,
    source: row.source,
    action: row.action,
    target: row.target,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    outcome: row.outcome,
    previousHash: row.previous_hash,
    hash: row.hash,
  }));
}

const storedRecordOf = (row: AuditRow): StoredAuditRecord => ({
  position: row.position,
  atMs: row.at_ms,
  actor: row.actor,
  source: row.source,
  action: row.action,
  target: row.target,
  detailJson: row.detail,
  outcome: row.outcome,
  algorithm: row.algorithm,
  previousHash: row.previous_hash,
  hash: row.hash,
});

/**
 * Records after `afterPosition` in position order, as stored (raw detail, algorithm): what verify and the
 * admin listing read. Only `action` ones when given.
 */
export async function readAuditRecords(
  reader: SqliteConnection,
  options: { afterPosition: number; limit: number; action?: string },
): Promise<StoredAuditRecord[]> {
  // A range scan on the primary key: each page costs the same however deep into the chain it is.
  const byAction = options.action ? 'AND action = ?' : '';
  const rows = await reader.all<AuditRow>(
    `SELECT ${COLUMNS} FROM audit WHERE position > ? ${byAction} ORDER BY position LIMIT ?`,
    [options.afterPosition, ...(options.action ? [options.action] : []), options.limit],
  );
  return rows.map(storedRecordOf);
}

/** The last record of the chain, or undefined while it is empty. */
export async function auditHead(reader: SqliteConnection): Promise<StoredAuditRecord | undefined> {
  const row = await reader.get<AuditRow>(`SELECT ${COLUMNS} FROM audit ORDER BY position DESC LIMIT 1`);
  return row && storedRecordOf(row);
}
