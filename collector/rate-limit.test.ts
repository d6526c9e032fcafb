import { describe, expect, it } from 'vitest';
import { rateLimiter } from './rate-limit';

describe('rateLimiter', () => {
  it('allows the burst at once, then the rate, per key', () => {
    const limiter = rateLimiter({ perSecond: 2, burst: 3 });
    const at = 1_000_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a', at))).toEqual([true, true, true, false]);
    expect(limiter.take('b', at)).toBe(true);
    expect(limiter.take('a', at + 499)).toBe(false);
    expect(limiter.take('a', at + 500)).toBe(true);
    expect(limiter.take('a', at + 10_000)).toBe(true);
  });

  it('forgets the least recently used key beyond its bound', () => {
    const limiter = rateLimiter({ perSecond: 0, burst: 1 }, 2);
    expect(limiter.take('a', 0)).toBe(true);
    expect(limiter.take('b', 0)).toBe(true);
    expect(limiter.take('c', 0)).toBe(true);
    // "a" was dropped to make room, so it starts again with a full bucket; "c" was not.
    expect(limiter.take('a', 0)).toBe(true);
    expect(limiter.take('c', 0)).toBe(false);
  });
});
