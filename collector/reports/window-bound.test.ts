// Known answers: the instants below were read from the system's tz database with zdump
// (`zdump -v -c 2026,2027 America/New_York America/Santiago`), not from Intl, which the code uses:
//   America/New_York  Sun Mar  8 07:00:00 2026 UT = 03:00:00 EDT (02:00-02:59 skipped)
//   America/New_York  Sun Nov  1 06:00:00 2026 UT = 01:00:00 EST (01:00-01:59 repeated)
//   America/Santiago  Sun Sep  6 04:00:00 2026 UT = 01:00:00 -03 (midnight skipped: the day starts at 01:00)
// Asia/Shanghai has been UTC+8 without summer time since 1991.
import { describe, expect, it } from 'vitest';
import { parseWindowBound } from './window-bound';

const iso = (ms: number) => new Date(ms).toISOString();

describe('a report window bound', () => {
  it("reads a bare date as the start or the whole of that day in the machine's zone by default", () => {
    // new Date(y, m, d) is the machine's own local midnight (Date's reading, independent of Intl).
    expect(parseWindowBound('--from', '2026-11-01', 'start')).toBe(new Date(2026, 10, 1).getTime());
    expect(parseWindowBound('--to', '2026-11-30', 'end')).toBe(new Date(2026, 11, 1).getTime() - 1);
    expect(parseWindowBound('--from', '2026-11-01T08:30', 'start')).toBe(
      new Date(2026, 10, 1, 8, 30).getTime(),
    );
    expect(parseWindowBound('--to', '2026-11-01T08:30', 'end')).toBe(
      new Date(2026, 10, 1, 8, 30, 59, 999).getTime(),
    );
  });

  it('reads dates and times as wall times in --time-zone', () => {
    const bound = (text: string, edge: 'start' | 'end', zone: string) =>
      iso(parseWindowBound('--from', text, edge, zone));
    expect(bound('2026-11-01', 'start', 'Asia/Shanghai')).toBe('2026-10-31T16:00:00.000Z');
    expect(bound('2026-11-30', 'end', 'Asia/Shanghai')).toBe('2026-11-30T15:59:59.999Z');
    expect(bound('2026-11-01T08:30', 'start', 'Asia/Shanghai')).toBe('2026-11-01T00:30:00.000Z');
    expect(bound('2026-11-01 08:30:15', 'end', 'Asia/Shanghai')).toBe('2026-11-01T00:30:15.999Z');
    expect(bound('2026-01-15', 'start', 'UTC')).toBe('2026-01-15T00:00:00.000Z');
  });

  it('follows summer time in a US zone: a 23-hour day in March, a 25-hour day in November', () => {
    const bound = (text: string, edge: 'start' | 'end') =>
      iso(parseWindowBound('--to', text, edge, 'America/New_York'));
    // 8 March 2026: midnight EST (UTC-5) to midnight EDT (UTC-4).
    expect(bound('2026-03-08', 'start')).toBe('2026-03-08T05:00:00.000Z');
    expect(bound('2026-03-08', 'end')).toBe('2026-03-09T03:59:59.999Z');
    expect(bound('2026-03-08T03:00', 'start')).toBe('2026-03-08T07:00:00.000Z');
    expect(bound('2026-03-08T01:59', 'end')).toBe('2026-03-08T06:59:59.999Z');
    // 1 November 2026: midnight EDT to midnight EST.
    expect(bound('2026-11-01', 'start')).toBe('2026-11-01T04:00:00.000Z');
    expect(bound('2026-11-01', 'end')).toBe('2026-11-02T04:59:59.999Z');
    // 01:30 happens twice: a start takes the first (EDT), an end the second (EST).
    expect(bound('2026-11-01T01:30', 'start')).toBe('2026-11-01T05:30:00.000Z');
    expect(bound('2026-11-01T01:30', 'end')).toBe('2026-11-01T06:30:59.999Z');
    // Summer: July is UTC-4.
    expect(bound('2026-07-04T12:00', 'start')).toBe('2026-07-04T16:00:00.000Z');
  });

  it('starts a day whose midnight was skipped at the moment the clocks jumped', () => {
    expect(iso(parseWindowBound('--from', '2026-09-06', 'start', 'America/Santiago'))).toBe(
      '2026-09-06T04:00:00.000Z',
    );
    expect(iso(parseWindowBound('--to', '2026-09-05', 'end', 'America/Santiago'))).toBe(
      '2026-09-06T03:59:59.999Z',
    );
  });

  it('refuses a wall time the clocks skip, naming the zone', () => {
    expect(() => parseWindowBound('--from', '2026-03-08T02:30', 'start', 'America/New_York')).toThrow(
      '--from 2026-03-08T02:30: this wall time does not exist in America/New_York',
    );
  });

  it('reads an ISO time with a zone as it says, whatever --time-zone is', () => {
    expect(parseWindowBound('--from', '2026-11-01T00:00:00Z', 'start', 'Asia/Shanghai')).toBe(
      Date.UTC(2026, 10, 1),
    );
    expect(parseWindowBound('--from', '2026-11-01T08:00+08:00', 'start', 'America/New_York')).toBe(
      Date.UTC(2026, 10, 1),
    );
  });

  it('refuses what is not a time, naming the flag', () => {
    for (const bad of ['yesterday', '2026-02-30', '2026-13-01', '2026-11-01T25:00', '1.5e12', '']) {
      expect(() => parseWindowBound('--to', bad, 'end', 'Asia/Shanghai')).toThrow(
        `--to ${bad}: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM (a wall time in Asia/Shanghai)`,
      );
    }
  });

  it('refuses a time outside 2000–2199 UTC before the collector would, naming the flag', () => {
    for (const bad of ['2200-01-02', '9999-12-31T23:59', '1999-12-30', '2200-01-01T00:00:00Z']) {
      expect(() => parseWindowBound('--from', bad, 'start', 'UTC')).toThrow(
        `--from ${bad}: outside the times shoumi accepts (2000-01-01 to 2199-12-31 UTC)`,
      );
    }
    expect(parseWindowBound('--to', '2199-12-31', 'end', 'UTC')).toBe(7_258_118_399_999);
    expect(parseWindowBound('--from', '2000-01-01', 'start', 'UTC')).toBe(946_684_800_000);
  });
});
