// One stored audit seal as every backend keeps it (the audit_seals table's columns) and as every read returns
// it: one mapping, so SQLite and PostgreSQL cannot read a seal two ways.
import type { AuditSeal, SealSignerKind } from '../audit/seal';

export interface StoredSeal extends AuditSeal {
  id: number;
  signerKind: SealSignerKind;
  position: number;
  storedAtMs: number;
}

export interface SealRow {
  id: number;
  signer_kind: SealSignerKind;
  position: number;
  statement: string;
  signature: string;
  certificate: string;
  stored_at_ms: number;
}

export const SEAL_COLUMNS = 'id, signer_kind, position, statement, signature, certificate, stored_at_ms';

export const sealOf = (row: SealRow): StoredSeal => ({
  id: row.id,
  signerKind: row.signer_kind,
  position: row.position,
  statement: row.statement,
  signature: row.signature,
  certificate: row.certificate,
  storedAtMs: row.stored_at_ms,
});
