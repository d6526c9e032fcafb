import { describe, expect, it } from 'vitest';
import {
  openClusterFile,
  operatorKeyCheck,
  operatorKeyMatches,
  SealedBoxError,
  sealClusterFile,
} from './sealed-box';

// Known answers computed with an independent implementation (Python's `cryptography` 48: HKDF-SHA256 with no
// salt and info "shoumi cluster files v1", AESGCM.encrypt(nonce, plaintext, aad); HMAC-SHA256 under the key
// derived with info "shoumi operator key check v1"), key = bytes 0..31, nonce = a0..ab.
const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i));
const NONCE = Buffer.from(Array.from({ length: 12 }, (_, i) => 0xa0 + i));
const SEALED_POLICY = '01a0a1a2a3a4a5a6a7a8a9aaabfebff9ccffbc851472ce4ceb6a562a9054690d01b22f43cbf1';
const KEY_CHECK = '9db45c8a6482deb22042c749588d92ffc1c389f40cd82d8ad06abb86b21fa602';

describe('sealed cluster files', () => {
  it('seals exactly as an independent AES-256-GCM with the HKDF-derived key does', () => {
    const sealed = sealClusterFile(KEY, 'policy.json', Buffer.from('策略 v1'), NONCE);
    expect(sealed.toString('hex')).toBe(SEALED_POLICY);
    expect(openClusterFile(KEY, 'policy.json', sealed).toString()).toBe('策略 v1');
  });

  it('refuses the wrong key, another name, an altered byte and an unknown format', () => {
    const sealed = Buffer.from(SEALED_POLICY, 'hex');
    const otherKey = Buffer.alloc(32, 7);
    expect(() => openClusterFile(otherKey, 'policy.json', sealed)).toThrow(
      /key is wrong or the value was altered/,
    );
    expect(() => openClusterFile(KEY, 'pki/ca.key', sealed)).toThrow(SealedBoxError);
    const altered = Buffer.from(sealed);
    altered[20] = (altered[20] ?? 0) ^ 1;
    expect(() => openClusterFile(KEY, 'policy.json', altered)).toThrow(SealedBoxError);
    const unknownFormat = Buffer.from(sealed);
    unknownFormat[0] = 2;
    expect(() => openClusterFile(KEY, 'policy.json', unknownFormat)).toThrow(/not a sealed value/);
  });

  it('a fresh nonce each time: the same file sealed twice differs, and both open', () => {
    const one = sealClusterFile(KEY, 'a', Buffer.from('x'));
    const two = sealClusterFile(KEY, 'a', Buffer.from('x'));
    expect(one.equals(two)).toBe(false);
    expect(openClusterFile(KEY, 'a', two).toString()).toBe('x');
  });

  it('recognises its key by a check that is not the key', () => {
    expect(operatorKeyCheck(KEY)).toBe(KEY_CHECK);
    expect(operatorKeyMatches(KEY, KEY_CHECK)).toBe(true);
    expect(operatorKeyMatches(Buffer.alloc(32, 1), KEY_CHECK)).toBe(false);
  });
});
