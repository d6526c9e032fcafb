// A device's findings as the device page shows them: the current verdicts (the live region, re-read whole
// when the device changes) and the finding history. Pure: findings, rules, language and zone in; markup out.
// Each current row carries data-rule, data-subject and data-status so that a reader (or a test) can find one
// verdict and see it change.
import { CLAUSES } from '../../../policies/clause-titles';
import { findingReasonText } from '../../../policies/messages/finding-reason';
import type { Lang } from '../../../policies/messages/language';
import type { PolicyRule__Output } from '../../../proto/generated/shoumi/v1/PolicyRule';
import type { StoredFinding__Output } from '../../../proto/generated/shoumi/v1/StoredFinding';
import { type Bilingual, FINDING_STATUS_TEXT, say } from '../console-text';
import { consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';

export const FINDINGS_TEXT = {
  status: { zh: '结果', en: 'Status' },
  rule: { zh: '规则', en: 'Rule' },
  clause: { zh: '条款', en: 'Clause' },
  subject: { zh: '对象', en: 'Subject' },
  reason: { zh: '原因', en: 'Reason' },
  observed: { zh: '检查时间', en: 'Observed' },
  received: { zh: '收到时间', en: 'Received' },
  none: { zh: '尚无检查结果。', en: 'No findings yet.' },
  more: {
    zh: '只显示前 {n} 条；完整列表见“检查记录”或 shoumictl findings。',
    en: 'Only the first {n} are shown; see the inspection records or shoumictl findings for all.',
  },
  gone: { zh: '已移除', en: 'removed' },
  wholeDevice: { zh: '（整机）', en: '(whole device)' },
  unknownStatus: { zh: '未知', en: 'unknown' },
} satisfies Record<string, Bilingual>;

export interface FindingsInput {
  findings: readonly StoredFinding__Output[];
  rules: ReadonlyMap<string, PolicyRule__Output>;
  lang: Lang;
  timeZone: string;
}

/** Failing first, then errors (neither may hide below the passes), then passes, then not applicable. */
const STATUS_ORDER: Readonly<Record<string, number>> = { FAIL: 0, ERROR: 1, PASS: 2, NOT_APPLICABLE: 3 };

export function currentOrder(findings: readonly StoredFinding__Output[]): StoredFinding__Output[] {
  return [...findings].sort(
    (a, b) =>
      (STATUS_ORDER[a.status] ?? -1) - (STATUS_ORDER[b.status] ?? -1) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.subject.localeCompare(b.subject),
  );
}

/** A status the console does not know reads "unknown" in the error colour, never as a pass. */
export function statusBadge(status: string, lang: Lang): SafeHtml {
  const text = FINDING_STATUS_TEXT[status];
  const tone = text ? status.toLowerCase() : 'error';
  return html`<span class="badge ${tone}">${text ? say(lang, text) : say(lang, FINDINGS_TEXT.unknownStatus)}</span>`;
}

function ruleCell(finding: StoredFinding__Output, input: FindingsInput): SafeHtml {
  const title = input.rules.get(finding.ruleId)?.title;
  const titleText = title ? (input.lang === 'zh' ? title.zh : title.en) || title.zh : '';
  return html`<a href="/rules/${encodeURIComponent(finding.ruleId)}" class="mono">${finding.ruleId}</a>${titleText ? html`<br>${titleText}` : ''}`;
}

function clauseCell(clause: string, lang: Lang): SafeHtml {
  const title = CLAUSES[clause]?.title;
  return html`${clause}${title ? html` <span class="muted">${say(lang, title)}</span>` : ''}`;
}

function subjectCell(subject: string, lang: Lang): SafeHtml {
  return subject === ''
    ? html`<span class="muted">${say(lang, FINDINGS_TEXT.wholeDevice)}</span>`
    : html`<span class="mono">${subject}</span>`;
}

const head = (lang: Lang, last: Bilingual) =>
  html`<thead><tr><th>${say(lang, FINDINGS_TEXT.status)}</th><th>${say(lang, FINDINGS_TEXT.rule)}</th><th>${say(lang, FINDINGS_TEXT.clause)}</th><th>${say(lang, FINDINGS_TEXT.subject)}</th><th>${say(lang, FINDINGS_TEXT.reason)}</th><th>${say(lang, last)}</th></tr></thead>`;

/** The current verdicts, one row per (rule, subject); `shownLimit` set when more exist than were read. */
export function currentFindingsTable(input: FindingsInput, shownLimit?: number): SafeHtml {
  const { lang } = input;
  if (input.findings.length === 0) return html`<p class="muted">${say(lang, FINDINGS_TEXT.none)}</p>`;
  const rows = currentOrder(input.findings).map(
    (finding) =>
      html`<tr data-rule="${finding.ruleId}" data-subject="${finding.subject}" data-status="${finding.status}">
<td>${statusBadge(finding.status, lang)}</td><td>${ruleCell(finding, input)}</td><td>${clauseCell(finding.clause, lang)}</td>
<td>${subjectCell(finding.subject, lang)}</td><td>${findingReasonText(finding, lang)}</td>
<td class="nowrap">${consoleTime(finding.observedAtMs, input.timeZone)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table class="findings">${head(lang, FINDINGS_TEXT.observed)}<tbody>${rows}</tbody></table></div>
${shownLimit !== undefined ? html`<p class="muted">${say(lang, FINDINGS_TEXT.more, { n: shownLimit })}</p>` : ''}`;
}

/** Stored findings newest first, as the agent (or the collector) sent them; removals marked. */
export function findingHistoryTable(input: FindingsInput): SafeHtml {
  const { lang } = input;
  if (input.findings.length === 0) return html`<p class="muted">${say(lang, FINDINGS_TEXT.none)}</p>`;
  const rows = input.findings.map(
    (finding) =>
      html`<tr><td>${finding.gone ? html`<span class="badge info">${say(lang, FINDINGS_TEXT.gone)}</span>` : statusBadge(finding.status, lang)}</td>
<td>${ruleCell(finding, input)}</td><td>${clauseCell(finding.clause, lang)}</td><td>${subjectCell(finding.subject, lang)}</td>
<td>${findingReasonText(finding, lang)}</td><td class="nowrap">${consoleTime(finding.observedAtMs, input.timeZone)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table class="history">${head(lang, FINDINGS_TEXT.observed)}<tbody>${rows}</tbody></table></div>`;
}
