// How an audit record is chained: hash = H(previous_hash || canonical JSON of the record), hex. H is SM3
// (GB/T 32905) when this Node's OpenSSL has it, SHA-256 otherwise; each record stores its algorithm so a
// chain written on one machine verifies on another.
import { createHash, getHashes } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { AuditEntry } from './store';

export type AuditHashAlgorithm = 'sm3' | 'sha256';

export const GENESIS_PREVIOUS_HASH = '0'.repeat(64);

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

/** The fields the hash covers: everything in the entry except the two hashes themselves. */
export type HashedAuditContent = Omit<AuditEntry, 'hash' | 'previousHash'>;

export function auditRecordHash(
  algorithm: AuditHashAlgorithm,
  previousHash: string,
  content: HashedAuditContent,
): string {
  const record = {
    position: content.position,
    atMs: content.atMs,
    actor: content.actor,
    source: content.source,
    action: content.action,
    target: content.target,
    detail: content.detail,
    outcome: content.outcome,
  };
  return createHash(algorithm)
    .update(previousHash + canonicalJson(record), 'utf8')
    .digest('hex');
}
