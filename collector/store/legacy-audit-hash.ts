// How the first release chained audit records (format 1), kept only to verify the records it wrote: the hash
// covers H(previous_hash || canonical JSON of the record with the detail PARSED), and the detail column held
// JSON.stringify of that parsed detail. The stored text itself was never hashed, which is why format 2
// (audit-hash.ts) hashes the stored bytes; verify-chain.ts accepts this format only before the position where
// the store recorded the change, and only for stored text that is exactly JSON.stringify of its own parse.
//
// This canonicaliser must never change: it is the definition of every format-1 hash ever written. Its two
// faults are kept on purpose (and refused by the verifier instead): a "__proto__" member set the prototype of
// the sorted copy and vanished from the hash; integer-like keys iterate in numeric order.
import { createHash } from 'node:crypto';
import type { AuditHashAlgorithm } from './audit-hash';

export interface LegacyHashedContent {
  position: number;
  atMs: number;
  actor: string;
  source: string;
  action: string;
  target: string;
  detail: Record<string, unknown>;
  outcome: string;
}

function legacySortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(legacySortKeysDeep);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      sorted[key] = legacySortKeysDeep((value as Record<string, unknown>)[key]);
    }
    return sorted;
  }
  return value;
}

export function legacyCanonicalJson(value: unknown): string {
  return JSON.stringify(legacySortKeysDeep(value));
}

export function legacyAuditRecordHash(
  algorithm: AuditHashAlgorithm,
  previousHash: string,
  content: LegacyHashedContent,
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
    .update(previousHash + legacyCanonicalJson(record), 'utf8')
    .digest('hex');
}
