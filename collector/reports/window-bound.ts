// One end of a report's time window as the admin types it: a local date (YYYY-MM-DD), a local date and time
// (YYYY-MM-DDTHH:MM[:SS]), or an ISO time with a zone (…Z, …+08:00). A bare date as the end of a window
// means the whole of that day, so "--from 2026-11-01 --to 2026-11-30" covers all of November.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const ZONED_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseWindowBound(flag: string, text: string, edge: 'start' | 'end'): number {
  const problem = () =>
    new Error(
      `${flag} ${text}: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM (local time) or an ISO time with a zone`,
    );
  let ms: number;
  let fields: number[];
  const date = DATE.exec(text);
  const local = LOCAL_TIME.exec(text);
  if (date) {
    fields = date.slice(1).map(Number);
    const [year, month, day] = fields as [number, number, number];
    ms =
      edge === 'start'
        ? new Date(year, month - 1, day).getTime()
        : new Date(year, month - 1, day + 1).getTime() - 1;
  } else if (local) {
    fields = local.slice(1, 6).map(Number);
    const [year, month, day, hour, minute] = fields as [number, number, number, number, number];
    const second = local[6] === undefined ? (edge === 'end' ? 59 : 0) : Number(local[6]);
    ms = new Date(year, month - 1, day, hour, minute, second, edge === 'end' ? 999 : 0).getTime();
  } else if (ZONED_TIME.test(text)) {
    return check(Date.parse(text), problem);
  } else {
    throw problem();
  }
  // new Date(2026, 1, 31) quietly becomes 3 March: refuse dates that do not exist.
  const [year, month, day] = fields as [number, number, number];
  const roundTrip = new Date(year, month - 1, day);
  if (roundTrip.getFullYear() !== year || roundTrip.getMonth() !== month - 1 || roundTrip.getDate() !== day)
    throw problem();
  if (local && (Number(local[4]) > 23 || Number(local[5]) > 59 || Number(local[6] ?? 0) > 59))
    throw problem();
  return check(ms, problem);
}

function check(ms: number, problem: () => Error): number {
  if (!Number.isFinite(ms) || ms <= 0) throw problem();
  return ms;
}
