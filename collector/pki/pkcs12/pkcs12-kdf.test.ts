import { describe, expect, it } from 'vitest';
import { bmpPassword, PKCS12_KDF_ID, pkcs12Kdf } from './pkcs12-kdf';

const hex = (text: string) => Buffer.from(text.replace(/:/g, ''), 'hex');

describe('the PKCS#12 key derivation (RFC 7292 B.2)', () => {
  it('matches the classic SHA-1 vector ("smeg", one iteration, ID 1)', () => {
    expect(bmpPassword('smeg').toString('hex')).toBe('0073006d006500670000');
    const out = pkcs12Kdf({
      hash: 'sha1',
      password: bmpPassword('smeg'),
      salt: hex('0A58CF64530D823F'),
      iterations: 1,
      id: PKCS12_KDF_ID.encryptionKey,
      length: 24,
    });
    expect(out.toString('hex').toUpperCase()).toBe('8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3');
  });

  // Expected values from OpenSSL 3.0's own implementation: `openssl kdf -keylen N -kdfopt digest:SHA256
  // -kdfopt hexpass:<the BMP password> -kdfopt hexsalt:… -kdfopt iter:… -kdfopt id:… PKCS12KDF`.
  it('matches OpenSSL for a SHA-256 MAC key from a Chinese password', () => {
    const out = pkcs12Kdf({
      hash: 'sha256',
      password: bmpPassword('守密-test'),
      salt: hex('0102030405060708090a0b0c0d0e0f10'),
      iterations: 2048,
      id: PKCS12_KDF_ID.macKey,
      length: 32,
    });
    expect(out.toString('hex').toUpperCase()).toBe(
      '0A1BD9AEC84E8A15DFA856E73C808B2889EE36192744B06AF8FE26C3D9D5FB83',
    );
  });

  it('matches OpenSSL past one hash block (80 bytes: the carry through I)', () => {
    const out = pkcs12Kdf({
      hash: 'sha256',
      password: bmpPassword('守密-test'),
      salt: hex('05DEC959ACFF72F7'),
      iterations: 3,
      id: PKCS12_KDF_ID.encryptionKey,
      length: 80,
    });
    expect(out.toString('hex').toUpperCase()).toBe(
      'CA470AF0152D7E9BDE6DD8F1CACD1BBFF54A7B7A3CC8662CDE768D6F4AB5FD0693698CDC6646D6EF4A33B2E0C2927B81' +
        '283579B8D30457EA25A5447A4390D749E33751D66C0F691F1E3A471BCB3183D6',
    );
  });
});
