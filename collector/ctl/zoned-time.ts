// A time shown with the zone it is read in: "2026-12-08 01:00:00 +08:00". A schedule's next firing is read
// in the schedule's own zone (its TZ column), so the clock time and the zone beside it agree, and the
// offset says which instant it is on any terminal.

/** `ms` as wall-clock time in `timeZone` (IANA; the local zone when omitted) with its UTC offset. */
export function zonedTime(ms: number, timeZone?: string): string {
  const format = (zone: string | undefined) =>
    new Intl.DateTimeFormat('sv-SE', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    }).formatToParts(new Date(ms));
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = format(timeZone);
  } catch {
    parts = format(undefined); // a zone this Node does not know: the local one, its offset still shown
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const offset = part('timeZoneName').replace(/^GMT$/, 'GMT+00:00').replace(/^GMT/, '');
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${offset}`;
}
