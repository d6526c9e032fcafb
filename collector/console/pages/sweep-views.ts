// 检查 (fleet-wide sweeps) as markup: the recent sweeps, one sweep's coverage and the devices that have not
// answered it, the run and schedule forms, the schedules. Pure: every function turns what the admin calls
// answered (and the words of this section) into HTML, so the pages' I/O stays in sweeps.ts and each shape can
// be tested without a collector.
//
// Coverage words follow collector/sweeps/sweep-coverage.ts: answered; failed (the agent answered with an
// error, or the sweep expired first: the device was NOT checked); offline (not connected when pushed, runs
// it when it reconnects); waiting (pushed, no answer yet). A device that answered is never called compliant
// here: its answer's failing and undecidable rule counts are shown as numbers, and its findings are on its
// own page.
import type { Lang } from '../../../policies/messages/language';
import type { PolicyRule__Output } from '../../../proto/generated/shoumi/v1/PolicyRule';
import type { SweepSchedule__Output } from '../../../proto/generated/shoumi/v1/SweepSchedule';
import type { SweepStatus__Output } from '../../../proto/generated/shoumi/v1/SweepStatus';
import type { SweepTarget__Output } from '../../../proto/generated/shoumi/v1/SweepTarget';
import { type Bilingual, COMMON, say } from '../console-text';
import { consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';

export const SWEEP_TEXT = {
  title: { zh: '检查', en: 'Sweeps' },
  sweepTitle: { zh: '巡检 {id}', en: 'Sweep {id}' },
  recent: { zh: '最近的巡检', en: 'Recent sweeps' },
  noSweeps: { zh: '还没有巡检。', en: 'No sweeps yet.' },
  created: { zh: '发起时间', en: 'Started' },
  by: { zh: '发起人', en: 'Started by' },
  bySchedule: { zh: '定时巡检 {id}', en: 'schedule {id}' },
  scope: { zh: '范围', en: 'Scope' },
  allRules: { zh: '全部规则', en: 'every rule' },
  someRules: { zh: '{count} 条规则', en: '{count} rules' },
  coverage: { zh: '覆盖', en: 'Coverage' },
  coverageOf: { zh: '已回答 {answered} / {targets}', en: '{answered} of {targets} answered' },
  noTargets: { zh: '没有目标设备（尚无代理上线过）', en: 'no target devices (no agent has connected yet)' },
  failed: { zh: '未能完成', en: 'Could not run' },
  failedHint: {
    zh: '代理回报错误，或巡检过期时设备仍未回来：这些设备没有被检查。',
    en: 'the agent reported an error, or the sweep expired before the device came back: these devices were not checked.',
  },
  offline: { zh: '离线待执行', en: 'Offline' },
  offlineHint: {
    zh: '下发时未连接，重新连接后执行',
    en: 'not connected when pushed; runs it on reconnecting',
  },
  waiting: { zh: '等待回答', en: 'Waiting' },
  waitingHint: { zh: '已下发到在线代理，尚未回答', en: 'pushed to a connected agent, no answer yet' },
  targets: { zh: '目标设备', en: 'Targets' },
  answered: { zh: '已回答', en: 'Answered' },
  state: { zh: '状态', en: 'State' },
  running: { zh: '进行中', en: 'running' },
  complete: { zh: '已完成', en: 'complete' },
  completedAt: { zh: '完成时间', en: 'Completed' },
  open: { zh: '查看', en: 'Open' },
  reload: { zh: '刷新', en: 'Reload' },
  record: { zh: '本次巡检的检查记录', en: 'Inspection record of this sweep' },
  notAnswered: { zh: '尚未回答的设备', en: 'Devices that have not answered' },
  allAnswered: { zh: '所有目标设备都已回答或无法完成。', en: 'Every target has answered or could not run.' },
  couldNotRun: { zh: '未能完成的设备', en: 'Devices that could not run it' },
  tooManyToList: {
    zh: '目标设备超过 {limit} 台，此处只显示数量；各设备的检查结果见设备页。',
    en: 'More than {limit} targets: only the counts are shown here; each device’s results are on its page.',
  },
  moreNotShown: { zh: '另有 {count} 台未列出。', en: '{count} more not listed.' },
  withFailing: {
    zh: '已回答的设备中，{failing} 台有不通过项，{errors} 台有无法判定项。',
    en: 'Of the devices that answered, {failing} reported failing rules and {errors} reported rules they could not judge.',
  },
  device: { zh: '设备', en: 'Device' },
  hostname: { zh: '主机名', en: 'Hostname' },
  sentAt: { zh: '下发时间', en: 'Sent' },
  error: { zh: '错误信息', en: 'Error' },
  rules: { zh: '规则', en: 'Rules' },
  run: { zh: '执行一次巡检', en: 'Run a sweep' },
  runHint: {
    zh: '立即向所有在线代理下发；离线代理重新连接后执行。',
    en: 'Pushed now to every connected agent; offline agents run it when they reconnect.',
  },
  runButton: { zh: '立即巡检', en: 'Run now' },
  chooseRules: {
    zh: '只检查部分规则（不选即全部规则）',
    en: 'Only some rules (none chosen: every rule)',
  },
  schedules: { zh: '定时巡检', en: 'Schedules' },
  noSchedules: { zh: '没有定时巡检。', en: 'No schedules.' },
  addSchedule: { zh: '添加定时巡检', en: 'Add a schedule' },
  cron: { zh: 'cron 表达式', en: 'cron expression' },
  cronHint: {
    zh: '5 个字段：分 时 日 月 周，如 "0 9 * * 1"（每周一 09:00）；6 个字段时第一个是秒。',
    en: '5 fields: minute hour day month weekday, e.g. "0 9 * * 1" (Mondays 09:00); with 6, seconds come first.',
  },
  timeZone: { zh: '时区（IANA）', en: 'Time zone (IANA)' },
  scheduleButton: { zh: '保存定时巡检', en: 'Save schedule' },
  schedule: { zh: '计划', en: 'Schedule' },
  lastFired: { zh: '上次执行', en: 'Last fired' },
  nextFire: { zh: '下次执行', en: 'Next' },
  delete: { zh: '删除', en: 'Delete' },
  deleteConfirm: {
    zh: '删除定时巡检 {id}（{cron}）？已执行的巡检保留。',
    en: 'Delete schedule {id} ({cron})? Sweeps it already fired stay.',
  },
  scheduled: { zh: '已添加定时巡检 {id}。', en: 'Schedule {id} added.' },
  unscheduled: { zh: '已删除定时巡检 {id}。', en: 'Schedule {id} deleted.' },
  show: { zh: '显示', en: 'Show' },
  runRefused: { zh: '未能执行巡检：{message}', en: 'The sweep was not started: {message}' },
  scheduleRefused: { zh: '未保存定时巡检：{message}', en: 'The schedule was not saved: {message}' },
  deleteRefused: { zh: '未删除定时巡检：{message}', en: 'The schedule was not deleted: {message}' },
} satisfies Record<string, Bilingual>;

/** More targets than this and a sweep's page shows counts only: GetSweep's full target list would cost more
 *  than a page may at fleet scale (and GetSweep has no paging). */
export const TARGET_LIST_LIMIT = 1000;
/** Of the open targets, at most this many rows are drawn. */
export const TARGET_ROWS_SHOWN = 200;

export const sweepPath = (sweepId: string) => `/sweeps/${encodeURIComponent(sweepId)}`;

function requestedByText(lang: Lang, sweep: Pick<SweepStatus__Output, 'requestedBy'>): string {
  const fromSchedule = /^schedule:(.+)$/.exec(sweep.requestedBy);
  return fromSchedule ? say(lang, SWEEP_TEXT.bySchedule, { id: fromSchedule[1]! }) : sweep.requestedBy;
}

function scopeText(lang: Lang, ruleIds: readonly string[]): SafeHtml {
  if (ruleIds.length === 0) return html`${say(lang, SWEEP_TEXT.allRules)}`;
  return html`<span class="mono" title="${ruleIds.join(', ')}">${ruleIds.length <= 2 ? ruleIds.join(', ') : say(lang, SWEEP_TEXT.someRules, { count: ruleIds.length })}</span>`;
}

const isComplete = (sweep: Pick<SweepStatus__Output, 'completedAtMs'>) => sweep.completedAtMs > 0;

function stateBadge(lang: Lang, sweep: SweepStatus__Output): SafeHtml {
  return isComplete(sweep)
    ? html`<span class="badge pass">${say(lang, SWEEP_TEXT.complete)}</span>`
    : html`<span class="badge info">${say(lang, SWEEP_TEXT.running)}</span>`;
}

/** The coverage bar: answered of targets. No bar when there is nothing to cover (max must be above 0). */
function coverageBar(lang: Lang, sweep: SweepStatus__Output, id?: string): SafeHtml {
  const label = say(lang, SWEEP_TEXT.coverageOf, { answered: sweep.answered, targets: sweep.targets });
  if (sweep.targets === 0) return html`<span class="muted">${say(lang, SWEEP_TEXT.noTargets)}</span>`;
  return html`<span class="sweep-coverage"><progress max="${sweep.targets}" value="${sweep.answered}" aria-label="${label}"></progress>
<span${id ? html` id="${id}"` : ''} class="sweep-count">${label}</span></span>`;
}

/** The recent sweeps table (also the live fragment of the list page). */
export function sweepTable(lang: Lang, timeZone: string, sweeps: readonly SweepStatus__Output[]): SafeHtml {
  if (sweeps.length === 0) return html`<p class="muted">${say(lang, SWEEP_TEXT.noSweeps)}</p>`;
  return html`<div class="table-wrap"><table class="sweeps">
<thead><tr><th>${say(lang, SWEEP_TEXT.created)}</th><th>${say(lang, SWEEP_TEXT.by)}</th><th>${say(lang, SWEEP_TEXT.scope)}</th>
<th>${say(lang, SWEEP_TEXT.coverage)}</th><th class="num">${say(lang, SWEEP_TEXT.failed)}</th><th class="num">${say(lang, SWEEP_TEXT.offline)}</th>
<th class="num">${say(lang, SWEEP_TEXT.waiting)}</th><th>${say(lang, SWEEP_TEXT.state)}</th></tr></thead>
<tbody>${sweeps.map(
    (sweep) => html`<tr>
<td><a href="${sweepPath(sweep.sweepId)}">${consoleTime(sweep.createdAtMs, timeZone)}</a></td>
<td>${requestedByText(lang, sweep)}</td>
<td>${scopeText(lang, sweep.ruleIds)}</td>
<td>${coverageBar(lang, sweep)}</td>
<td class="num">${sweep.failed}</td><td class="num">${sweep.offline}</td><td class="num">${sweep.waiting}</td>
<td>${stateBadge(lang, sweep)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** The sweeps still running among these: the list page's live region listens to each (at most `max`). */
export function openSweepTopics(sweeps: readonly SweepStatus__Output[], max: number): string[] {
  return sweeps
    .filter((sweep) => !isComplete(sweep))
    .slice(0, max)
    .map((sweep) => `sweep:${sweep.sweepId}`);
}

function targetStateText(lang: Lang, target: SweepTarget__Output): string {
  if (target.state === 'pending') return say(lang, SWEEP_TEXT.offline);
  if (target.state === 'sent') return say(lang, SWEEP_TEXT.waiting);
  if (target.state === 'failed') return say(lang, SWEEP_TEXT.failed);
  return say(lang, SWEEP_TEXT.answered);
}

function targetRows(lang: Lang, timeZone: string, targets: readonly SweepTarget__Output[]): SafeHtml {
  const shown = targets.slice(0, TARGET_ROWS_SHOWN);
  return html`<div class="table-wrap"><table class="sweep-targets">
<thead><tr><th>${say(lang, SWEEP_TEXT.device)}</th><th>${say(lang, SWEEP_TEXT.hostname)}</th><th>${say(lang, SWEEP_TEXT.state)}</th>
<th>${say(lang, SWEEP_TEXT.sentAt)}</th><th>${say(lang, SWEEP_TEXT.error)}</th></tr></thead>
<tbody>${shown.map(
    (target) => html`<tr data-device="${target.deviceId}">
<td><a href="/devices/${encodeURIComponent(target.deviceId)}">${target.deviceId}</a></td>
<td>${target.hostname}</td><td><span class="badge ${target.state === 'failed' ? 'error' : 'warn'}">${targetStateText(lang, target)}</span></td>
<td>${consoleTime(target.sentAtMs, timeZone)}</td><td>${target.error}</td></tr>`,
  )}</tbody></table></div>
${targets.length > shown.length ? html`<p class="muted">${say(lang, SWEEP_TEXT.moreNotShown, { count: targets.length - shown.length })}</p>` : ''}`;
}

/**
 * One sweep's progress: the coverage bar and counts, and (when the target list was read) who has not
 * answered and who could not run it. The live region of the sweep's page holds exactly this.
 */
export function sweepProgress(
  lang: Lang,
  timeZone: string,
  sweep: SweepStatus__Output,
  listed: boolean,
): SafeHtml {
  const open = sweep.targetList.filter((target) => target.state === 'pending' || target.state === 'sent');
  const couldNotRun = sweep.targetList.filter((target) => target.state === 'failed');
  const answered = sweep.targetList.filter((target) => target.state === 'answered');
  const count = (label: Bilingual, value: number, hint?: Bilingual, tone = '') =>
    html`<div class="sweep-figure ${tone}"><span class="n">${value}</span><span class="l">${say(lang, label)}</span>${hint ? html`<span class="hint">${say(lang, hint)}</span>` : ''}</div>`;
  return html`<div class="sweep-progress" data-complete="${isComplete(sweep) ? 'true' : 'false'}">
<p class="sweep-state">${stateBadge(lang, sweep)}${isComplete(sweep) ? html` <span class="muted">${say(lang, SWEEP_TEXT.completedAt)}: ${consoleTime(sweep.completedAtMs, timeZone)}</span>` : ''}</p>
${coverageBar(lang, sweep, 'sweep-answered')}
<div class="sweep-figures">
${count(SWEEP_TEXT.targets, sweep.targets)}
${count(SWEEP_TEXT.answered, sweep.answered, undefined, 'pass')}
${count(SWEEP_TEXT.waiting, sweep.waiting, SWEEP_TEXT.waitingHint, 'warn')}
${count(SWEEP_TEXT.offline, sweep.offline, SWEEP_TEXT.offlineHint, 'warn')}
${count(SWEEP_TEXT.failed, sweep.failed, SWEEP_TEXT.failedHint, 'fail')}
</div>
${
  listed
    ? html`${
        answered.length > 0
          ? html`<p>${say(lang, SWEEP_TEXT.withFailing, {
              failing: answered.filter((target) => target.failedRules > 0).length,
              errors: answered.filter((target) => target.errorRules > 0).length,
            })}</p>`
          : ''
      }
<h2>${say(lang, SWEEP_TEXT.notAnswered)} (${open.length})</h2>
${open.length > 0 ? targetRows(lang, timeZone, open) : html`<p class="muted">${say(lang, SWEEP_TEXT.allAnswered)}</p>`}
${couldNotRun.length > 0 ? html`<h2>${say(lang, SWEEP_TEXT.couldNotRun)} (${couldNotRun.length})</h2>${targetRows(lang, timeZone, couldNotRun)}` : ''}`
    : html`<p class="muted">${say(lang, SWEEP_TEXT.tooManyToList, { limit: TARGET_LIST_LIMIT })}</p>`
}
</div>`;
}

/** What the sweep is: when, by whom, which rules. */
export function sweepFacts(lang: Lang, timeZone: string, sweep: SweepStatus__Output): SafeHtml {
  return html`<dl class="facts">
<dt>${say(lang, SWEEP_TEXT.created)}</dt><dd>${consoleTime(sweep.createdAtMs, timeZone)}</dd>
<dt>${say(lang, SWEEP_TEXT.by)}</dt><dd>${requestedByText(lang, sweep)}</dd>
<dt>${say(lang, SWEEP_TEXT.rules)}</dt><dd>${sweep.ruleIds.length === 0 ? say(lang, SWEEP_TEXT.allRules) : html`<span class="mono">${sweep.ruleIds.join(', ')}</span>`}</dd>
</dl>`;
}

/** Checkboxes for the rules a sweep may name, grouped under a disclosure (none chosen: every rule). */
function rulePicker(
  lang: Lang,
  rules: readonly PolicyRule__Output[],
  fieldId: string,
  chosen: ReadonlySet<string>,
): SafeHtml {
  return html`<details class="rule-picker"${chosen.size > 0 ? html` open` : ''}><summary>${say(lang, SWEEP_TEXT.chooseRules)}</summary>
<fieldset><legend class="muted">${say(lang, SWEEP_TEXT.rules)}</legend><ul>${rules.map((rule, index) => {
    const id = `${fieldId}-${index}`;
    const title = rule.title ? say(lang, rule.title) : '';
    return html`<li><input type="checkbox" id="${id}" name="rule" value="${rule.ruleId}"${chosen.has(rule.ruleId) ? html` checked` : ''}>
<label for="${id}"><span class="mono">${rule.clause}</span> ${title} <span class="mono muted">${rule.ruleId}</span></label></li>`;
  })}</ul></fieldset></details>`;
}

export interface FormProblem {
  /** Which form the problem is about. */
  form: 'run' | 'schedule' | 'delete';
  message: string;
}

export function runForm(
  lang: Lang,
  token: SafeHtml,
  rules: readonly PolicyRule__Output[],
  problem: FormProblem | undefined,
  chosen: ReadonlySet<string>,
): SafeHtml {
  return html`<section class="panel" aria-labelledby="run-heading">
<h2 id="run-heading">${say(lang, SWEEP_TEXT.run)}</h2>
${problem?.form === 'run' ? html`<p class="notice bad" role="alert">${say(lang, SWEEP_TEXT.runRefused, { message: problem.message })}</p>` : ''}
<form method="post" action="/sweeps" class="run-sweep">${token}
<p class="muted">${say(lang, SWEEP_TEXT.runHint)}</p>
${rulePicker(lang, rules, 'run-rule', problem?.form === 'run' ? chosen : new Set())}
<div class="actions"><button type="submit">${say(lang, SWEEP_TEXT.runButton)}</button></div>
</form></section>`;
}

export interface ScheduleFields {
  cron: string;
  timezone: string;
  ruleIds: ReadonlySet<string>;
}

export function scheduleForm(
  lang: Lang,
  token: SafeHtml,
  rules: readonly PolicyRule__Output[],
  fields: ScheduleFields,
  problem: FormProblem | undefined,
): SafeHtml {
  return html`<form method="post" action="/sweeps/schedules" class="add-schedule">${token}
<h3>${say(lang, SWEEP_TEXT.addSchedule)}</h3>
${problem?.form === 'schedule' ? html`<p class="notice bad" role="alert">${say(lang, SWEEP_TEXT.scheduleRefused, { message: problem.message })}</p>` : ''}
<div class="form">
<label for="schedule-cron">${say(lang, SWEEP_TEXT.cron)}<input id="schedule-cron" name="cron" required maxlength="200" value="${fields.cron}" placeholder="0 9 * * 1" aria-describedby="schedule-cron-hint" class="mono"></label>
<label for="schedule-tz">${say(lang, SWEEP_TEXT.timeZone)}<input id="schedule-tz" name="timezone" maxlength="100" value="${fields.timezone}"></label>
</div>
<p id="schedule-cron-hint" class="muted">${say(lang, SWEEP_TEXT.cronHint)}</p>
${rulePicker(lang, rules, 'schedule-rule', fields.ruleIds)}
<div class="actions"><button type="submit">${say(lang, SWEEP_TEXT.scheduleButton)}</button></div>
</form>`;
}

export function scheduleTable(
  lang: Lang,
  timeZone: string,
  token: SafeHtml,
  schedules: readonly SweepSchedule__Output[],
): SafeHtml {
  if (schedules.length === 0) return html`<p class="muted">${say(lang, SWEEP_TEXT.noSchedules)}</p>`;
  return html`<div class="table-wrap"><table class="schedules">
<thead><tr><th>${say(lang, SWEEP_TEXT.schedule)}</th><th>${say(lang, SWEEP_TEXT.cron)}</th><th>${say(lang, COMMON.timeZone)}</th>
<th>${say(lang, SWEEP_TEXT.scope)}</th><th>${say(lang, SWEEP_TEXT.by)}</th><th>${say(lang, SWEEP_TEXT.lastFired)}</th>
<th>${say(lang, SWEEP_TEXT.nextFire)}</th><th></th></tr></thead>
<tbody>${schedules.map(
    (schedule) => html`<tr data-schedule="${schedule.scheduleId}">
<td class="mono">${schedule.scheduleId}</td><td class="mono">${schedule.cron}</td><td>${schedule.timezone || timeZone}</td>
<td>${scopeText(lang, schedule.ruleIds)}</td><td>${schedule.createdBy}</td>
<td>${schedule.lastSweepId ? html`<a href="${sweepPath(schedule.lastSweepId)}">${consoleTime(schedule.lastFiredMs, timeZone)}</a>` : say(lang, COMMON.never)}</td>
<td>${consoleTime(schedule.nextFireMs, timeZone)}</td>
<td><form method="post" action="/sweeps/schedules/delete" data-confirm="${say(lang, SWEEP_TEXT.deleteConfirm, { id: schedule.scheduleId, cron: schedule.cron })}">${token}
<input type="hidden" name="schedule_id" value="${schedule.scheduleId}">
<button type="submit" class="danger" aria-label="${say(lang, SWEEP_TEXT.delete)} ${schedule.scheduleId}">${say(lang, SWEEP_TEXT.delete)}</button></form></td></tr>`,
  )}</tbody></table></div>`;
}
