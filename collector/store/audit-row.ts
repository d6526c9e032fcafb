// One audit record as every backend stores it (the audit table's columns) and the two ways it is read: as
// stored (raw detail and algorithm: what verify reads) and as an entry (detail parsed: what listings show).
// One mapping, so SQLite and PostgreSQL cannot read a record two ways.
import type { StoredAuditRecord } from '../audit/audit-record';
import type { AuditEntry } from './store';

export interface AuditRow {
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

export const AUDIT_COLUMNS =
  'position, at_ms, actor, source, action, target, detail, outcome, algorithm, previous_hash, hash';

export const storedAuditRecordOf = (row: AuditRow): StoredAuditRecord => ({
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

export const auditEntryOf = (row: AuditRow): AuditEntry => ({
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
});
