import { describe, expect, it } from 'vitest';
import { countTargets, coverageOf } from './sweep-coverage';
import { newScheduleId, newSweepId } from './sweep-ids';

describe('sweep coverage', () => {
  it('counts targets by state and reads pending as offline, sent as waiting', () => {
    const counts = countTargets([
      { state: 'answered' },
      { state: 'answered' },
      { state: 'failed' },
      { state: 'pending' },
      { state: 'sent' },
      { state: 'sent' },
    ]);
    expect(counts).toEqual({ targets: 6, pending: 1, sent: 2, answered: 2, failed: 1 });
    expect(coverageOf(counts)).toEqual({
      targets: 6,
      answered: 2,
      failed: 1,
      offline: 1,
      waiting: 2,
      complete: false,
    });
  });

  it('is complete when every target answered or failed, and at once when there are none', () => {
    expect(coverageOf(countTargets([{ state: 'answered' }, { state: 'failed' }])).complete).toBe(true);
    expect(coverageOf(countTargets([])).complete).toBe(true);
    expect(coverageOf(countTargets([{ state: 'pending' }])).complete).toBe(false);
  });
});

describe('sweep ids', () => {
  it('sort by creation time and differ within one millisecond', () => {
    const earlier = newSweepId(Date.UTC(2026, 2, 14, 9, 30, 0, 123));
    const later = newSweepId(Date.UTC(2026, 2, 14, 9, 30, 0, 124));
    expect(earlier).toMatch(/^sw-20260314T093000\.123Z-[0-9a-f]{6}$/);
    expect([later, earlier].sort()).toEqual([earlier, later]);
    expect(newSweepId(0)).not.toBe(newSweepId(0));
    expect(newScheduleId(0)).toMatch(/^sch-19700101T000000\.000Z-[0-9a-f]{6}$/);
  });
});
