import { describe, expect, it } from 'vitest';
import { consoleDay, consoleTime, parseLocalDateTime } from './console-time';

// 2026-12-07 17:30:00 UTC is 2026-12-08 01:30:00 in Beijing: the day changes with the zone.
const INSTANT = Date.UTC(2026, 11, 7, 17, 30, 0);

describe('console times, in the unit’s zone', () => {
  it('shows an instant with its offset, and the day it falls on there', () => {
    expect(consoleTime(INSTANT, 'Asia/Shanghai')).toBe('2026-12-08 01:30:00 +08:00');
    expect(consoleTime(INSTANT, 'UTC')).toBe('2026-12-07 17:30:00 +00:00');
    expect(consoleDay(INSTANT, 'Asia/Shanghai')).toBe('2026-12-08');
    expect(consoleTime(0, 'Asia/Shanghai')).toBe('');
  });

  it('reads a datetime-local value as wall time in the zone', () => {
    expect(parseLocalDateTime('2026-12-08T01:30', 'Asia/Shanghai')).toBe(INSTANT);
    expect(parseLocalDateTime('2026-12-07 17:30:00', 'UTC')).toBe(INSTANT);
    expect(parseLocalDateTime('2026-12-08', 'Asia/Shanghai')).toBe(Date.UTC(2026, 11, 7, 16, 0, 0));
    expect(parseLocalDateTime('yesterday', 'Asia/Shanghai')).toBeNull();
  });
});
