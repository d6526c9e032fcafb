// Verification of the whole trail as the collector and the offline command run it: the chain from position 1,
// every seal the store holds, the collector's seal file, and seals the caller brings (an auditor's own copies,
// --seal FILE), each seal checked against the collector's CA before the chain is walked. Reads pages; holds
// only the seals' short statements in memory.
import type { StoredSeal } from '../store/seal-row';
import { auditPages } from './audit-pages';
import type { StoredAuditRecord } from './audit-record';
import type { AuditDigest } from './digest';
import type { AuditSeal } from './seal';
import { type CheckedSeal, checkSeal, type SealOrigin } from './seal-check';
import { type ChainVerification, EPOCH_ACTION, verifyAuditChain } from './verify-chain';

export interface TrailSource {
  readRecords(options: {
    afterPosition: number;
    limit: number;
    action?: string;
  }): Promise<StoredAuditRecord[]>;
  readSeals(options: { afterId: number; limit: number }): Promise<StoredSeal[]>;
  formatBoundary(): Promise<number | undefined>;
}

export interface GivenSeal {
  seal: AuditSeal;
  origin: SealOrigin;
  /** The signer must hold this certificate's key (the auditor's own, for their local copies). */
  pinnedCertificatePem?: string;
}

export interface TrailExpectations {
  /** The collector's CA certificate (PEM): every seal's certificate must be issued by it. */
  caPem: string;
  digest?: AuditDigest;
  /** The collector's seal file (seal-file.ts), when there is one. */
  sealFile?: AuditSeal;
  given?: readonly GivenSeal[];
  /**
   * Start-up: walk only from the newest valid collector seal on, when the chain still holds its hash (else the
   * whole chain, which then names the problem). Every seal beyond it is still checked.
   */
  fromNewestCollectorSeal?: boolean;
}

const SEAL_PAGE = 1000;

async function epochStartsOf(source: TrailSource): Promise<number[]> {
  const starts: number[] = [];
  const read = (afterPosition: number, limit: number) =>
    source.readRecords({ afterPosition, limit, action: EPOCH_ACTION });
  for await (const page of auditPages(read)) for (const record of page) starts.push(record.position);
  return starts;
}

export async function verifyTrail(
  source: TrailSource,
  expect: TrailExpectations,
): Promise<ChainVerification> {
  const seals: CheckedSeal[] = [];
  const trust = { caPem: expect.caPem };
  for (let afterId = 0; ; ) {
    const page = await source.readSeals({ afterId, limit: SEAL_PAGE });
    if (page.length === 0) break;
    for (const stored of page) {
      const checked = checkSeal(stored, 'store', trust);
      // The table's own columns must agree with what was signed.
      if (
        checked.ok &&
        (checked.statement.position !== stored.position || checked.statement.signerKind !== stored.signerKind)
      ) {
        seals.push({
          ok: false,
          origin: 'store',
          message: `封印无效 / invalid seal (store): row ${stored.id} disagrees with its signed statement`,
        });
      } else seals.push(checked);
    }
    afterId = page[page.length - 1]!.id;
  }
  if (expect.sealFile) seals.push(checkSeal(expect.sealFile, 'seal-file', trust));
  for (const given of expect.given ?? []) {
    seals.push(
      checkSeal(given.seal, given.origin, {
        ...trust,
        ...(given.pinnedCertificatePem ? { pinnedCertificatePem: given.pinnedCertificatePem } : {}),
      }),
    );
  }
  const [canonicalFrom, epochStarts] = [await source.formatBoundary(), await epochStartsOf(source)];
  const sealed = expect.fromNewestCollectorSeal ? await newestCollectorAnchor(source, seals) : undefined;
  // The walk starts AT the sealed record (its content is checked against its hash like any other), from a
  // stand-in for the record before it that the sealed record itself names.
  const anchor = sealed && { ...sealed, position: sealed.position - 1, hash: sealed.previousHash };
  return verifyAuditChain(
    auditPages(
      (afterPosition, limit) => source.readRecords({ afterPosition, limit }),
      undefined,
      anchor?.position ?? 0,
    ),
    {
      seals,
      epochStarts,
      ...(anchor ? { anchor } : {}),
      ...(expect.digest ? { digest: expect.digest } : {}),
      ...(canonicalFrom !== undefined ? { canonicalFrom } : {}),
    },
  );
}

/** The record the newest valid collector seal vouches for, if the chain still holds that exact hash there. */
async function newestCollectorAnchor(
  source: TrailSource,
  seals: readonly CheckedSeal[],
): Promise<StoredAuditRecord | undefined> {
  let newest: CheckedSeal | undefined;
  for (const seal of seals) {
    if (!seal.ok) return undefined; // an invalid seal anywhere: the whole walk, which names it
    if (seal.statement.signerKind !== 'collector') continue;
    if (!newest?.ok || seal.statement.position > newest.statement.position) newest = seal;
  }
  if (!newest?.ok) return undefined;
  const { position, hash, algorithm } = newest.statement;
  const [record] = await source.readRecords({ afterPosition: position - 1, limit: 1 });
  if (!record || record.position !== position || record.hash !== hash || record.algorithm !== algorithm)
    return undefined;
  return record;
}
