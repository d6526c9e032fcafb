// Calendar days in a time zone, as "YYYY-MM-DD": which day an instant falls on, and when the next one
// begins. One home for the day arithmetic of the compliance trend (its rows are days of the collector's zone).
import { consoleDay, parseLocalDateTime } from './console/console-time';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The day `ms` falls on in `timeZone`. */
export function dayIn(ms: number, timeZone: string): string {
  return consoleDay(ms, timeZone);
}

/** The calendar day `days` after `day` (negative: before); calendar arithmetic, no zone involved. */
export function addDays(day: string, days: number): string {
  const match = DAY.exec(day);
  if (!match) throw new Error(`"${day}" is not YYYY-MM-DD`);
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + days * DAY_MS;
  return new Date(utc).toISOString().slice(0, 10);
}

/** The instant the day after the one `ms` falls on begins, in `timeZone`. */
export function nextDayStartMs(ms: number, timeZone: string): number {
  const start = parseLocalDateTime(addDays(dayIn(ms, timeZone), 1), timeZone);
  if (start === null) throw new Error(`cannot find the next day's start in ${timeZone}`);
  return start;
}
