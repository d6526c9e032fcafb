import { describe, expect, it } from 'vitest';
import { missedFire, nextFireMs, parseSchedule, previousFireMs } from './schedule-timing';

const at = (iso: string) => new Date(iso).getTime();

describe('schedule timing', () => {
  it('reads five fields in the given zone, and six with seconds first', () => {
    const monday = parseSchedule('0 9 * * 1', 'Asia/Shanghai');
    if (!monday.ok) throw new Error(monday.problem);
    // Monday 2026-03-16 09:00 in Shanghai is 01:00 UTC.
    expect(nextFireMs(monday.cron, at('2026-03-14T00:00:00Z'))).toBe(at('2026-03-16T01:00:00Z'));
    const everyTwo = parseSchedule('*/2 * * * * *', '');
    if (!everyTwo.ok) throw new Error(everyTwo.problem);
    expect(nextFireMs(everyTwo.cron, at('2026-03-14T00:00:01Z'))).toBe(at('2026-03-14T00:00:02Z'));
    expect(previousFireMs(everyTwo.cron, at('2026-03-14T00:00:03.5Z'))).toBe(at('2026-03-14T00:00:02Z'));
    // A run started on the very millisecond of its instant is that instant's, not the one before.
    expect(previousFireMs(everyTwo.cron, at('2026-03-14T00:00:02Z'))).toBe(at('2026-03-14T00:00:02Z'));
  });

  it('names what is wrong with an expression or a zone', () => {
    expect(parseSchedule('', '')).toMatchObject({ ok: false, problem: expect.stringContaining('5 fields') });
    expect(parseSchedule('* * *', '')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('5 fields'),
    });
    expect(parseSchedule('61 * * * *', '')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('cron "61 * * * *"'),
    });
    expect(parseSchedule('0 9 * * 1', 'Mars/Olympus')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('timezone "Mars/Olympus"'),
    });
  });

  it('catches up once when a scheduled time passed after the last fire (or creation), never otherwise', () => {
    // Daily at 09:00; last fired yesterday 09:00; the collector was down over today's 09:00.
    expect(
      missedFire({
        previousScheduledMs: at('2026-03-14T09:00:00Z'),
        lastFiredMs: at('2026-03-13T09:00:00.020Z'),
        createdAtMs: at('2026-03-01T00:00:00Z'),
      }),
    ).toBe(true);
    // Fired at today's time already (a few ms after it): nothing missed.
    expect(
      missedFire({
        previousScheduledMs: at('2026-03-14T09:00:00Z'),
        lastFiredMs: at('2026-03-14T09:00:00.020Z'),
        createdAtMs: at('2026-03-01T00:00:00Z'),
      }),
    ).toBe(false);
    // Never fired, created after the last scheduled time: nothing missed yet.
    expect(
      missedFire({
        previousScheduledMs: at('2026-03-14T09:00:00Z'),
        lastFiredMs: 0,
        createdAtMs: at('2026-03-14T10:00:00Z'),
      }),
    ).toBe(false);
    // Never fired, and a scheduled time passed since creation.
    expect(
      missedFire({
        previousScheduledMs: at('2026-03-14T09:00:00Z'),
        lastFiredMs: 0,
        createdAtMs: at('2026-03-13T10:00:00Z'),
      }),
    ).toBe(true);
    // No scheduled time in the past at all.
    expect(missedFire({ previousScheduledMs: 0, lastFiredMs: 0, createdAtMs: 1 })).toBe(false);
  });
});
