import { describe, expect, it } from 'vitest';
import { addDays, dayIn, nextDayStartMs } from './zone-days';

describe('days in a time zone', () => {
  it('puts 2026-12-07T16:00Z on the 8th in Shanghai and on the 7th in UTC', () => {
    const ms = Date.parse('2026-12-07T16:00:00Z');
    expect(dayIn(ms, 'Asia/Shanghai')).toBe('2026-12-08');
    expect(dayIn(ms - 1, 'Asia/Shanghai')).toBe('2026-12-07');
    expect(dayIn(ms, 'UTC')).toBe('2026-12-07');
  });

  it('counts calendar days across month and year ends and a leap day', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-12-07', -29)).toBe('2026-11-08');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(() => addDays('2026-12-7', 1)).toThrow(/YYYY-MM-DD/);
  });

  it("finds the next day's start: Shanghai midnight is 16:00 UTC the day before", () => {
    expect(nextDayStartMs(Date.parse('2026-12-07T03:00:00Z'), 'Asia/Shanghai')).toBe(
      Date.parse('2026-12-07T16:00:00Z'),
    );
    expect(nextDayStartMs(Date.parse('2026-12-07T16:00:00Z'), 'Asia/Shanghai')).toBe(
      Date.parse('2026-12-08T16:00:00Z'),
    );
    expect(nextDayStartMs(Date.parse('2026-12-07T23:59:59Z'), 'UTC')).toBe(
      Date.parse('2026-12-08T00:00:00Z'),
    );
  });
});
