// The audit page's URL: the filters (actor, action, from/to as wall times in the unit's zone) and the page
// (`after`, a position). Pure: read from the query string, checked, and written back into links, so a view
// can be bookmarked or sent and every link keeps the filters.
import { parseLocalDateTime } from '../console-time';

export interface AuditQuery {
  actor: string;
  action: string;
  /** As typed: "2026-12-07T08:00" (a wall time in the unit's zone), "" for none. */
  from: string;
  to: string;
  /** Records after this position; undefined: the newest page (unfiltered) or the first (filtered). */
  after: number | undefined;
}

export interface AuditListFilters {
  actor: string;
  action: string;
  fromMs: number;
  toMs: number;
}

/** Which URL field was wrong, for the message in the reader's language. */
export type AuditQueryProblem = { field: 'from' | 'to' | 'after'; value: string };

export function readAuditQuery(params: URLSearchParams): AuditQuery {
  const text = (name: string) => (params.get(name) ?? '').trim();
  const after = text('after');
  return {
    actor: text('actor'),
    action: text('action'),
    from: text('from'),
    to: text('to'),
    after: after === '' ? undefined : /^\d{1,15}$/.test(after) ? Number(after) : Number.NaN,
  };
}

/** The filters as ListAudit takes them, or the first field that is not what it should be. */
export function auditListFilters(
  query: AuditQuery,
  timeZone: string,
): { ok: true; filters: AuditListFilters } | { ok: false; problem: AuditQueryProblem } {
  if (query.after !== undefined && !Number.isSafeInteger(query.after))
    return { ok: false, problem: { field: 'after', value: String(query.after) } };
  const instant = (field: 'from' | 'to') => {
    const value = query[field];
    if (value === '') return 0;
    return parseLocalDateTime(value, timeZone) ?? Number.NaN;
  };
  const fromMs = instant('from');
  if (Number.isNaN(fromMs)) return { ok: false, problem: { field: 'from', value: query.from } };
  // "to" is shown inclusive (a day or a minute typed includes all of it); ListAudit's to_ms is the first
  // instant after it.
  const toStart = instant('to');
  if (Number.isNaN(toStart)) return { ok: false, problem: { field: 'to', value: query.to } };
  const toMs = toStart === 0 ? 0 : endAfter(query.to, toStart, timeZone);
  if (fromMs > 0 && toMs > 0 && toMs <= fromMs)
    return { ok: false, problem: { field: 'to', value: query.to } };
  return { ok: true, filters: { actor: query.actor, action: query.action, fromMs, toMs } };
}

/** The first instant after the wall time `typed` names (a day, a minute or a second), which starts at `start`. */
function endAfter(typed: string, start: number, timeZone: string): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(typed);
  if (day) {
    // The next day's midnight in the zone (not start + 24 h: a day with a clock change is longer or shorter).
    const next = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]) + 1));
    return parseLocalDateTime(next.toISOString().slice(0, 10), timeZone) ?? start + 86_400_000;
  }
  return start + (/T\d{2}:\d{2}:\d{2}$/.test(typed) ? 1000 : 60_000);
}

export function isFiltered(query: AuditQuery): boolean {
  return query.actor !== '' || query.action !== '' || query.from !== '' || query.to !== '';
}

/** "/audit?actor=…&after=…": the filters kept, the page changed (`after` undefined: the default page). */
export function auditHref(query: AuditQuery, after: number | undefined): string {
  const params = new URLSearchParams();
  for (const name of ['actor', 'action', 'from', 'to'] as const)
    if (query[name] !== '') params.set(name, query[name]);
  if (after !== undefined) params.set('after', String(after));
  const search = params.toString();
  return search ? `/audit?${search}` : '/audit';
}
