// 检查: fleet-wide sweeps. The list of recent sweeps with their coverage, a form to run one now and the cron
// schedules (shown to the roles the one role table lets call those methods), and one sweep's page whose
// coverage fills as agents answer: its progress block is a live region on the `sweep:ID` change notice
// (change-notice-events.ts publishes it for every answer stored), re-read through GetSweep.
//
//   GET  /sweeps                     recent sweeps (?limit=), run form, schedules
//   GET  /sweeps/recent              the recent sweeps table alone (live fragment)
//   POST /sweeps                     RunSweep → /sweeps/ID
//   POST /sweeps/schedules           ScheduleSweep → /sweeps?done=scheduled
//   POST /sweeps/schedules/delete    DeleteSweepSchedule → /sweeps?done=unscheduled
//   GET  /sweeps/:id                 one sweep: what, coverage, who has not answered
//   GET  /sweeps/:id/progress        its progress block alone (live fragment; ?list=1 with the targets)
import * as grpc from '@grpc/grpc-js';
import { COLLECTOR_RULE_IDS } from '../../../policies/collector-rule-ids';
import { METHOD_ROLES } from '../../admin/method-roles';
import { AdminCallError } from '../admin-door';
import type { ConsoleRoute, PageContext, PageResult } from '../console-page';
import { say } from '../console-text';
import { html } from '../html';
import { formToken } from '../layout';
import { chosenRuleIds, scheduleRequestOf, sweepsShown } from './sweep-form';
import {
  type FormProblem,
  openSweepTopics,
  runForm,
  type ScheduleFields,
  SWEEP_TEXT,
  scheduleForm,
  scheduleTable,
  sweepFacts,
  sweepPath,
  sweepProgress,
  sweepTable,
  TARGET_LIST_LIMIT,
} from './sweep-views';

/** The change-notice stream takes at most this many topics (console-server.ts). */
const MAX_LIVE_TOPICS = 8;

/** Refusals a form is shown again for, with the use case's message: the input was wrong or is gone. */
const FORM_PROBLEM_CODES: ReadonlySet<grpc.status> = new Set([
  grpc.status.INVALID_ARGUMENT,
  grpc.status.NOT_FOUND,
  grpc.status.FAILED_PRECONDITION,
]);

function formProblem(error: unknown, form: FormProblem['form']): FormProblem {
  if (error instanceof AdminCallError && FORM_PROBLEM_CODES.has(error.code))
    return { form, message: error.message };
  throw error;
}

const may = (context: PageContext, method: keyof typeof METHOD_ROLES) =>
  METHOD_ROLES[method].includes(context.admin.role);

function listLimit(context: PageContext): number {
  const shown = sweepsShown(context.lang, context.url.searchParams);
  if (!shown.ok) throw new AdminCallError(grpc.status.INVALID_ARGUMENT, shown.problem);
  return shown.limit;
}

function doneNotice(context: PageContext) {
  const done = context.url.searchParams.get('done');
  const id = context.url.searchParams.get('id') ?? '';
  const text =
    done === 'scheduled' ? SWEEP_TEXT.scheduled : done === 'unscheduled' ? SWEEP_TEXT.unscheduled : null;
  return text ? html`<p class="notice ok" role="status">${say(context.lang, text, { id })}</p>` : '';
}

async function sweepsPage(
  context: PageContext,
  problem?: FormProblem,
  typed: ScheduleFields = { cron: '', timezone: context.timeZone, ruleIds: new Set() },
  ranWith: ReadonlySet<string> = new Set(),
): Promise<PageResult> {
  const { lang, timeZone } = context;
  const limit = listLimit(context);
  const canRun = may(context, 'RunSweep');
  const canSchedule = may(context, 'ScheduleSweep');
  const seesSchedules = may(context, 'ListSweepSchedules');
  const [{ sweeps }, rules, schedules] = await Promise.all([
    context.call('ListSweeps', { limit }),
    canRun || canSchedule
      ? context
          .call('ListRules', {})
          .then((answer) => answer.rules.filter((rule) => !COLLECTOR_RULE_IDS.has(rule.ruleId)))
      : Promise.resolve([]),
    seesSchedules
      ? context.call('ListSweepSchedules', {}).then((answer) => answer.schedules)
      : Promise.resolve([]),
  ]);
  const token = formToken(context);
  const topics = openSweepTopics(sweeps, MAX_LIVE_TOPICS);
  const recentSource = `/sweeps/recent?limit=${limit}`;
  const body = html`${doneNotice(context)}
${problem?.form === 'delete' ? html`<p class="notice bad" role="alert">${say(lang, SWEEP_TEXT.deleteRefused, { message: problem.message })}</p>` : ''}
${canRun ? runForm(lang, token, rules, problem, ranWith) : ''}
<section aria-labelledby="recent-heading">
<h2 id="recent-heading">${say(lang, SWEEP_TEXT.recent)}</h2>
<form method="get" action="/sweeps" class="filters"><label for="sweeps-limit">${say(lang, SWEEP_TEXT.show)}
<select id="sweeps-limit" name="limit">${[20, 50, 100].map((n) => html`<option value="${n}"${n === limit ? html` selected` : ''}>${n}</option>`)}</select></label>
<button type="submit" class="secondary">${say(lang, SWEEP_TEXT.show)}</button>
<a class="button secondary" href="/sweeps?limit=${limit}">${say(lang, SWEEP_TEXT.reload)}</a></form>
${
  topics.length > 0
    ? html`<div class="live-sweeps" data-live="${recentSource}" data-topics="${topics.join(' ')}">${sweepTable(lang, timeZone, sweeps)}</div>`
    : sweepTable(lang, timeZone, sweeps)
}
</section>
${
  seesSchedules
    ? html`<section class="panel" aria-labelledby="schedules-heading">
<h2 id="schedules-heading">${say(lang, SWEEP_TEXT.schedules)}</h2>
${scheduleTable(lang, timeZone, token, schedules)}
${canSchedule ? scheduleForm(lang, token, rules, typed, problem) : ''}
</section>`
    : ''
}`;
  return {
    kind: 'page',
    title: say(lang, SWEEP_TEXT.title),
    nav: 'sweeps',
    body,
    status: problem ? 400 : 200,
  };
}

async function recentFragment(context: PageContext): Promise<PageResult> {
  const { sweeps } = await context.call('ListSweeps', { limit: listLimit(context) });
  return { kind: 'fragment', body: sweepTable(context.lang, context.timeZone, sweeps) };
}

async function runSweep(context: PageContext): Promise<PageResult> {
  const ruleIds = chosenRuleIds(context.form);
  try {
    const sweep = await context.call('RunSweep', { ruleIds });
    return { kind: 'redirect', location: sweepPath(sweep.sweepId) };
  } catch (error) {
    return sweepsPage(context, formProblem(error, 'run'), undefined, new Set(ruleIds));
  }
}

async function addSchedule(context: PageContext): Promise<PageResult> {
  const request = scheduleRequestOf(context.form);
  try {
    const schedule = await context.call('ScheduleSweep', request);
    return {
      kind: 'redirect',
      location: `/sweeps?done=scheduled&id=${encodeURIComponent(schedule.scheduleId)}`,
    };
  } catch (error) {
    return sweepsPage(context, formProblem(error, 'schedule'), {
      ...request,
      ruleIds: new Set(request.ruleIds),
    });
  }
}

async function deleteSchedule(context: PageContext): Promise<PageResult> {
  const scheduleId = (context.form.get('schedule_id') ?? '').trim();
  try {
    const removed = await context.call('DeleteSweepSchedule', { scheduleId });
    return {
      kind: 'redirect',
      location: `/sweeps?done=unscheduled&id=${encodeURIComponent(removed.scheduleId)}`,
    };
  } catch (error) {
    return sweepsPage(context, formProblem(error, 'delete'));
  }
}

/**
 * The sweep with its targets when there are few enough to list (two reads: the counts first, so a sweep of
 * the whole of a large fleet never has its every target read for one page), else its counts alone.
 */
async function readSweep(context: PageContext, sweepId: string, wantList: boolean) {
  if (!wantList)
    return { sweep: await context.call('GetSweep', { sweepId, countsOnly: true }), listed: false };
  const sweep = await context.call('GetSweep', { sweepId, countsOnly: false });
  return { sweep, listed: sweep.targets <= TARGET_LIST_LIMIT };
}

async function sweepPage(context: PageContext): Promise<PageResult> {
  const { lang, timeZone } = context;
  const sweepId = context.params.id!;
  const counts = await context.call('GetSweep', { sweepId, countsOnly: true });
  const { sweep, listed } =
    counts.targets <= TARGET_LIST_LIMIT
      ? await readSweep(context, sweepId, true)
      : { sweep: counts, listed: false };
  const source = `${sweepPath(sweepId)}/progress${listed ? '?list=1' : ''}`;
  const body = html`${sweepFacts(lang, timeZone, sweep)}
<div class="actions"><a class="button secondary" href="${sweepPath(sweepId)}">${say(lang, SWEEP_TEXT.reload)}</a>
<a href="/sweeps">${say(lang, SWEEP_TEXT.recent)}</a>
${may(context, 'GetInspectionReport') ? html`<a href="/records/view?sweep=${encodeURIComponent(sweepId)}">${say(lang, SWEEP_TEXT.record)}</a>` : ''}</div>
<section class="panel sweep-live" aria-live="polite" aria-label="${say(lang, SWEEP_TEXT.coverage)}" data-live="${source}" data-topics="sweep:${sweepId}">
${sweepProgress(lang, timeZone, sweep, listed)}
</section>`;
  return { kind: 'page', title: say(lang, SWEEP_TEXT.sweepTitle, { id: sweepId }), nav: 'sweeps', body };
}

async function progressFragment(context: PageContext): Promise<PageResult> {
  const sweepId = context.params.id!;
  const { sweep, listed } = await readSweep(context, sweepId, context.url.searchParams.get('list') === '1');
  return { kind: 'fragment', body: sweepProgress(context.lang, context.timeZone, sweep, listed) };
}

export const SWEEP_ROUTES: readonly ConsoleRoute[] = [
  { method: 'GET', path: '/sweeps', handle: (context) => sweepsPage(context) },
  { method: 'POST', path: '/sweeps', changes: 'RunSweep', handle: runSweep },
  { method: 'GET', path: '/sweeps/recent', handle: recentFragment },
  { method: 'POST', path: '/sweeps/schedules', changes: 'ScheduleSweep', handle: addSchedule },
  {
    method: 'POST',
    path: '/sweeps/schedules/delete',
    changes: 'DeleteSweepSchedule',
    handle: deleteSchedule,
  },
  { method: 'GET', path: '/sweeps/:id', handle: sweepPage },
  { method: 'GET', path: '/sweeps/:id/progress', handle: progressFragment },
];
