// One-time enrolment tokens: what a token is, how it is hashed, and the rules for making them. Pure apart
// from the random bytes, so the admin API and `shoumi-collector token create` share one set of rules.
//
// A token is 32 random bytes, base64url (43 characters): shown once to whoever makes it. The store keeps
// only its SHA-256 (hex), so reading the database does not let anyone enrol; 256 bits of entropy make a
// plain hash enough (there is nothing to brute-force, unlike a password).
import { createHash, randomBytes } from 'node:crypto';
import type { NewEnrolmentToken } from '../store/store';
import { isDeviceId } from './identity-names';

/** Longer input is refused before it is hashed: a real token is 43 characters. */
export const MAX_TOKEN_LENGTH = 100;
export const MAX_TOKENS_PER_REQUEST = 1000;
export const MIN_TOKEN_TTL_MS = 60_000;
export const MAX_TOKEN_TTL_MS = 30 * 24 * 3_600_000;
export const DEFAULT_TOKEN_TTL_MS = 24 * 3_600_000;

export function newEnrolmentToken(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 of the token's UTF-8 bytes, lowercase hex: the only form the store ever sees. */
export function enrolmentTokenSha256(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface TokenRequest {
  count: number;
  ttlMs: number;
  /** Bind to this device (re-enrolment); undefined or "": any device without a valid certificate. */
  deviceId?: string;
}

/** A token as given to its maker, once: the secret with the facts stored about it. */
export interface MadeToken {
  token: string;
  expiresAtMs: number;
  deviceId: string | null;
}

/** The request is outside the rules; the message names the field. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
}

/** Checks a request and makes its tokens: the secrets for the maker and the hashes for the store. */
export function makeEnrolmentTokens(
  request: TokenRequest,
  nowMs: number,
): { made: MadeToken[]; stored: NewEnrolmentToken[] } {
  const { count, ttlMs } = request;
  const deviceId = request.deviceId ? request.deviceId : null;
  if (!Number.isInteger(count) || count < 1 || count > MAX_TOKENS_PER_REQUEST) {
    throw new TokenRequestError(`count ${count}: expected 1..${MAX_TOKENS_PER_REQUEST}`);
  }
  if (!Number.isFinite(ttlMs) || ttlMs < MIN_TOKEN_TTL_MS || ttlMs > MAX_TOKEN_TTL_MS) {
    throw new TokenRequestError(`ttl ${Math.round(ttlMs / 1000)} s: expected 60 s .. 30 days`);
  }
  if (deviceId !== null && !isDeviceId(deviceId)) {
    throw new TokenRequestError(`device id "${deviceId.slice(0, 64)}" is not a valid device id`);
  }
  if (deviceId !== null && count !== 1) {
    throw new TokenRequestError(`count ${count}: a token bound to a device is made one at a time`);
  }
  const expiresAtMs = nowMs + ttlMs;
  const made = Array.from({ length: count }, () => ({ token: newEnrolmentToken(), expiresAtMs, deviceId }));
  const stored = made.map((token) => ({ sha256: enrolmentTokenSha256(token.token), deviceId, expiresAtMs }));
  return { made, stored };
}
