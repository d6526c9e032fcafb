// 检查记录: the inspection record of clause 3.12.2, for a sweep or a time window, through the one use case
// shoumictl uses (GetInspectionReport), with corrective measures recorded through MarkFinding.
//
//   GET  /records                        choose a sweep or a window and the inspector; the problems open now
//   GET  /records/view?sweep=…|from=…&to=…[&inspector=…]   the record in the console's frame
//   GET  /records/print?…                the printable A4 record (reports/render-html.ts), opened in the browser
//   GET  /records/download?format=csv|json&…               the same record as a file (render-csv/-json.ts)
//   POST /records/measure                a problem's corrective measure; back to the same view
//
// Every page of the record carries the same parameters (record-scope.ts). A refused window or sweep shows the
// form again with why; a refused measure shows the record again with the text as typed and why; nothing is
// stored by either.
import * as grpc from '@grpc/grpc-js';
import { inspectionRecordFromWire } from '../../reports/inspection-record-wire';
import { renderInspectionCsv } from '../../reports/render-csv';
import { RECORD_CONTENT_SECURITY_POLICY, renderInspectionHtml } from '../../reports/render-html';
import { renderInspectionJson } from '../../reports/render-json';
import { AdminCallError } from '../admin-door';
import type { ConsoleRoute, PageContext, PageResult } from '../console-page';
import { say } from '../console-text';
import { recordFormBody } from './record-form';
import { localInputValue, parseRecordQuery, type RecordQuery, type RecordQueryResult } from './record-scope';
import { type MeasureAttempt, problemAnchor, recordViewBody } from './record-view';
import { QUERY_PROBLEM_TEXT, RECORD_TEXT as T } from './record-words';

/** Open problems listed beside the form: enough to see what needs a measure, cheap at any fleet size. */
const OPEN_SHOWN = 20;
/** Sweeps offered in the choice, newest first. */
const SWEEPS_SHOWN = 50;
const DEFAULT_WINDOW_DAYS = 7;

/** Refusals a person can act on (bad input, no such sweep or finding): shown beside the form, not as an error page. */
const SHOWN_BESIDE_FORM = new Set<grpc.status>([
  grpc.status.INVALID_ARGUMENT,
  grpc.status.NOT_FOUND,
  grpc.status.FAILED_PRECONDITION,
]);
const STATUS_OF: Partial<Record<grpc.status, number>> = {
  [grpc.status.INVALID_ARGUMENT]: 400,
  [grpc.status.NOT_FOUND]: 404,
  [grpc.status.FAILED_PRECONDITION]: 409,
};

function actionable(error: unknown): AdminCallError | undefined {
  return error instanceof AdminCallError && SHOWN_BESIDE_FORM.has(error.code) ? error : undefined;
}

function queryProblemText(context: PageContext, result: Extract<RecordQueryResult, { ok: false }>): string {
  const value = result.problem === 'bad-from' ? result.from : result.to;
  return say(context.lang, QUERY_PROBLEM_TEXT[result.problem], { value, from: result.from, to: result.to });
}

/** The form page; `refused` fills it with what was asked and says why it named no record. */
async function formPage(
  context: PageContext,
  refused?: {
    values: { sweepId: string; from: string; to: string; inspector: string };
    error: string;
    status: number;
  },
): Promise<PageResult> {
  const { lang, timeZone } = context;
  // Open problems first: only the roles that may read findings reach the rest (authorization decides).
  const open = await context.call('ListFindings', { openOnly: true, limit: OPEN_SHOWN });
  const { sweeps } = await context.call('ListSweeps', { limit: SWEEPS_SHOWN });
  const now = context.now();
  const weekAgo = localInputValue(now - DEFAULT_WINDOW_DAYS * 86_400_000, timeZone).slice(0, 10);
  const asked = context.url.searchParams;
  const values = refused?.values ?? {
    sweepId: asked.get('sweep') ?? '',
    from: asked.get('from') ?? `${weekAgo}T00:00`,
    to: asked.get('to') ?? localInputValue(now, timeZone),
    inspector: asked.get('inspector') ?? '',
  };
  const body = recordFormBody({
    lang,
    timeZone,
    adminName: context.admin.name,
    sweeps,
    open,
    openLimit: OPEN_SHOWN,
    values,
    error: refused?.error,
  });
  return { kind: 'page', title: say(lang, T.title), nav: 'records', body, status: refused?.status };
}

/** The record a query names, as the use case builds it for this administrator. */
async function recordOf(context: PageContext, query: RecordQuery) {
  const wire = await context.call('GetInspectionReport', {
    sweepId: query.kind === 'sweep' ? query.sweepId : '',
    fromMs: query.kind === 'window' ? query.fromMs : 0,
    toMs: query.kind === 'window' ? query.toMs : 0,
    inspector: query.inspector,
  });
  return inspectionRecordFromWire(wire);
}

async function viewPage(
  context: PageContext,
  params: URLSearchParams,
  attempt?: MeasureAttempt & { status: number },
): Promise<PageResult> {
  const parsed = parseRecordQuery(params, context.timeZone);
  if (!parsed.ok)
    return formPage(context, { values: parsed, error: queryProblemText(context, parsed), status: 400 });
  let record: Awaited<ReturnType<typeof recordOf>>;
  try {
    record = await recordOf(context, parsed.query);
  } catch (error) {
    const known = actionable(error);
    if (!known) throw error;
    const query = parsed.query;
    return formPage(context, {
      values: {
        sweepId: query.kind === 'sweep' ? query.sweepId : '',
        from: query.kind === 'window' ? query.from : '',
        to: query.kind === 'window' ? query.to : '',
        inspector: query.inspector,
      },
      error: say(context.lang, T.recordRefused, { why: known.message }),
      status: STATUS_OF[known.code] ?? 400,
    });
  }
  const body = recordViewBody({
    lang: context.lang,
    timeZone: context.timeZone,
    csrf: context.csrf,
    record,
    query: parsed.query,
    saved: params.get('done') === 'measure' && attempt === undefined,
    attempt,
  });
  return { kind: 'page', title: say(context.lang, T.title), nav: 'records', body, status: attempt?.status };
}

/** The query of a print or download URL, refused (400, in the reader's words) when it names no record. */
function fileQuery(context: PageContext): RecordQuery {
  const parsed = parseRecordQuery(context.url.searchParams, context.timeZone);
  if (!parsed.ok) throw new AdminCallError(grpc.status.INVALID_ARGUMENT, queryProblemText(context, parsed));
  return parsed.query;
}

function fileStem(query: RecordQuery): string {
  const scope = query.kind === 'sweep' ? query.sweepId : `${query.from}_${query.to}`;
  return `保密检查记录-${scope.replace(/[^\w.-]+/g, '-')}`;
}

async function printRecord(context: PageContext): Promise<PageResult> {
  const query = fileQuery(context);
  const record = await recordOf(context, query);
  return {
    kind: 'file',
    contentType: 'text/html; charset=utf-8',
    fileName: `${fileStem(query)}.html`,
    body: renderInspectionHtml(record, { lang: context.lang, timeZone: context.timeZone }),
    inline: true,
    // The record's own policy (no script, no request; its inline A4 style), and never inside a frame.
    contentSecurityPolicy: `${RECORD_CONTENT_SECURITY_POLICY}; frame-ancestors 'none'; base-uri 'none'; form-action 'none'`,
  };
}

async function downloadRecord(context: PageContext): Promise<PageResult> {
  const format = context.url.searchParams.get('format');
  if (format !== 'csv' && format !== 'json')
    throw new AdminCallError(grpc.status.INVALID_ARGUMENT, say(context.lang, T.badFormat));
  const query = fileQuery(context);
  const record = await recordOf(context, query);
  return format === 'csv'
    ? {
        kind: 'file',
        contentType: 'text/csv; charset=utf-8',
        fileName: `${fileStem(query)}.csv`,
        body: renderInspectionCsv(record, { lang: context.lang, timeZone: context.timeZone }),
      }
    : {
        kind: 'file',
        contentType: 'application/json; charset=utf-8',
        fileName: `${fileStem(query)}.json`,
        body: renderInspectionJson(record),
      };
}

async function recordMeasure(context: PageContext): Promise<PageResult> {
  const form = context.form;
  const back = new URLSearchParams(form.get('return') ?? '');
  back.delete('done');
  const key = {
    deviceId: form.get('device') ?? '',
    ruleId: form.get('rule') ?? '',
    subject: form.get('subject') ?? '',
  };
  const measure = form.get('measure') ?? '';
  const completed = form.get('completed') === '1';
  try {
    await context.call('MarkFinding', { ...key, measure, completed });
  } catch (error) {
    const known = actionable(error);
    if (!known) throw error;
    // The record again, the text as typed and why it was refused; nothing was stored.
    return viewPage(context, back, {
      ...key,
      measure,
      completed,
      error: known.message,
      status: STATUS_OF[known.code] ?? 400,
    });
  }
  back.set('done', 'measure');
  return { kind: 'redirect', location: `/records/view?${back.toString()}#${problemAnchor(key)}` };
}

export const RECORDS_ROUTES: readonly ConsoleRoute[] = [
  { method: 'GET', path: '/records', handle: (context) => formPage(context) },
  { method: 'GET', path: '/records/view', handle: (context) => viewPage(context, context.url.searchParams) },
  { method: 'GET', path: '/records/print', handle: printRecord },
  { method: 'GET', path: '/records/download', handle: downloadRecord },
  { method: 'POST', path: '/records/measure', changes: 'MarkFinding', handle: recordMeasure },
];
