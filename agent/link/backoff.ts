// Reconnect delays with "full jitter" (AWS architecture blog, 2015): a random delay between zero and an
// exponentially growing cap, so that a thousand agents cut off by one collector restart do not all come
// back in the same second.
export interface Backoff {
  /** Milliseconds to wait before the next attempt; grows with each failure. */
  next(): number;
  /** Call once a connection has proven healthy. */
  reset(): void;
}

export function fullJitterBackoff(
  options: { baseMs?: number; capMs?: number; random?: () => number } = {},
): Backoff {
  const base = options.baseMs ?? 250;
  const cap = options.capMs ?? 30_000;
  const random = options.random ?? Math.random;
  let attempt = 0;
  return {
    next() {
      const ceiling = Math.min(cap, base * 2 ** attempt);
      attempt = Math.min(attempt + 1, 30);
      return Math.round(random() * ceiling);
    },
    reset() {
      attempt = 0;
    },
  };
}
