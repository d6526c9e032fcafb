// The range every admin time bound must fall in, at its edges, written out by hand: 2000-01-01T00:00:00Z is
// 946684800000 ms, 2200-01-01T00:00:00Z is 7258118400000 ms (date -u -d … +%s, times 1000).
import { describe, expect, it } from 'vitest';
import { timeBoundProblem } from './time-bound';

describe('a time bound in an admin request', () => {
  it.each([
    946_684_800_000, // 2000-01-01T00:00:00.000Z, the first accepted
    1_795_000_000_000, // 2026-11-18
    7_258_118_399_999, // 2199-12-31T23:59:59.999Z, the last accepted
  ])('accepts %d', (ms) => {
    expect(timeBoundProblem('from_ms', ms)).toBeUndefined();
  });

  it.each([
    946_684_799_999, // 1999-12-31T23:59:59.999Z
    7_258_118_400_000, // 2200-01-01T00:00:00.000Z
    8_640_000_000_000_001, // one past the last instant JavaScript's Date can hold (year 275760)
    2 ** 63, // int64's largest (2^63 − 1) as proto-loader hands it over: a Number, which rounds to 2^63
    Number.MAX_SAFE_INTEGER,
    1_795_000_000_000.5,
    Number.NaN,
    1,
  ])('refuses %d, naming the field', (ms) => {
    expect(timeBoundProblem('to_ms', ms)).toMatch(
      /^to_ms .* is outside the times shoumi accepts \(2000-01-01 to 2199-12-31 UTC/,
    );
  });
});
