// Recomputes the audit chain from position 1, one page at a time (a trail of millions of records is never
// held in memory), and names the FIRST broken record and what is wrong with it. Pure: records in, verdict
// out; where the pages come from (a running store, a stopped collector's file) is the caller's business.
//
// Checked per record, in this order, so that the first message is the most telling:
//   1. its position follows the one before       — a gap means records were deleted;
//   2. its algorithm is one this verifier knows   — otherwise nothing more can be said about it;
//   3. previous_hash equals the record before's hash — a deleted first record, or records swapped/reordered;
//   4. its hash equals H(previous_hash || content)  — its content was edited.
// A digest printed earlier is then checked against the record at its position: a chain rewritten
// consistently from the start passes 1–4 and fails only here.
import { getHashes } from 'node:crypto';
import { type AuditHashAlgorithm, auditRecordHash, GENESIS_PREVIOUS_HASH } from '../store/audit-hash';
import type { StoredAuditRecord } from './audit-record';
import type { AuditDigest } from './digest';

export type ChainProblemKind =
  | 'gap'
  | 'unknown-algorithm'
  | 'previous-hash-mismatch'
  | 'hash-mismatch'
  | 'unreadable-detail'
  | 'digest-mismatch'
  | 'digest-beyond-head';

export interface ChainProblem {
  /** The first broken record's position (for a gap: the first record after it). */
  position: number;
  kind: ChainProblemKind;
  /** zh / en, naming the record. */
  message: string;
}

export interface ChainVerification {
  ok: boolean;
  recordsChecked: number;
  headPosition: number;
  headHash: string;
  headAlgorithm: string;
  headAtMs: number;
  /** Whether a digest was given and compared. */
  digestChecked: boolean;
  problem?: ChainProblem;
}

const KNOWN: readonly AuditHashAlgorithm[] = ['sm3', 'sha256'];

function isUsable(algorithm: string): algorithm is AuditHashAlgorithm {
  return (KNOWN as readonly string[]).includes(algorithm) && getHashes().includes(algorithm);
}

/** The first problem of one record given the one before it (undefined at the start of the chain). */
function problemOf(
  record: StoredAuditRecord,
  before: StoredAuditRecord | undefined,
): ChainProblem | undefined {
  const expected = (before?.position ?? 0) + 1;
  const at = record.position;
  if (at !== expected) {
    const missing = at - 1 === expected ? `${expected}` : `${expected}–${at - 1}`;
    return {
      position: at,
      kind: 'gap',
      message: `记录 ${missing} 缺失（被删除） / record(s) ${missing} missing before position ${at}: deleted`,
    };
  }
  if (!isUsable(record.algorithm)) {
    return {
      position: at,
      kind: 'unknown-algorithm',
      message: `记录 ${at} 的算法 "${record.algorithm}" 未知或不可用 / record ${at}: unknown or unavailable hash algorithm "${record.algorithm}"`,
    };
  }
  const previousHash = before?.hash ?? GENESIS_PREVIOUS_HASH;
  if (record.previousHash !== previousHash) {
    return {
      position: at,
      kind: 'previous-hash-mismatch',
      message: `记录 ${at} 与前一条记录不衔接（前序记录被删除或调换） / record ${at}: previous_hash does not match the record before it: a record was deleted, or records were swapped or reordered`,
    };
  }
  let detail: Record<string, unknown>;
  try {
    detail = JSON.parse(record.detailJson) as Record<string, unknown>;
  } catch {
    return {
      position: at,
      kind: 'unreadable-detail',
      message: `记录 ${at} 的 detail 不是有效 JSON（内容被篡改） / record ${at}: detail is not valid JSON: content edited`,
    };
  }
  const hash = auditRecordHash(record.algorithm, record.previousHash, {
    position: record.position,
    atMs: record.atMs,
    actor: record.actor,
    source: record.source,
    action: record.action,
    target: record.target,
    detail,
    outcome: record.outcome as 'allowed' | 'refused',
  });
  if (hash !== record.hash) {
    return {
      position: at,
      kind: 'hash-mismatch',
      message: `记录 ${at} 的哈希与内容不符（内容被修改） / record ${at}: hash does not match its content: content edited`,
    };
  }
  return undefined;
}

function digestProblem(
  digest: AuditDigest,
  atDigest: StoredAuditRecord | undefined,
): ChainProblem | undefined {
  if (atDigest === undefined) {
    return {
      position: digest.position,
      kind: 'digest-beyond-head',
      message: `摘要中的记录 ${digest.position} 已不在链中（记录被截断） / digest names position ${digest.position}, which is no longer in the chain: records were removed from its end`,
    };
  }
  if (atDigest.hash !== digest.hash || atDigest.algorithm !== digest.algorithm) {
    return {
      position: digest.position,
      kind: 'digest-mismatch',
      message: `记录 ${digest.position} 的哈希与此前打印的摘要不符（审计链被整体改写） / record ${digest.position}: hash ${atDigest.hash.slice(0, 16)}… (${atDigest.algorithm}) differs from the digest printed ${new Date(digest.madeAtMs).toISOString()} (${digest.hash.slice(0, 16)}…, ${digest.algorithm}): the chain was rewritten`,
    };
  }
  return undefined;
}

/**
 * Verifies the chain whose records arrive as pages in position order (each page non-empty, the last one
 * followed by the end of the iteration). Stops reading at the first problem.
 */
export async function verifyAuditChain(
  pages: AsyncIterable<readonly StoredAuditRecord[]>,
  digest?: AuditDigest,
): Promise<ChainVerification> {
  let before: StoredAuditRecord | undefined;
  let atDigest: StoredAuditRecord | undefined;
  let recordsChecked = 0;
  const verdict = (problem?: ChainProblem): ChainVerification => ({
    ok: problem === undefined,
    recordsChecked,
    headPosition: before?.position ?? 0,
    headHash: before?.hash ?? '',
    headAlgorithm: before?.algorithm ?? '',
    headAtMs: before?.atMs ?? 0,
    digestChecked: digest !== undefined,
    ...(problem ? { problem } : {}),
  });
  for await (const page of pages) {
    for (const record of page) {
      const problem = problemOf(record, before);
      if (problem) return verdict(problem);
      recordsChecked++;
      before = record;
      if (digest && record.position === digest.position) atDigest = record;
    }
  }
  return verdict(digest ? digestProblem(digest, atDigest) : undefined);
}
