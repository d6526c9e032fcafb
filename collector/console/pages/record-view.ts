// The inspection record inside the console's frame: its facts (unit, time, inspector, scope, policy), the
// summary every form of the record gives (recordSummary), the devices that were not inspected, and the
// problems grouped by device, each by clause, with its corrective measure and a small form to record or
// change it (MarkFinding). A problem's verdict is the record's, never improved on: a measure marked carried
// out while the problem is still there now is flagged, as the printed record flags it. Pure: the record and
// the page's state come in, markup goes out.
import { createHash } from 'node:crypto';
import { CLAUSES } from '../../../policies/clause-titles';
import { findingReasonText } from '../../../policies/messages/finding-reason';
import type { Lang } from '../../../policies/messages/language';
import {
  completedButPersists,
  type InspectionRecord,
  type RecordProblem,
  recordSummary,
  wasInspected,
} from '../../reports/inspection-record';
import {
  completionText,
  coverageText,
  currentStatusText,
  levelText,
  statusText,
  titleOf,
  wordsFor,
} from '../../reports/record-text';
import { MAX_MEASURE_CHARS } from '../../store/store';
import { say } from '../console-text';
import { consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';
import { formToken } from '../layout';
import { type RecordQuery, recordQueryString } from './record-scope';
import { RECORD_TEXT as T } from './record-words';

/** A measure form sent back with an error: which problem, what was typed, and why it was refused. */
export interface MeasureAttempt {
  deviceId: string;
  ruleId: string;
  subject: string;
  measure: string;
  completed: boolean;
  error: string;
}

export interface RecordViewInput {
  lang: Lang;
  timeZone: string;
  csrf: string;
  record: InspectionRecord;
  query: RecordQuery;
  /** `done=measure` in the URL: a measure was just recorded. */
  saved: boolean;
  attempt?: MeasureAttempt;
}

/** A stable anchor for a problem's row (device, rule, subject), so the form comes back to where it was. */
export function problemAnchor(key: { deviceId: string; ruleId: string; subject: string }): string {
  const digest = createHash('sha256')
    .update(`${key.deviceId}\0${key.ruleId}\0${key.subject}`)
    .digest('hex')
    .slice(0, 16);
  return `problem-${digest}`;
}

const sameKey = (problem: RecordProblem, attempt: MeasureAttempt | undefined) =>
  attempt !== undefined &&
  attempt.deviceId === problem.deviceId &&
  attempt.ruleId === problem.ruleId &&
  attempt.subject === problem.subject;

function statusBadge(status: RecordProblem['status'] | RecordProblem['latestStatus'], lang: Lang): SafeHtml {
  return html`<span class="badge ${status}">${statusText(status, lang)}</span>`;
}

function measureCell(problem: RecordProblem, input: RecordViewInput): SafeHtml {
  const { lang, timeZone } = input;
  const disposition = problem.disposition;
  const attempt = sameKey(problem, input.attempt) ? input.attempt : undefined;
  const shown = disposition
    ? html`<p class="measure-text">${disposition.measure}</p>
<p><span class="badge ${disposition.completed ? 'pass' : 'warn'}">${completionText(disposition, lang)}</span>
${disposition.completed ? html` <span class="muted">${say(lang, T.completedAt, { time: consoleTime(disposition.completedAtMs, timeZone) })}</span>` : ''}</p>
<p class="muted">${say(lang, T.recordedBy, { who: disposition.recordedBy, time: consoleTime(disposition.recordedAtMs, timeZone) })}</p>
${completedButPersists(problem) ? html`<p class="badge fail">${say(lang, T.persists)}</p>` : ''}`
    : html`<p class="muted">${completionText(null, lang)}</p>`;
  if (problem.currentStatus === null) return html`${shown}<p class="muted">${say(lang, T.cannotMark)}</p>`;
  const anchor = problemAnchor(problem);
  const measure = attempt?.measure ?? disposition?.measure ?? '';
  const completed = attempt?.completed ?? disposition?.completed ?? false;
  return html`${shown}
${attempt ? html`<p class="notice bad" role="alert">${say(lang, T.measureRefused, { why: attempt.error })}</p>` : ''}
<form method="post" action="/records/measure" class="measure-form">
${formToken(input)}
<input type="hidden" name="device" value="${problem.deviceId}">
<input type="hidden" name="rule" value="${problem.ruleId}">
<input type="hidden" name="subject" value="${problem.subject}">
<input type="hidden" name="return" value="${recordQueryString(input.query)}">
<label for="${anchor}-measure">${say(lang, T.measureLabel)}</label>
<textarea id="${anchor}-measure" name="measure" rows="2" maxlength="${MAX_MEASURE_CHARS}" required>${measure}</textarea>
<label class="check"><input type="checkbox" name="completed" value="1"${completed ? html` checked` : ''}> ${say(lang, T.completedLabel)}</label>
<button type="submit">${say(lang, T.saveMeasure)}</button>
</form>`;
}

function problemRow(problem: RecordProblem, input: RecordViewInput): SafeHtml {
  const { lang, timeZone } = input;
  const colon = wordsFor(lang).colon;
  const clauseTitle = CLAUSES[problem.clause]?.title;
  const current =
    problem.currentStatus === null
      ? html`<span class="badge warn">${currentStatusText(null, lang)}</span>`
      : statusBadge(problem.currentStatus, lang);
  return html`<tr id="${problemAnchor(problem)}">
<td><a href="/rules/clause/${problem.clause}">${problem.clause}</a>${clauseTitle ? html`<div class="muted">${say(lang, clauseTitle)}</div>` : ''}</td>
<td>${titleOf(problem, lang)}<div class="muted mono">${problem.ruleId}</div>${problem.subject ? html`<div class="mono">${problem.subject}</div>` : ''}</td>
<td>${statusBadge(problem.status, lang)} ${findingReasonText(problem, lang)}
<div class="muted">${say(lang, T.observed)}${colon}${consoleTime(problem.observedAtMs, timeZone)}</div>
<div class="muted">${say(lang, T.latest)}${colon}${statusText(problem.latestStatus, lang)} · ${say(lang, T.current)}${colon}${current}</div></td>
<td class="measure">${measureCell(problem, input)}</td>
</tr>`;
}

export function recordViewBody(input: RecordViewInput): SafeHtml {
  const { lang, timeZone, record } = input;
  const words = wordsFor(lang);
  const summary = recordSummary(record);
  const query = recordQueryString(input.query);
  const [fromMs, toMs] =
    record.scope.kind === 'sweep'
      ? [record.scope.startedAtMs, record.scope.completedAtMs]
      : [record.scope.fromMs, record.scope.toMs];
  const scope =
    record.scope.kind === 'sweep'
      ? html`<a href="/sweeps/${record.scope.sweepId}">${say(lang, T.scopeSweep, { id: record.scope.sweepId })}</a>`
      : html`${say(lang, T.scopeWindow)}`;
  const notInspected = record.devices.filter((device) => !wasInspected(device.coverage));

  // By device, then by clause: the order an office walks through when it puts things right.
  const byDevice = new Map<string, RecordProblem[]>();
  for (const problem of record.problems) {
    const list = byDevice.get(problem.deviceId) ?? [];
    list.push(problem);
    byDevice.set(problem.deviceId, list);
  }
  const deviceIds = [...byDevice.keys()].sort((a, b) => a.localeCompare(b));

  return html`
${input.saved ? html`<p class="notice ok" role="status">${say(lang, T.measureSaved)}</p>` : ''}
<div class="actions record-actions">
  <a class="button" href="/records/print?${query}" target="_blank" rel="noopener">${say(lang, T.print)}</a>
  <a class="button secondary" href="/records/download?format=csv&amp;${query}">${say(lang, T.csv)}</a>
  <a class="button secondary" href="/records/download?format=json&amp;${query}">${say(lang, T.json)}</a>
  <a href="/records?${query}">${say(lang, T.change)}</a>
</div>
<section class="panel">
<dl class="facts">
  <dt>${words.unit}</dt><dd>${record.inspectedUnit.configured ? record.inspectedUnit.name : say(lang, T.unitNotSet)}</dd>
  <dt>${words.time}</dt><dd>${consoleTime(fromMs, timeZone)} ${words.to} ${consoleTime(toMs, timeZone) || words.none}</dd>
  <dt>${words.inspector}</dt><dd>${record.inspector}</dd>
  <dt>${words.scope}</dt><dd>${scope}</dd>
  <dt>${words.policy}</dt><dd>${`${record.policyName} ${record.policyVersion}`.trim()}</dd>
  <dt>${words.generated}</dt><dd>${consoleTime(record.generatedAtMs, timeZone)}</dd>
</dl>
</section>
<section class="panel record-summary" aria-label="${lang === 'zh' ? '概况' : 'Summary'}">
<p>${words.devicesLine(summary.devices, summary.inspected, summary.notInspected)}</p>
${
  record.scope.kind === 'sweep'
    ? html`<p>${words.coverageLine(summary.coverage.answered, summary.coverage.failed, summary.coverage.offline, summary.coverage.pending, summary.coverage.never_reported)}</p>`
    : ''
}
${summary.partlyJudged > 0 ? html`<p>${words.partlyLine(summary.partlyJudged)}</p>` : ''}
<p>${words.problemsLine(summary.problems, summary.devicesWithProblems, summary.measured, summary.completed)}</p>
${summary.completedButPersisting > 0 ? html`<p class="notice bad">${words.persistingLine(summary.completedButPersisting)}</p>` : ''}
${record.scope.kind === 'window' ? html`<p class="muted">${words.windowNote}</p>` : ''}
</section>
${
  notInspected.length > 0
    ? html`<h2>${say(lang, T.notInspectedTitle)}</h2>
<div class="table-wrap"><table>
<thead><tr><th>${words.assetNumber}</th><th>${words.hostname}</th><th>${words.classification}</th><th>${words.responsible}</th><th>${words.reasonLabel}</th></tr></thead>
<tbody>${notInspected.map(
        (
          device,
        ) => html`<tr><td><a href="/devices/${encodeURIComponent(device.deviceId)}">${device.assetNumber || device.deviceId}</a></td>
<td>${device.hostname}</td><td>${levelText(device.classification, lang)}</td><td>${device.responsiblePerson}</td>
<td>${coverageText(device.coverage, lang)}${device.coverageError ? html`: ${device.coverageError}` : ''}</td></tr>`,
      )}</tbody></table></div>`
    : ''
}
<h2>${say(lang, T.problemsTitle)}</h2>
${
  record.problems.length === 0
    ? html`<p class="notice ok">${say(lang, T.noProblems)}</p>`
    : deviceIds.map((deviceId) => {
        const problems = byDevice.get(deviceId)!;
        const first = problems[0]!;
        return html`<section class="record-device" aria-labelledby="device-${problemAnchor({ deviceId, ruleId: '', subject: '' })}">
<h3 id="device-${problemAnchor({ deviceId, ruleId: '', subject: '' })}"><a href="/devices/${encodeURIComponent(deviceId)}">${first.assetNumber || deviceId}</a>
<span class="muted">${first.hostname || words.none} · ${words.classification}${words.colon}${levelText(first.classification, lang)} · ${words.responsible}${words.colon}${first.responsiblePerson || words.none} · ${say(lang, T.deviceProblems, { count: problems.length })}</span></h3>
<div class="table-wrap"><table class="record-problems">
<thead><tr><th>${say(lang, T.clause)}</th><th>${say(lang, T.rule)}</th><th>${say(lang, T.reason)}</th><th>${say(lang, T.measure)}</th></tr></thead>
<tbody>${problems.map((problem) => problemRow(problem, input))}</tbody>
</table></div>
</section>`;
      })
}`;
}
