// Sealing a cluster file under the operator key: AES-256-GCM with a key derived for this purpose alone
// (HKDF-SHA256, info "shoumi cluster files v1"), a random 96-bit nonce per sealing, and the file's name as
// associated data, so a sealed CA key cannot be passed off as the policy. Layout of a sealed value:
//   1 byte format (1) | 12 bytes nonce | ciphertext | 16 bytes tag
// A key check (an HMAC of a fixed text under a second derived key) lets a collector started with the wrong
// key say so, instead of failing on the first file it opens.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const FORMAT = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class SealedBoxError extends Error {
  override readonly name = 'SealedBoxError';
}

function derive(operatorKey: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', operatorKey, Buffer.alloc(0), info, 32));
}

const associatedData = (name: string) => Buffer.from(`shoumi-cluster-file\u0000${name}`, 'utf8');

export function sealClusterFile(
  operatorKey: Buffer,
  name: string,
  plaintext: Buffer,
  nonce = randomBytes(NONCE_BYTES),
): Buffer {
  const cipher = createCipheriv('aes-256-gcm', derive(operatorKey, 'shoumi cluster files v1'), nonce);
  cipher.setAAD(associatedData(name));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([FORMAT]), nonce, ciphertext, cipher.getAuthTag()]);
}

export function openClusterFile(operatorKey: Buffer, name: string, sealed: Buffer): Buffer {
  if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== FORMAT) {
    throw new SealedBoxError(
      `cluster file ${name}: not a sealed value this collector knows (format ${sealed[0]})`,
    );
  }
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', derive(operatorKey, 'shoumi cluster files v1'), nonce);
  decipher.setAAD(associatedData(name));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(1 + NONCE_BYTES, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new SealedBoxError(
      `cluster file ${name} cannot be opened with this operator key: the key is wrong or the value was altered`,
    );
  }
}

/** What the database keeps to recognise the operator key (not the key, nor anything that opens a file). */
export function operatorKeyCheck(operatorKey: Buffer): string {
  return createHmac('sha256', derive(operatorKey, 'shoumi operator key check v1'))
    .update('shoumi operator key check')
    .digest('hex');
}

export function operatorKeyMatches(operatorKey: Buffer, storedCheck: string): boolean {
  const mine = Buffer.from(operatorKeyCheck(operatorKey), 'hex');
  const stored = Buffer.from(storedCheck, 'hex');
  return mine.length === stored.length && timingSafeEqual(mine, stored);
}
