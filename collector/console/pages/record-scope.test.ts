import { describe, expect, it } from 'vitest';
import { localInputValue, parseRecordQuery, recordQueryString } from './record-scope';

const SHANGHAI = 'Asia/Shanghai';
const parse = (query: string, zone = SHANGHAI) => parseRecordQuery(new URLSearchParams(query), zone);

describe('the record a console URL names', () => {
  it('reads a window of datetime-local values as wall times in the unit zone, the end minute included', () => {
    expect(parse('from=2026-12-01T00:00&to=2026-12-07T15:04&inspector=%E7%8E%8B%E4%BA%94')).toEqual({
      ok: true,
      query: {
        kind: 'window',
        from: '2026-12-01T00:00',
        to: '2026-12-07T15:04',
        // 00:00 in Beijing is 16:00 UTC the day before; 15:04 is 07:04 UTC, up to its last millisecond.
        fromMs: Date.UTC(2026, 10, 30, 16, 0, 0),
        toMs: Date.UTC(2026, 11, 7, 7, 4, 59, 999),
        inspector: '王五',
      },
    });
  });

  it('takes a bare date as the end to mean that whole day, and seconds as given', () => {
    const bare = parse('from=2026-12-07&to=2026-12-07');
    expect(bare.ok && bare.query.kind === 'window' && [bare.query.fromMs, bare.query.toMs]).toEqual([
      Date.UTC(2026, 11, 6, 16, 0, 0),
      Date.UTC(2026, 11, 7, 15, 59, 59, 999),
    ]);
    const seconds = parse('from=2026-12-07T08:00:05&to=2026-12-07T08:00:09', 'UTC');
    expect(
      seconds.ok && seconds.query.kind === 'window' && [seconds.query.fromMs, seconds.query.toMs],
    ).toEqual([Date.UTC(2026, 11, 7, 8, 0, 5), Date.UTC(2026, 11, 7, 8, 0, 9)]);
  });

  it('names a sweep, the inspector optional', () => {
    expect(parse('sweep=sw-1')).toEqual({
      ok: true,
      query: { kind: 'sweep', sweepId: 'sw-1', inspector: '' },
    });
  });

  it('refuses an end before the start, naming both values back for the form', () => {
    expect(parse('from=2026-12-07T10:00&to=2026-12-07T09:59')).toEqual({
      ok: false,
      problem: 'reversed',
      from: '2026-12-07T10:00',
      to: '2026-12-07T09:59',
      sweepId: '',
      inspector: '',
    });
  });

  it('refuses dates and times that do not exist instead of reading another instant', () => {
    expect(parse('from=2026-02-31T08:00&to=2026-03-01T08:00')).toMatchObject({
      ok: false,
      problem: 'bad-from',
    });
    expect(parse('from=2026-02-01T08:00&to=2026-02-01T25:00')).toMatchObject({
      ok: false,
      problem: 'bad-to',
    });
    expect(parse('from=yesterday&to=2026-02-01')).toMatchObject({ ok: false, problem: 'bad-from' });
    // New York skips 02:00–03:00 on 8 March 2026.
    expect(parse('from=2026-03-08T02:30&to=2026-03-09T00:00', 'America/New_York')).toMatchObject({
      ok: false,
      problem: 'bad-from',
    });
  });

  it('refuses a URL naming nothing, one end only, or both a sweep and a window', () => {
    expect(parse('')).toMatchObject({ ok: false, problem: 'no-scope' });
    expect(parse('inspector=x')).toMatchObject({ ok: false, problem: 'no-scope' });
    expect(parse('from=2026-12-01T00:00')).toMatchObject({ ok: false, problem: 'bad-to' });
    expect(parse('sweep=sw-1&from=2026-12-01T00:00&to=2026-12-02T00:00')).toMatchObject({
      ok: false,
      problem: 'both',
    });
  });
});

describe('links and form values', () => {
  it('writes the same parameters back, the inspector only when given', () => {
    expect(recordQueryString({ kind: 'sweep', sweepId: 'sw 1', inspector: '' })).toBe('sweep=sw+1');
    expect(
      recordQueryString({
        kind: 'window',
        from: '2026-12-01T00:00',
        to: '2026-12-07T15:04',
        fromMs: 0,
        toMs: 0,
        inspector: '王五',
      }),
    ).toBe('from=2026-12-01T00%3A00&to=2026-12-07T15%3A04&inspector=%E7%8E%8B%E4%BA%94');
  });

  it('shows an instant as a datetime-local value in the zone, to the minute', () => {
    expect(localInputValue(Date.UTC(2026, 11, 7, 7, 4, 30), SHANGHAI)).toBe('2026-12-07T15:04');
    expect(localInputValue(Date.UTC(2026, 11, 31, 16, 0, 0), SHANGHAI)).toBe('2027-01-01T00:00');
  });
});
