// Opaque keyset cursors: base64url JSON of the last row's key plus the listing it belongs to, so a token
// from one kind of listing cannot silently page through another.
import { InvalidStoreInputError } from './store-errors';

export type PageKey = Array<string | number>;

export function encodePageToken(listing: string, key: PageKey): string {
  return Buffer.from(JSON.stringify({ l: listing, k: key }), 'utf8').toString('base64url');
}

/** The key after which the next page starts, or an error naming what was wrong with the token. */
export function decodePageToken(
  listing: string,
  token: string,
  keyShape: ReadonlyArray<'string' | 'number'>,
): PageKey | InvalidStoreInputError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return new InvalidStoreInputError('page token is not one this store issued (not base64url JSON)');
  }
  const candidate = parsed as { l?: unknown; k?: unknown } | null;
  if (candidate === null || typeof candidate !== 'object' || candidate.l !== listing) {
    return new InvalidStoreInputError(`page token does not belong to the ${listing} listing`);
  }
  const key = candidate.k;
  if (
    !Array.isArray(key) ||
    key.length !== keyShape.length ||
    key.some((part, index) => typeof part !== keyShape[index])
  ) {
    return new InvalidStoreInputError(`page token for the ${listing} listing has a malformed key`);
  }
  return key as PageKey;
}

/** Page sizes are clamped rather than refused: a client asking for 0 or a million gets 1 or the cap. */
export function clampPageLimit(limit: number, cap = 1000): number {
  if (!Number.isFinite(limit)) return cap;
  return Math.min(cap, Math.max(1, Math.floor(limit)));
}
