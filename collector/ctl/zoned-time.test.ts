import { describe, expect, it } from 'vitest';
import { zonedTime } from './zoned-time';

describe('a time with its zone', () => {
  it("reads the instant in the schedule's zone and says the offset", () => {
    // 2026-12-07T17:00:00Z is 01:00 the next day in Shanghai (UTC+8, no summer time).
    expect(zonedTime(Date.UTC(2026, 11, 7, 17, 0, 0), 'Asia/Shanghai')).toBe('2026-12-08 01:00:00 +08:00');
    expect(zonedTime(Date.UTC(2026, 11, 7, 17, 0, 0), 'UTC')).toBe('2026-12-07 17:00:00 +00:00');
    expect(zonedTime(Date.UTC(2026, 6, 1, 12, 0, 0), 'Europe/Berlin')).toBe('2026-07-01 14:00:00 +02:00');
  });
});
