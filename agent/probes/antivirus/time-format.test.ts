import { describe, expect, it } from 'vitest';
import { parseProductTime } from './time-format';

describe('times a product writes', () => {
  it('reads unix seconds and milliseconds, as numbers or text', () => {
    // Huorong's documented example newdbtime: 1655022284 = 2022-06-12T08:24:44Z.
    expect(parseProductTime(1655022284, 'epoch-seconds')).toBe(Date.UTC(2022, 5, 12, 8, 24, 44));
    expect(parseProductTime(' 1655022284\n', 'epoch-seconds')).toBe(Date.UTC(2022, 5, 12, 8, 24, 44));
    expect(parseProductTime(1655022284123n, 'epoch-milliseconds')).toBe(
      Date.UTC(2022, 5, 12, 8, 24, 44, 123),
    );
  });

  it('reads ISO 8601 with a zone as that instant, without one in the machine zone', () => {
    expect(parseProductTime('2026-11-28T10:00:00+08:00', 'iso-8601')).toBe(Date.UTC(2026, 10, 28, 2, 0));
    expect(parseProductTime('2026-11-28T02:00:00Z', 'iso-8601')).toBe(Date.UTC(2026, 10, 28, 2, 0));
    expect(parseProductTime('2026-11-28 10:00:00', 'iso-8601')).toBe(new Date(2026, 10, 28, 10, 0).getTime());
    expect(parseProductTime('2026-11-28', 'iso-8601')).toBe(new Date(2026, 10, 28).getTime());
  });

  it('reads compact dates in the machine zone', () => {
    expect(parseProductTime('20261128', 'yyyymmdd')).toBe(new Date(2026, 10, 28).getTime());
    expect(parseProductTime('202611281530', 'yyyymmddhhmm')).toBe(new Date(2026, 10, 28, 15, 30).getTime());
  });

  it('gives null for what is not a valid time in the format, never some other date', () => {
    expect(parseProductTime('20261328', 'yyyymmdd')).toBeNull();
    expect(parseProductTime('20260230', 'yyyymmdd')).toBeNull();
    expect(parseProductTime('2026-02-30T00:00:00Z', 'iso-8601')).toBeNull();
    expect(parseProductTime('1655022284', 'iso-8601')).toBeNull();
    expect(parseProductTime('v2.0.6.1', 'epoch-seconds')).toBeNull();
    expect(parseProductTime('0', 'epoch-seconds')).toBeNull();
    expect(parseProductTime('2026112815', 'yyyymmddhhmm')).toBeNull();
  });
});
