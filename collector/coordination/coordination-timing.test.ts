// The coordination's timing rules: defaults, a lease that cannot presume a live collector gone, the
// bounded backoff and the jitter.
import { describe, expect, it } from 'vitest';
import {
  coordinationTiming,
  DEFAULT_COORDINATION_TIMING,
  jittered,
  reconnectDelay,
} from './coordination-timing';

describe('coordination timing', () => {
  it('defaults to 5 s heartbeats and a 15 s lease; the lease follows a heartbeat given alone', () => {
    expect(coordinationTiming()).toEqual(DEFAULT_COORDINATION_TIMING);
    expect(DEFAULT_COORDINATION_TIMING.leaseMs).toBe(15_000);
    const fast = coordinationTiming({ heartbeatMs: 100 });
    expect(fast.leaseMs).toBe(300);
    expect(fast.heartbeatTimeoutMs).toBe(100);
  });

  it('refuses a lease shorter than two heartbeats, and non-positive values', () => {
    expect(() => coordinationTiming({ heartbeatMs: 1000, leaseMs: 1500 })).toThrow(/at least two heartbeats/);
    expect(() => coordinationTiming({ leadRetryMs: 0 })).toThrow(/leadRetryMs must be a positive number/);
    expect(() => coordinationTiming({ reconnectMinMs: 5000, reconnectMaxMs: 1000 })).toThrow(
      /above reconnectMaxMs/,
    );
  });

  it('jitters ± a quarter', () => {
    expect(jittered(1000, () => 0)).toBe(750);
    expect(jittered(1000, () => 0.5)).toBe(1000);
    expect(jittered(1000, () => 0.999_999)).toBe(1250);
  });

  it('backs off by doubling from the minimum and never past the maximum, even jittered up', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => reconnectDelay(attempt, 250, 30_000, middle))).toEqual([
      250, 500, 1000, 2000, 4000, 8000, 16_000, 30_000,
    ]);
    expect(reconnectDelay(1000, 250, 30_000, () => 0.999_999)).toBe(30_000);
    expect(reconnectDelay(1000, 250, 30_000, () => 0)).toBe(22_500);
  });
});
