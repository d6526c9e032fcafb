// When a sweep schedule fires, as pure decisions over croner: whether an expression and time zone are
// usable, the next fire, and whether a fire was missed while the collector was down.
//
// Missed fires: at start-up a schedule runs once at once if a scheduled time passed after its last fire (or,
// never fired, after its creation) — however many were missed, one sweep stands for them all; a backlog of
// identical sweeps would only tell the office the same thing several times.
import { Cron } from 'croner';

export type ParsedSchedule = { ok: true; cron: Cron } | { ok: false; problem: string };

/** A paused croner job for computing times; it never runs anything. */
export function parseSchedule(expression: string, timezone: string): ParsedSchedule {
  const fields = expression.trim().split(/\s+/).length;
  if (expression.trim() === '' || fields < 5 || fields > 6) {
    return {
      ok: false,
      problem: `cron "${expression}": expected 5 fields (minute hour day month weekday) or 6 (seconds first)`,
    };
  }
  if (timezone !== '') {
    try {
      new Intl.DateTimeFormat('en', { timeZone: timezone });
    } catch {
      return { ok: false, problem: `timezone "${timezone}": not an IANA time zone (e.g. Asia/Shanghai)` };
    }
  }
  try {
    const cron = new Cron(expression, { paused: true, ...(timezone ? { timezone } : {}) });
    if (cron.nextRun() === null) return { ok: false, problem: `cron "${expression}": never fires` };
    return { ok: true, cron };
  } catch (error) {
    return { ok: false, problem: `cron "${expression}": ${(error as Error).message}` };
  }
}

/** The first scheduled time after `afterMs`, or 0 when there is none. */
export function nextFireMs(cron: Cron, afterMs: number): number {
  return cron.nextRun(new Date(afterMs))?.getTime() ?? 0;
}

/** The latest scheduled time at or before `nowMs`, or 0 when there is none. */
export function previousFireMs(cron: Cron, nowMs: number): number {
  // croner's previousRuns is strictly before its reference: a job it runs on the very millisecond of its
  // instant would be taken for the instant before (claimed already), and this instant never fired.
  return cron.previousRuns(1, new Date(nowMs + 1))[0]?.getTime() ?? 0;
}

/** True when a scheduled time passed after the schedule last fired (or was created) and before now. */
export function missedFire(schedule: {
  previousScheduledMs: number;
  lastFiredMs: number;
  createdAtMs: number;
}): boolean {
  const since = Math.max(schedule.lastFiredMs, schedule.createdAtMs);
  return schedule.previousScheduledMs > since;
}
