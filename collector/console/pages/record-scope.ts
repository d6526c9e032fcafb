// Which inspection record a console URL asks for: a sweep (`sweep=ID`) or a time window (`from=…&to=…`, the
// values of two <input type="datetime-local"> — wall times in the unit's zone), and who inspects
// (`inspector=…`, 检查人; empty: the signed-in administrator, as GetInspectionReport decides). Every page of
// the section (view, print, downloads, the measure form's way back) carries the same parameters, so a record
// can be bookmarked or sent. Pure: the zone comes in; problems come back as codes the page words.
import { consoleTime, parseLocalDateTime } from '../console-time';

export type RecordQuery =
  | { kind: 'sweep'; sweepId: string; inspector: string }
  | {
      kind: 'window';
      /** As given in the URL, for links and for filling the form again. */
      from: string;
      to: string;
      fromMs: number;
      /** Inclusive: a minute given without seconds includes that whole minute, a bare date that whole day. */
      toMs: number;
      inspector: string;
    };

/** Why a URL names no record: nothing given, both kinds, an end that is not a time, or an empty window. */
export type RecordQueryProblem = 'no-scope' | 'both' | 'bad-from' | 'bad-to' | 'reversed';

export type RecordQueryResult =
  | { ok: true; query: RecordQuery }
  | { ok: false; problem: RecordQueryProblem; from: string; to: string; sweepId: string; inspector: string };

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A wall time read in `timeZone` (console-time.ts), refused unless the zone shows that very wall time at the
 * instant found: so 2026-02-31 (which Date.UTC would roll to 3 March), 25:00 and an hour the clocks skip are
 * errors instead of some other instant.
 */
function wallTimeMs(value: string, timeZone: string, edge: 'start' | 'end'): number | null {
  const match = LOCAL.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second] = match;
  const ms = parseLocalDateTime(value, timeZone);
  if (ms === null) return null;
  const shown = consoleTime(ms, timeZone); // "YYYY-MM-DD hh:mm:ss +hh:mm"
  const expected = `${year}-${month}-${day} ${hour ?? '00'}:${minute ?? '00'}:${second ?? '00'}`;
  if (shown.slice(0, 19) !== expected) return null;
  if (edge === 'start' || second !== undefined) return ms;
  if (hour !== undefined) return ms + 59_999;
  // A bare date as the end: up to the last instant before the next day begins.
  const next = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day) + 1))
    .toISOString()
    .slice(0, 10);
  const nextMs = parseLocalDateTime(next, timeZone);
  return nextMs === null ? null : nextMs - 1;
}

export function parseRecordQuery(params: URLSearchParams, timeZone: string): RecordQueryResult {
  const sweepId = (params.get('sweep') ?? '').trim();
  const from = (params.get('from') ?? '').trim();
  const to = (params.get('to') ?? '').trim();
  const inspector = (params.get('inspector') ?? '').trim();
  const refuse = (problem: RecordQueryProblem): RecordQueryResult => ({
    ok: false,
    problem,
    from,
    to,
    sweepId,
    inspector,
  });
  const windowGiven = from !== '' || to !== '';
  if (sweepId !== '' && windowGiven) return refuse('both');
  if (sweepId !== '') return { ok: true, query: { kind: 'sweep', sweepId, inspector } };
  if (!windowGiven) return refuse('no-scope');
  const fromMs = wallTimeMs(from, timeZone, 'start');
  if (fromMs === null) return refuse('bad-from');
  const toMs = wallTimeMs(to, timeZone, 'end');
  if (toMs === null) return refuse('bad-to');
  if (fromMs > toMs) return refuse('reversed');
  return { ok: true, query: { kind: 'window', from, to, fromMs, toMs, inspector } };
}

/** The query string naming the same record ("sweep=…&inspector=…"), for every link of the section. */
export function recordQueryString(query: RecordQuery): string {
  const params = new URLSearchParams(
    query.kind === 'sweep' ? { sweep: query.sweepId } : { from: query.from, to: query.to },
  );
  if (query.inspector !== '') params.set('inspector', query.inspector);
  return params.toString();
}

/** `ms` as the value an <input type="datetime-local"> shows in the zone: "2026-12-07T15:04". */
export function localInputValue(ms: number, timeZone: string): string {
  return consoleTime(ms, timeZone).slice(0, 16).replace(' ', 'T');
}
