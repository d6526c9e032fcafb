// The key derivation of PKCS#12 itself (RFC 7292 appendix B.2), which the file's integrity MAC still uses:
// PBKDF2 replaced it for encryption (PBES2), but the classic HMAC MAC over the contents is keyed by it, and
// every importer (OpenSSL, NSS, Windows) checks that MAC before it trusts anything in the file.
import { createHash } from 'node:crypto';

/** Why the bytes are being derived: the ID byte of B.3. Only the MAC key is derived here. */
export const PKCS12_KDF_ID = { encryptionKey: 1, iv: 2, macKey: 3 } as const;

/** The password as B.1 wants it: BMPString (UTF-16 big-endian) with a two-byte terminating zero. */
export function bmpPassword(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
}

/** `v`-byte blocks of `bytes` repeated to a whole number of blocks (empty stays empty). */
function stretch(bytes: Buffer, v: number): Buffer {
  if (bytes.length === 0) return Buffer.alloc(0);
  const size = v * Math.ceil(bytes.length / v);
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = bytes[i % bytes.length]!;
  return out;
}

/**
 * `length` bytes derived from `password` (already in BMPString form: bmpPassword) and `salt`, for `id`.
 * `hash`: sha1 or sha256 (v = 64-byte blocks for both).
 */
export function pkcs12Kdf(options: {
  hash: 'sha1' | 'sha256';
  password: Buffer;
  salt: Buffer;
  iterations: number;
  id: number;
  length: number;
}): Buffer {
  const { hash, iterations, length } = options;
  const v = 64;
  const d = Buffer.alloc(v, options.id);
  const input = Buffer.concat([stretch(options.salt, v), stretch(options.password, v)]);
  const blocks: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let a = createHash(hash).update(d).update(input).digest();
    for (let round = 1; round < iterations; round++) a = createHash(hash).update(a).digest();
    blocks.push(a);
    produced += a.length;
    if (produced >= length) break;
    // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block of I, B being A repeated to v bytes.
    const b = stretch(a, v);
    for (let start = 0; start < input.length; start += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = input[start + k]! + b[k]! + carry;
        input[start + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, length);
}
