// The next link of the audit chain, decided apart from where it is kept: given the chain's tail (or none),
// the record to append and its time, the exact row every backend stores. A backend's only duty is to read
// the tail and insert the row in one transaction that no other append can interleave with (SQLite: its
// single writer; PostgreSQL: pg_advisory_xact_lock on the chain, postgres/audit.ts).
import {
  type AuditHashAlgorithm,
  auditRecordHash,
  configuredAuditHashAlgorithm,
  GENESIS_PREVIOUS_HASH,
} from './audit-hash';
import { canonicalJson } from './canonical-json';
import type { AuditEntry, AuditRecordInput } from './store';

/** The columns of one stored audit record, as every backend keeps them. */
export interface AuditRow {
  position: number;
  atMs: number;
  actor: string;
  source: string;
  action: string;
  target: string;
  /** The detail as its canonical JSON text: what the hash covers (format 2). */
  detailJson: string;
  outcome: 'allowed' | 'refused';
  algorithm: AuditHashAlgorithm;
  previousHash: string;
  hash: string;
}

// Resolved on the first append (not at import), so a wrong SHOUMI_AUDIT_HASH is an error of the write that
// needs it, and a process that only reads the trail is never refused for it.
let chosenAlgorithm: AuditHashAlgorithm | undefined;
const newRecordAlgorithm = () => {
  chosenAlgorithm ??= configuredAuditHashAlgorithm();
  return chosenAlgorithm;
};

/** The row that follows `tail` (undefined: the chain is empty) and the entry a caller is answered with. */
export function nextAuditRecord(
  tail: { position: number; hash: string } | undefined,
  input: AuditRecordInput,
  atMs: number,
  options: { startsEpoch?: boolean } = {},
): { row: AuditRow; entry: AuditEntry } {
  const position = (tail?.position ?? 0) + 1;
  // A new epoch (serve --new-audit-epoch, audit/start-up-check.ts) starts a chain of its own after a broken one.
  const previousHash = options.startsEpoch ? GENESIS_PREVIOUS_HASH : (tail?.hash ?? GENESIS_PREVIOUS_HASH);
  // The detail is stored as its canonical JSON and that text is what the hash covers (format 2): a Date or
  // undefined member becomes its JSON form first, so what is read back is what was hashed.
  const detail = JSON.parse(JSON.stringify(input.detail)) as Record<string, unknown>;
  const detailJson = canonicalJson(detail);
  const header = {
    position,
    atMs,
    actor: input.actor,
    source: input.source,
    action: input.action,
    target: input.target,
    outcome: input.outcome,
  };
  const algorithm = newRecordAlgorithm();
  const hash = auditRecordHash(algorithm, previousHash, { ...header, detailJson });
  return {
    row: { ...header, detailJson, algorithm, previousHash, hash },
    entry: { ...header, detail, previousHash, hash },
  };
}
