// Times on the console's pages: stored in UTC, shown in the unit's time zone (`serve --time-zone`, else the
// collector host's), with the offset beside a full time so that a time copied out of a page names its
// instant. One home for the format: the pages never format a date themselves.
import { zonedTime } from '../ctl/zoned-time';

/** "2026-12-07 15:04:05 +08:00"; "" for 0 (never). */
export function consoleTime(ms: number, timeZone: string): string {
  return ms > 0 ? zonedTime(ms, timeZone) : '';
}

/** "2026-12-07" in the zone. */
export function consoleDay(ms: number, timeZone: string): string {
  return zonedTime(ms, timeZone).slice(0, 10);
}

/** The value of an <input type="datetime-local"> ("2026-12-07T15:04") read in the zone, as epoch ms; null when
 *  it is not one. Offsets move within a day only at DST changes, which China does not have; the zone's offset
 *  at the given wall time is found by one correction step. */
export function parseLocalDateTime(value: string, timeZone: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00'] = match;
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (!Number.isFinite(asUtc)) return null;
  // Date.UTC quietly rolls "2026-13-40 25:61" over into another instant: a wall time that does not exist is none.
  if (new Date(asUtc).toISOString().slice(0, 19) !== `${y}-${mo}-${d}T${h}:${mi}:${s}`) return null;
  const offsetAt = (ms: number) => {
    const shown = zonedTime(ms, timeZone); // "YYYY-MM-DD hh:mm:ss +hh:mm"
    const m = /([+-])(\d{2}):(\d{2})$/.exec(shown);
    if (!m) return 0;
    return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
  };
  const guess = asUtc - offsetAt(asUtc);
  return asUtc - offsetAt(guess);
}

/** The collector host's own zone, for when `serve --time-zone` was not given. */
export function hostTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
