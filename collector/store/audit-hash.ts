// How an audit record is chained (format 2): hash = H(previous_hash || canonical JSON of the record, in which
// the detail is the STORED TEXT of the detail column, as a JSON string), hex. Hashing the stored bytes means
// whatever `audit list` shows is exactly what was hashed: a duplicate key, a "__proto__" member, extra
// whitespace or a reordered key in the stored text changes the hash. New details are stored as their
// canonical JSON (canonical-json.ts), and the verifier also refuses format-2 text that is not canonical.
// Format 1, the first release's, survives in legacy-audit-hash.ts for the records it wrote.
//
// H is SM3 (GB/T 32905) when this Node's OpenSSL has it, SHA-256 otherwise; each record stores its algorithm
// so a chain written on one machine verifies on another.
import { createHash, getHashes } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { AuditEntry } from './store';

export type AuditHashAlgorithm = 'sm3' | 'sha256';

export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

/** The chain format new records are written in; kept in the hashed text so formats can never collide. */
export const AUDIT_CHAIN_FORMAT = 2;

export function preferredAuditHashAlgorithm(): AuditHashAlgorithm {
  return getHashes().includes('sm3') ? 'sm3' : 'sha256';
}

/** Environment variable choosing the algorithm of NEW records: sm3 (default when available) or sha256. */
export const AUDIT_HASH_ENV = 'SHOUMI_AUDIT_HASH';

/**
 * The algorithm new records are chained with: SHOUMI_AUDIT_HASH when set, else the preferred one. Records
 * already written keep theirs, so switching yields a mixed chain that still verifies.
 */
export function configuredAuditHashAlgorithm(env: NodeJS.ProcessEnv = process.env): AuditHashAlgorithm {
  const wanted = env[AUDIT_HASH_ENV]?.trim().toLowerCase();
  if (wanted === undefined || wanted === '') return preferredAuditHashAlgorithm();
  if (wanted !== 'sm3' && wanted !== 'sha256')
    throw new Error(`${AUDIT_HASH_ENV}=${env[AUDIT_HASH_ENV]}: expected sm3 or sha256`);
  if (!getHashes().includes(wanted))
    throw new Error(`${AUDIT_HASH_ENV}=${wanted}: this Node's OpenSSL has no ${wanted}`);
  return wanted;
}

/** The fields the hash covers: everything in the entry except the two hashes, the detail as stored text. */
export type HashedAuditContent = Omit<AuditEntry, 'hash' | 'previousHash' | 'detail'> & {
  /** The detail column exactly as stored. */
  detailJson: string;
};

/** The exact text hashed after previous_hash: exported so tests can write it out by hand. */
export function hashedAuditText(content: HashedAuditContent): string {
  return canonicalJson({
    format: AUDIT_CHAIN_FORMAT,
    position: content.position,
    atMs: content.atMs,
    actor: content.actor,
    source: content.source,
    action: content.action,
    target: content.target,
    detailText: content.detailJson,
    outcome: content.outcome,
  });
}

export function auditRecordHash(
  algorithm: AuditHashAlgorithm,
  previousHash: string,
  content: HashedAuditContent,
): string {
  return createHash(algorithm)
    .update(previousHash + hashedAuditText(content), 'utf8')
    .digest('hex');
}
