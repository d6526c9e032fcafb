// Recomputes the audit chain from position 1, one page at a time (a trail of millions of records is never
// held in memory), checks every seal against it, and names the FIRST broken record and what is wrong with
// it. Pure: records and already-checked seals in, verdict out; where they come from (a running store, a
// stopped collector's file, the auditor's own copies) is the caller's business.
//
// Checked per record, in this order, so that the first message is the most telling:
//   1. its position follows the one before       — a gap means records were deleted;
//   2. its algorithm is one this verifier knows   — otherwise nothing more can be said about it;
//   3. previous_hash equals the record before's hash — a deleted first record, or records swapped/reordered;
//   4. its stored detail text is in the form its format requires — format 2 (from the recorded boundary on):
//      canonical JSON of itself; format 1 (the first release's records): JSON.stringify of its own parse, with
//      no "__proto__" member. Either way a duplicate key, padding or a "__proto__" member is caught here;
//   5. its hash equals H(previous_hash || content) — format 2 hashes the stored text itself.
// Then the seals: each valid seal's position must hold its hash (a whole-chain rewrite passes 1–5 and fails
// here), and no seal may lie beyond the head (records cut from the end). A digest printed earlier is checked
// the same way. An emptied trail whose store says records existed (a format boundary past 1) is refused.
//
// Epochs: a record "audit.epoch.started" with the genesis previous_hash starts a new chain, written only by
// `serve --new-audit-epoch` after the verifier refused the old one. Problems before the newest epoch, and seals
// made before it, are reported as the earlier epoch's findings and do not fail the verdict: the epoch record
// itself is the loud, permanent statement that the earlier chain was found broken.
import { getHashes } from 'node:crypto';
import { type AuditHashAlgorithm, auditRecordHash, GENESIS_PREVIOUS_HASH } from '../store/audit-hash';
import { canonicalJson } from '../store/canonical-json';
import { legacyAuditRecordHash } from '../store/legacy-audit-hash';
import type { StoredAuditRecord } from './audit-record';
import type { AuditDigest } from './digest';
import type { SealSignerKind } from './seal';
import type { CheckedSeal } from './seal-check';

export const EPOCH_ACTION = 'audit.epoch.started';

export type ChainProblemKind =
  | 'gap'
  | 'unknown-algorithm'
  | 'previous-hash-mismatch'
  | 'hash-mismatch'
  | 'unreadable-detail'
  | 'non-canonical-detail'
  | 'digest-mismatch'
  | 'digest-beyond-head'
  | 'seal-invalid'
  | 'seal-mismatch'
  | 'seal-beyond-head'
  | 'emptied';

export interface ChainProblem {
  /** The first broken record's position (for a gap: the first record after it). */
  position: number;
  kind: ChainProblemKind;
  /** zh / en, naming the record. */
  message: string;
}

export interface SealCovered {
  position: number;
  sealedAtMs: number;
  signerName: string;
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
  /** Valid seals whose hash was found at their position. */
  sealsChecked: number;
  /** The newest valid seal of each kind that the chain still matches. */
  newestAuditorSeal?: SealCovered;
  newestCollectorSeal?: SealCovered;
  /** Records after the newest matching seal of either kind (all of them when there is none). */
  unsealedRecords: number;
  /** Where the newest epoch began (0 when the chain was never restarted). */
  epochStart: number;
  /** Findings in chains before the newest epoch: the reason it was started, kept for the record. */
  earlierEpochProblems: ChainProblem[];
}

export interface ChainExpectations {
  /** A digest printed earlier: the record at its position must still carry its hash. */
  digest?: AuditDigest;
  /** Seals already checked (seal-check.ts): invalid ones fail the verdict. */
  seals?: readonly CheckedSeal[];
  /** First position of chain format 2; undefined when the store never recorded one (all format 1). */
  canonicalFrom?: number;
  /** Positions of the "audit.epoch.started" records, ascending. */
  epochStarts?: readonly number[];
  /**
   * Start-up only: the record a valid collector seal vouches for; the pages start after it and only what
   * follows is walked (verify-trail.ts). Seals below it are not checked on this path.
   */
  anchor?: StoredAuditRecord;
}

const KNOWN: readonly AuditHashAlgorithm[] = ['sm3', 'sha256'];

function isUsable(algorithm: string): algorithm is AuditHashAlgorithm {
  return (KNOWN as readonly string[]).includes(algorithm) && getHashes().includes(algorithm);
}

function hasProtoMember(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasProtoMember);
  if (value !== null && typeof value === 'object')
    return Object.keys(value).some(
      (key) => key === '__proto__' || hasProtoMember((value as Record<string, unknown>)[key]),
    );
  return false;
}

/** The first problem of one record given the one before it (undefined at the start of a chain). */
function problemOf(
  record: StoredAuditRecord,
  before: StoredAuditRecord | undefined,
  format: 1 | 2,
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
  let detail: unknown;
  try {
    detail = JSON.parse(record.detailJson);
  } catch {
    return {
      position: at,
      kind: 'unreadable-detail',
      message: `记录 ${at} 的 detail 不是有效 JSON（内容被篡改） / record ${at}: detail is not valid JSON: content edited`,
    };
  }
  const isObject = detail !== null && typeof detail === 'object' && !Array.isArray(detail);
  const expectedText = !isObject
    ? undefined
    : format === 2
      ? canonicalJson(detail)
      : hasProtoMember(detail)
        ? undefined
        : JSON.stringify(detail);
  if (expectedText !== record.detailJson) {
    return {
      position: at,
      kind: 'non-canonical-detail',
      message: `记录 ${at} 存储的 detail 文本不是规范形式（重复键、__proto__、多余空白或键序被改动） / record ${at}: the stored detail text is not in its canonical form (format ${format}): a repeated key, a "__proto__" member, padding or reordered keys: content edited`,
    };
  }
  const header = {
    position: record.position,
    atMs: record.atMs,
    actor: record.actor,
    source: record.source,
    action: record.action,
    target: record.target,
    outcome: record.outcome as 'allowed' | 'refused',
  };
  const hash =
    format === 2
      ? auditRecordHash(record.algorithm, record.previousHash, { ...header, detailJson: record.detailJson })
      : legacyAuditRecordHash(record.algorithm, record.previousHash, {
          ...header,
          detail: detail as Record<string, unknown>,
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

interface ValidSeal {
  position: number;
  hash: string;
  algorithm: string;
  sealedAtMs: number;
  signerKind: SealSignerKind;
  signerName: string;
  origin: string;
}

const sealName = (seal: ValidSeal) =>
  `${seal.signerKind === 'auditor' ? '审计员' : '采集器'}封印 / ${seal.signerKind} seal by "${seal.signerName}" (${seal.origin}, made ${new Date(seal.sealedAtMs).toISOString()})`;

/**
 * Verifies the chain whose records arrive as pages in position order (each page non-empty, the last one
 * followed by the end of the iteration). Stops reading at the first problem of the newest epoch.
 */
export async function verifyAuditChain(
  pages: AsyncIterable<readonly StoredAuditRecord[]>,
  expectations: ChainExpectations = {},
): Promise<ChainVerification> {
  const { digest } = expectations;
  const canonicalFrom = expectations.canonicalFrom ?? Number.POSITIVE_INFINITY;
  const epochStarts = expectations.epochStarts ?? [];
  const restarted = epochStarts.length > 0;
  const newestEpoch = epochStarts.at(-1) ?? 1;
  const earlierEpochProblems: ChainProblem[] = [];
  const sealProblems: ChainProblem[] = [];
  const valid: ValidSeal[] = [];
  for (const checked of expectations.seals ?? []) {
    if (!checked.ok) {
      sealProblems.push({ position: 0, kind: 'seal-invalid', message: checked.message });
      continue;
    }
    valid.push({ ...checked.statement, origin: checked.origin });
  }
  const sealsAt = new Map<number, ValidSeal[]>();
  for (const seal of valid) sealsAt.set(seal.position, [...(sealsAt.get(seal.position) ?? []), seal]);

  let before: StoredAuditRecord | undefined = expectations.anchor;
  let atDigest: StoredAuditRecord | undefined;
  let newestEpochAtMs = 0;
  let recordsChecked = 0;
  let sealsChecked = 0;
  let skippingBrokenEpoch = false;
  const matched: ValidSeal[] = [];
  // A seal made before the newest epoch began belongs to the chain that epoch replaced.
  const isEarlier = (seal: ValidSeal) =>
    restarted && (seal.position < newestEpoch || seal.sealedAtMs < newestEpochAtMs);
  const newestOf = (kind: SealSignerKind): SealCovered | undefined => {
    const best = matched
      .filter((seal) => seal.signerKind === kind)
      .sort((left, right) => right.position - left.position || right.sealedAtMs - left.sealedAtMs)[0];
    return best && { position: best.position, sealedAtMs: best.sealedAtMs, signerName: best.signerName };
  };
  const verdict = (problem?: ChainProblem): ChainVerification => {
    const headPosition = before?.position ?? 0;
    const newestSealed = Math.max(0, ...matched.map((seal) => seal.position));
    const auditor = newestOf('auditor');
    const collector = newestOf('collector');
    return {
      ok: problem === undefined,
      recordsChecked,
      headPosition,
      headHash: before?.hash ?? '',
      headAlgorithm: before?.algorithm ?? '',
      headAtMs: before?.atMs ?? 0,
      digestChecked: digest !== undefined,
      ...(problem ? { problem } : {}),
      sealsChecked,
      ...(auditor ? { newestAuditorSeal: auditor } : {}),
      ...(collector ? { newestCollectorSeal: collector } : {}),
      unsealedRecords: Math.max(0, headPosition - Math.max(newestSealed, newestEpoch - 1)),
      epochStart: restarted ? newestEpoch : 0,
      earlierEpochProblems,
    };
  };
  if (sealProblems.length > 0) return verdict(sealProblems[0]);

  for await (const page of pages) {
    for (const record of page) {
      const startsEpoch =
        epochStarts.includes(record.position) &&
        record.action === EPOCH_ACTION &&
        record.previousHash === GENESIS_PREVIOUS_HASH;
      if (startsEpoch) {
        skippingBrokenEpoch = false;
        // The epoch record begins a chain of its own: check it against no record before it.
        before = { ...record, position: record.position - 1, hash: GENESIS_PREVIOUS_HASH };
        if (record.position === newestEpoch) newestEpochAtMs = record.atMs;
      }
      const inEarlierEpoch = record.position < newestEpoch;
      if (skippingBrokenEpoch && inEarlierEpoch) continue;
      const format = record.position >= canonicalFrom ? 2 : 1;
      const problem = problemOf(record, before, format);
      if (problem) {
        if (!inEarlierEpoch) return verdict(problem);
        earlierEpochProblems.push(problem);
        skippingBrokenEpoch = true;
        before = record;
        continue;
      }
      recordsChecked++;
      before = record;
      if (digest && record.position === digest.position) atDigest = record;
      for (const seal of sealsAt.get(record.position) ?? []) {
        if (seal.hash === record.hash && seal.algorithm === record.algorithm) {
          matched.push(seal);
          sealsChecked++;
          continue;
        }
        const mismatch: ChainProblem = {
          position: record.position,
          kind: 'seal-mismatch',
          message: `记录 ${record.position} 的哈希与${sealName(seal)}不符（此前的链被改写） / record ${record.position}: hash ${record.hash.slice(0, 16)}… differs from the ${sealName(seal)} (${seal.hash.slice(0, 16)}…): the chain up to it was rewritten`,
        };
        if (!isEarlier(seal)) return verdict(mismatch);
        earlierEpochProblems.push(mismatch);
      }
    }
  }
  const head = before?.position ?? 0;
  for (const seal of valid) {
    if (seal.position <= head) continue;
    const beyond: ChainProblem = {
      position: seal.position,
      kind: 'seal-beyond-head',
      message: `${sealName(seal)}封存了记录 ${seal.position}，但链只到 ${head}（记录被截断或清空） / the ${sealName(seal)} covers position ${seal.position}, but the chain ends at ${head}: records were cut from its end or deleted`,
    };
    if (!isEarlier(seal)) return verdict(beyond);
    earlierEpochProblems.push(beyond);
  }
  if (head === 0 && Number.isFinite(canonicalFrom) && canonicalFrom > 1) {
    return verdict({
      position: 1,
      kind: 'emptied',
      message: `审计链为空，但存储记录表明此前已有 ${canonicalFrom - 1} 条记录（被清空） / the trail is empty, yet the store records that ${canonicalFrom - 1} records existed before its format change: the trail was emptied`,
    });
  }
  return verdict(digest ? digestProblem(digest, atDigest) : undefined);
}
