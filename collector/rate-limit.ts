// Token buckets by key (an identity, a source address): `take` says whether one more request may go now.
// Buckets of keys not seen for a while are forgotten, so memory stays bounded by the active keys.
export interface RateLimit {
  /** Requests allowed per second on average. */
  perSecond: number;
  /** Requests allowed at once after a quiet spell. */
  burst: number;
}

export interface RateLimiter {
  take(key: string, atMs?: number): boolean;
}

export function rateLimiter(limit: RateLimit, maxKeys = 100_000): RateLimiter {
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  return {
    take(key, atMs = Date.now()) {
      const bucket = buckets.get(key) ?? { tokens: limit.burst, atMs };
      const refilled = Math.min(limit.burst, bucket.tokens + ((atMs - bucket.atMs) / 1000) * limit.perSecond);
      const allowed = refilled >= 1;
      buckets.delete(key);
      // Re-inserted last: the Map's order is least recently used first, which is what we drop when full.
      buckets.set(key, { tokens: allowed ? refilled - 1 : refilled, atMs });
      if (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value as string);
      return allowed;
    },
  };
}

/**
 * A token bucket that never refuses: each call reserves the next token and says how long to wait for it.
 * For senders that must be slowed down rather than turned away (everything they sent still counts).
 */
export function pacer(limit: RateLimit): { reserve(atMs?: number): number } {
  let tokens = limit.burst;
  let lastMs: number | undefined;
  return {
    reserve(atMs = Date.now()) {
      tokens = Math.min(limit.burst, tokens + ((atMs - (lastMs ?? atMs)) / 1000) * limit.perSecond);
      lastMs = atMs;
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens / limit.perSecond) * 1000);
    },
  };
}
