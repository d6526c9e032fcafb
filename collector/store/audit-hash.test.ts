// Known answers for the audit hash. SM3 from GB/T 32905-2016 (its examples 1 and 2); the format-2 record
// text written out by hand, and its hashes computed apart from this code with the OpenSSL command line:
//   G=$(printf '0%.0s' {1..64}); T='<the text below>'; printf '%s' "$G$T" | openssl dgst -sm3   (and -sha256)
import { createHash, getHashes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { auditRecordHash, GENESIS_PREVIOUS_HASH, hashedAuditText } from './audit-hash';

const hasSm3 = getHashes().includes('sm3');

const CONTENT = {
  position: 1,
  atMs: 1_700_000_000_000,
  actor: 'collector',
  source: 'local',
  action: 'a.b',
  target: 't',
  detailJson: '{"k":"v"}',
  outcome: 'allowed' as const,
};

describe('audit hash known answers', () => {
  it.runIf(hasSm3)('SM3 of "abc" (GB/T 32905 example 1)', () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });

  it.runIf(hasSm3)('SM3 of "abcd" × 16, 64 bytes (GB/T 32905 example 2)', () => {
    expect(createHash('sm3').update('abcd'.repeat(16)).digest('hex')).toBe(
      'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732',
    );
  });

  it('the hashed text of a format-2 record: keys sorted, the stored detail as a string, the format named', () => {
    expect(hashedAuditText(CONTENT)).toBe(
      '{"action":"a.b","actor":"collector","atMs":1700000000000,"detailText":"{\\"k\\":\\"v\\"}","format":2,"outcome":"allowed","position":1,"source":"local","target":"t"}',
    );
  });

  it.runIf(hasSm3)('the SM3 hash of that record after the genesis hash (openssl dgst -sm3)', () => {
    expect(auditRecordHash('sm3', GENESIS_PREVIOUS_HASH, CONTENT)).toBe(
      '0be85b0f33bfcb381854e30c6cf59e441f427a00887813e72386c4597bbf68b5',
    );
  });

  it('the SHA-256 hash of that record after the genesis hash (openssl dgst -sha256)', () => {
    expect(auditRecordHash('sha256', GENESIS_PREVIOUS_HASH, CONTENT)).toBe(
      'a520672951717a25df64388814a5dbad8dd3fb1d960d7d135432f528d836893a',
    );
  });

  it('a duplicate key or a reordered key in the stored text changes the hash', () => {
    const hash = auditRecordHash('sha256', GENESIS_PREVIOUS_HASH, CONTENT);
    for (const detailJson of ['{"k":"x","k":"v"}', '{"k":"v","__proto__":{}}', '{ "k":"v"}'])
      expect(auditRecordHash('sha256', GENESIS_PREVIOUS_HASH, { ...CONTENT, detailJson })).not.toBe(hash);
  });
});
