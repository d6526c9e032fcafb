// Certificate serial numbers from a CSPRNG, as CA/Browser Forum practice asks (at least 64 random bits):
// unpredictable serials keep a chosen-prefix collision from being prepared against a certificate we sign.
import { randomBytes } from 'node:crypto';

/** 16 random bytes as hex; the top bit is cleared (a DER INTEGER must be positive) and the next one set, so
 *  the encoding is never padded or shortened: 126 random bits. */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}
