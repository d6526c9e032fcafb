// One end of a report's time window as the admin types it: a date (YYYY-MM-DD), a date and time
// (YYYY-MM-DDTHH:MM[:SS]), or an ISO time with a zone (…Z, …+08:00). A date or date-time without a zone is a
// wall time in the report's time zone (--time-zone; the machine's own when not given), read with the IANA
// rules Intl carries, so a window typed in Beijing means Beijing days whatever zone the machine is in.
//
// A bare date as the start is the first instant of that day; as the end, the last instant of it, so
// "--from 2026-11-01 --to 2026-11-30" covers all of November. Days are found by their first instants, not by
// adding 24 hours: a day with a DST change lasts 23 or 25 hours, and where clocks jump at midnight (America/
// Santiago in September) the day starts at 01:00. A wall time that does not exist (in the hour the clocks
// skip) is refused; one that exists twice (in the hour repeated when clocks go back) is read as its earlier
// instant for a start and its later one for an end, so the window holds every instant the admin could mean.
import { timeBoundProblem } from '../admin/time-bound';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The zone a report is read and shown in: the one given, or this machine's. */
export const reportTimeZone = (zone?: string) => zone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall time in `zone` at the instant `ms` (whole seconds). */
function wallTimeAt(ms: number, zone: string): WallTime {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  const parts = Object.fromEntries(
    formatter.formatToParts(ms).map((part) => [part.type, Number(part.value)]),
  ) as Record<string, number>;
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

const asUtc = (wall: WallTime) =>
  Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);

/**
 * Every instant at which `zone` shows this wall time, earliest first: none in a skipped hour, two in a
 * repeated one. A zone's offset from UTC is within ±26 hours and changes at most once in any two days here,
 * so the offsets in force a day either side of the wall time read as UTC are the only candidates.
 */
export function instantsOfWallTime(wall: WallTime, zone: string): number[] {
  const naive = asUtc(wall);
  const offsets = new Set<number>();
  for (const probe of [naive - 86_400_000, naive, naive + 86_400_000])
    offsets.add(asUtc(wallTimeAt(probe, zone)) - probe);
  const instants = new Set<number>();
  for (const offset of offsets) {
    const candidate = naive - offset;
    if (asUtc(wallTimeAt(candidate, zone)) === naive) instants.add(candidate);
  }
  return [...instants].sort((a, b) => a - b);
}

/** The first instant of a date in `zone`: midnight, or the moment the clocks jumped to when midnight was skipped. */
function startOfDay(year: number, month: number, day: number, zone: string): number {
  for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
    const wall = { year, month, day, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 };
    const [first] = instantsOfWallTime(wall, zone);
    if (first === undefined) continue;
    if (minutes === 0) return first;
    // The clocks jumped into this quarter hour: the day began at the jump, the last skipped instant + 1.
    let low = first - 15 * 60_000;
    let high = first;
    while (high - low > 1000) {
      const middle = low + Math.floor((high - low) / 2000) * 1000;
      const shown = wallTimeAt(middle, zone);
      if (shown.year === year && shown.month === month && shown.day === day) high = middle;
      else low = middle;
    }
    return high;
  }
  throw new Error(`${year}-${month}-${day} has no instant in ${zone}`);
}

export function parseWindowBound(
  flag: string,
  text: string,
  edge: 'start' | 'end',
  timeZone?: string,
): number {
  const zone = reportTimeZone(timeZone);
  const problem = (why = '') =>
    new Error(
      `${flag} ${text}: ${why || `expected YYYY-MM-DD, YYYY-MM-DDTHH:MM (a wall time in ${zone}) or an ISO time with a zone`}`,
    );
  if (ZONED_TIME.test(text)) return check(Date.parse(text), problem);
  const date = DATE.exec(text);
  const local = LOCAL_TIME.exec(text);
  const fields = (date ?? local)?.slice(1).map((field) => (field === undefined ? undefined : Number(field)));
  if (fields === undefined) throw problem();
  const [year, month, day, hour = 0, minute = 0, second] = fields as number[];
  // Date.UTC(2026, 1, 31) quietly becomes 3 March: refuse dates that do not exist.
  const calendar = new Date(Date.UTC(year!, month! - 1, day!));
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month! - 1 ||
    calendar.getUTCDate() !== day
  )
    throw problem();
  if (hour > 23 || minute > 59 || (second ?? 0) > 59) throw problem();

  if (date) {
    if (edge === 'start') return check(startOfDay(year!, month!, day!, zone), problem);
    const next = new Date(Date.UTC(year!, month! - 1, day! + 1));
    return check(
      startOfDay(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), zone) - 1,
      problem,
    );
  }
  // An end given to the minute includes that whole minute.
  const wall = {
    year: year!,
    month: month!,
    day: day!,
    hour,
    minute,
    second: second ?? (edge === 'end' ? 59 : 0),
  };
  const instants = instantsOfWallTime(wall, zone);
  if (instants.length === 0)
    throw problem(`this wall time does not exist in ${zone} (the clocks skip it when summer time begins)`);
  const instant = edge === 'start' ? instants[0]! : instants.at(-1)! + 999;
  return check(instant, problem);
}

function check(ms: number, problem: (why?: string) => Error): number {
  if (!Number.isFinite(ms) || ms <= 0) throw problem();
  // The collector refuses bounds outside its range (admin/time-bound.ts); say so before calling it.
  if (timeBoundProblem('', ms) !== undefined)
    throw problem('outside the times shoumi accepts (2000-01-01 to 2199-12-31 UTC)');
  return ms;
}
