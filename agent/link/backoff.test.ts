import { describe, expect, it } from 'vitest';
import { fullJitterBackoff } from './backoff';

describe('fullJitterBackoff', () => {
  it('grows its ceiling exponentially up to the cap and starts over after reset', () => {
    const ceilings = (() => {
      const backoff = fullJitterBackoff({ baseMs: 100, capMs: 1000, random: () => 1 });
      return Array.from({ length: 6 }, () => backoff.next());
    })();
    expect(ceilings).toEqual([100, 200, 400, 800, 1000, 1000]);
    const backoff = fullJitterBackoff({ baseMs: 100, capMs: 1000, random: () => 1 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('spreads delays between zero and the ceiling', () => {
    const backoff = fullJitterBackoff({ baseMs: 1000, capMs: 1000 });
    const delays = Array.from({ length: 200 }, () => backoff.next());
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    expect(new Set(delays).size).toBeGreaterThan(50);
  });
});
