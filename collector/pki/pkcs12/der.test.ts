import { describe, expect, it } from 'vitest';
import { bmpString, integer, octetString, oid, sequence, setOf } from './der';

// Expected bytes written by hand from X.690 (and checked against `openssl asn1parse` output).
describe('DER', () => {
  it('encodes object identifiers with the first two arcs folded and base-128 arcs', () => {
    // 1.2.840.113549.1.12.10.1.2 (pkcs8ShroudedKeyBag)
    expect(oid('1.2.840.113549.1.12.10.1.2').toString('hex')).toBe('060b2a864886f70d010c0a0102');
    // 2.16.840.1.101.3.4.2.1 (sha256)
    expect(oid('2.16.840.1.101.3.4.2.1').toString('hex')).toBe('0609608648016503040201');
  });

  it('encodes integers minimally, with a zero byte before a set top bit', () => {
    expect(integer(0).toString('hex')).toBe('020100');
    expect(integer(3).toString('hex')).toBe('020103');
    expect(integer(128).toString('hex')).toBe('02020080');
    expect(integer(100_000).toString('hex')).toBe('02030186a0');
  });

  it('uses long-form lengths past 127 bytes', () => {
    const long = octetString(Buffer.alloc(300));
    expect(long.subarray(0, 4).toString('hex')).toBe('0482012c');
    expect(long.length).toBe(304);
  });

  it('sorts the members of a SET OF and writes BMPStrings big-endian', () => {
    expect(setOf(integer(5), integer(1)).toString('hex')).toBe('3106020101020105');
    expect(sequence(integer(1)).toString('hex')).toBe('3003020101');
    expect(bmpString('守a').toString('hex')).toBe('1e045b880061');
  });
});
