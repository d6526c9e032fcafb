// The verifier on records made in memory: a chain mixing SM3 and SHA-256 records verifies, each record by
// its own algorithm; a digest given as its printed block or JSON reads back the same.
import { getHashes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type AuditHashAlgorithm, auditRecordHash, GENESIS_PREVIOUS_HASH } from '../store/audit-hash';
import type { StoredAuditRecord } from './audit-record';
import { digestOf, formatDigest, parseDigest } from './digest';
import { verifyAuditChain } from './verify-chain';

function chain(algorithms: AuditHashAlgorithm[]): StoredAuditRecord[] {
  const records: StoredAuditRecord[] = [];
  let previousHash = GENESIS_PREVIOUS_HASH;
  algorithms.forEach((algorithm, index) => {
    const content = {
      position: index + 1,
      atMs: 1_700_000_000_000 + index,
      actor: 'collector',
      source: 'local',
      action: 'policy.reloaded',
      target: 'baseline',
      detail: { version: index },
      outcome: 'allowed' as const,
    };
    const { detail, ...header } = content;
    const detailJson = JSON.stringify(detail);
    const hash = auditRecordHash(algorithm, previousHash, { ...header, detailJson });
    records.push({ ...header, detailJson, algorithm, previousHash, hash });
    previousHash = hash;
  });
  return records;
}

async function* pagesOf(records: StoredAuditRecord[], size: number) {
  for (let index = 0; index < records.length; index += size) yield records.slice(index, index + size);
}

describe('verifyAuditChain', () => {
  it.runIf(getHashes().includes('sm3'))(
    'a chain switched from SM3 to SHA-256 midway still verifies',
    async () => {
      const records = chain(['sm3', 'sm3', 'sha256', 'sha256', 'sm3']);
      const verdict = await verifyAuditChain(pagesOf(records, 2), { canonicalFrom: 1 });
      expect(verdict).toMatchObject({ ok: true, recordsChecked: 5, headPosition: 5, headAlgorithm: 'sm3' });
      // The same content hashes differently under the other algorithm: the stored algorithm is what counts.
      records[2]!.algorithm = 'sm3';
      expect((await verifyAuditChain(pagesOf(records, 2), { canonicalFrom: 1 })).problem).toMatchObject({
        position: 3,
        kind: 'hash-mismatch',
      });
    },
  );

  it('an empty trail is ok with no head; a digest against it is beyond the head', async () => {
    expect(await verifyAuditChain(pagesOf([], 10))).toMatchObject({
      ok: true,
      recordsChecked: 0,
      headPosition: 0,
    });
    const digest = digestOf(chain(['sha256'])[0]!, 0);
    expect((await verifyAuditChain(pagesOf([], 10), { digest })).problem?.kind).toBe('digest-beyond-head');
  });

  it('a digest reads back from its printed block and from JSON; garbage is refused by name', () => {
    const digest = digestOf(chain(['sha256', 'sha256'])[1]!, Date.UTC(2026, 0, 2));
    expect(parseDigest(formatDigest(digest))).toEqual(digest);
    expect(parseDigest(JSON.stringify(digest))).toEqual(digest);
    expect(() => parseDigest('hello')).toThrow(/no "position:" line/);
    expect(() => parseDigest('position: 3\nhash: abc\nalgorithm: sm3')).toThrow(/digest hash "abc"/);
  });
});
