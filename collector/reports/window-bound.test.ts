import { describe, expect, it } from 'vitest';
import { parseWindowBound } from './window-bound';

describe('a report window bound', () => {
  it('reads a bare date as the start or the whole of that local day', () => {
    expect(parseWindowBound('--from', '2026-11-01', 'start')).toBe(new Date(2026, 10, 1).getTime());
    expect(parseWindowBound('--to', '2026-11-30', 'end')).toBe(new Date(2026, 11, 1).getTime() - 1);
  });

  it('reads a local date and time, and an ISO time with a zone', () => {
    expect(parseWindowBound('--from', '2026-11-01T08:30', 'start')).toBe(
      new Date(2026, 10, 1, 8, 30).getTime(),
    );
    expect(parseWindowBound('--to', '2026-11-01T08:30', 'end')).toBe(
      new Date(2026, 10, 1, 8, 30, 59, 999).getTime(),
    );
    expect(parseWindowBound('--from', '2026-11-01T00:00:00Z', 'start')).toBe(Date.UTC(2026, 10, 1));
    expect(parseWindowBound('--from', '2026-11-01T08:00+08:00', 'start')).toBe(Date.UTC(2026, 10, 1));
  });

  it('refuses what is not a time, naming the flag', () => {
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', '2026-11-01T25:00', '1.5e12', '']) {
      expect(() => parseWindowBound('--to', bad, 'end')).toThrow(`--to ${bad}: expected YYYY-MM-DD`);
    }
  });
});
