import { describe, expect, it } from 'vitest';
import { pacer, rateLimiter } from './rate-limit';

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

describe('pacer', () => {
  it('lets the burst go at once, then spaces the rest at the rate', () => {
    const paced = pacer({ perSecond: 10, burst: 2 });
    const at = 5_000;
    expect([1, 2, 3, 4].map(() => paced.reserve(at))).toEqual([0, 0, 100, 200]);
    // Half a second later the debt of two tokens is repaid and three more have accrued, capped at the burst.
    expect(paced.reserve(at + 500)).toBe(0);
  });
});
