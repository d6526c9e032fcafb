// 总览: how the fleet stands — devices compliant, failing, not yet judged, never seen, and silent — the
// collector's own alerts, the failing devices per clause of 3.7 with the rules under each, and the trend
// of the last 30 days. Every current number links to the device list filtered to it.
import { CLAUSES } from '../../../policies/clause-titles';
import type { CollectorAlert__Output } from '../../../proto/generated/shoumi/v1/CollectorAlert';
import type { ComplianceDay__Output } from '../../../proto/generated/shoumi/v1/ComplianceDay';
import type { FleetStatus__Output } from '../../../proto/generated/shoumi/v1/FleetStatus';
import type { PolicyRule__Output } from '../../../proto/generated/shoumi/v1/PolicyRule';
import type { ConsoleRoute, PageContext, PageResult } from '../console-page';
import { type Bilingual, COMMON, STATE_TEXT, say } from '../console-text';
import { consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';
import { TREND_TEXT, trendChart, trendGeometry, trendLegend, trendTable } from './overview-trend';

const TEXT = {
  title: { zh: '总览', en: 'Overview' },
  devices: { zh: '设备总数', en: 'devices' },
  counts: { zh: '设备状态', en: 'Where the devices stand' },
  silentNote: {
    zh: '失联：曾上线、超过策略允许时长未报告的设备（与上面各状态重叠）。',
    en: 'Silent: seen before, not heard within the time the policy allows (overlaps the states above).',
  },
  alerts: { zh: '采集端告警', en: 'Collector alerts' },
  since: { zh: '起始', en: 'since' },
  byClause: { zh: '各条款不合规设备', en: 'Failing devices by clause' },
  clause: { zh: '条款', en: 'Clause' },
  rules: { zh: '规则', en: 'Rules' },
  failingDevices: { zh: '不合规设备', en: 'Failing devices' },
  failingFindings: { zh: '不合规项', en: 'Failing findings' },
  ruleDevices: { zh: '不合规设备', en: 'failing devices' },
  perRuleNote: {
    zh: '各规则的不合规设备数见设备列表（点“不合规设备”按规则筛选）。',
    en: 'Each rule’s failing devices are in the device list (“failing devices” filters by the rule).',
  },
  trend: { zh: '趋势', en: 'Trend' },
  generatedAt: { zh: '统计时间', en: 'Counted at' },
} satisfies Record<string, Bilingual>;

const TREND_DAYS = 30;
/** The clauses of 3.7 the overview always shows, failing or not (the issue's 3.7.4–3.7.8). */
const SHOWN_CLAUSES = ['3.7.4', '3.7.5', '3.7.6', '3.7.7', '3.7.8'];

/** The counts the cards show: fleet status's, or today's trend row (counted now, silence included). */
interface CardCounts {
  devices: number;
  compliant: number;
  failing: number;
  notYetJudged: number;
  neverSeen: number;
  silent: number | undefined;
  atMs: number;
}

function cards(context: PageContext, counts: CardCounts): SafeHtml {
  const { lang } = context;
  const card = (state: string, count: number | undefined, tone: string) =>
    html`<a class="card ${tone}" href="/devices?state=${state}"><span class="n">${count ?? '—'}</span><span class="l">${say(lang, STATE_TEXT[state]!)}</span></a>`;
  return html`<div class="cards">
  <a class="card" href="/devices"><span class="n">${counts.devices}</span><span class="l">${say(lang, TEXT.devices)}</span></a>
  ${card('compliant', counts.compliant, 'pass')}
  ${card('failing', counts.failing, 'fail')}
  ${card('not_judged', counts.notYetJudged, 'warn')}
  ${card('never_seen', counts.neverSeen, 'warn')}
  ${card('silent', counts.silent, 'warn')}
</div>
<p class="muted note-small">${say(lang, TEXT.silentNote)} ${say(lang, TEXT.generatedAt)}: ${consoleTime(counts.atMs, context.timeZone)}</p>`;
}

function alerts(context: PageContext, list: readonly CollectorAlert__Output[]): SafeHtml {
  if (list.length === 0) return html``;
  const { lang } = context;
  return html`<section aria-label="${say(lang, TEXT.alerts)}">${list.map(
    (alert) =>
      html`<p class="notice ${alert.severity === 'error' ? 'bad' : 'info'}" role="alert">${lang === 'zh' ? alert.messageZh || alert.messageEn : alert.messageEn || alert.messageZh}${
        alert.sinceMs > 0
          ? html` <span class="muted">(${say(lang, TEXT.since)} ${consoleTime(alert.sinceMs, context.timeZone)})</span>`
          : ''
      }</p>`,
  )}</section>`;
}

function clauses(
  context: PageContext,
  status: FleetStatus__Output,
  rules: readonly PolicyRule__Output[],
): SafeHtml {
  const { lang } = context;
  const counts = new Map(status.byClause.map((row) => [row.clause, row]));
  const shown = [
    ...new Set([...SHOWN_CLAUSES, ...rules.map((rule) => rule.clause), ...counts.keys()]),
  ].sort();
  return html`<div class="table-wrap"><table class="clauses">
<thead><tr><th scope="col">${say(lang, TEXT.clause)}</th><th scope="col">${say(lang, TEXT.rules)}</th><th scope="col" class="num">${say(lang, TEXT.failingDevices)}</th><th scope="col" class="num">${say(lang, TEXT.failingFindings)}</th></tr></thead>
<tbody>${shown.map((clause) => {
    const title = CLAUSES[clause]?.title;
    const row = counts.get(clause);
    const under = rules.filter((rule) => rule.clause === clause);
    return html`<tr id="clause-${clause}"><th scope="row"><a href="/rules/clause/${clause}">${clause}</a> ${title ? say(lang, title) : ''}</th>
<td>${
      under.length === 0
        ? html`<span class="muted">${say(lang, COMMON.none)}</span>`
        : html`<ul class="clause-rules">${under.map(
            (rule) =>
              html`<li><a href="/rules/${encodeURIComponent(rule.ruleId)}">${say(lang, rule.title ?? { zh: rule.ruleId, en: rule.ruleId })}</a> <a class="muted note-small" href="/devices?rule=${encodeURIComponent(rule.ruleId)}">${say(lang, TEXT.ruleDevices)}</a></li>`,
          )}</ul>`
    }</td>
<td class="num"><a href="/devices?clause=${clause}">${row?.failingDevices ?? 0}</a></td><td class="num">${row?.failingFindings ?? 0}</td></tr>`;
  })}</tbody>
</table></div>
<p class="muted note-small">${say(lang, TEXT.perRuleNote)}</p>`;
}

function trend(context: PageContext, days: readonly ComplianceDay__Output[], today: string): SafeHtml {
  const { lang } = context;
  const geometry = trendGeometry(days, today, TREND_DAYS);
  return html`<div class="trend">
<figure class="trend-figure">${trendChart(geometry, lang)}
${trendLegend(lang)}
<figcaption class="muted note-small">${say(lang, TREND_TEXT.desc)} ${say(lang, TREND_TEXT.absent)}</figcaption></figure>
<details class="trend-numbers"><summary>${say(lang, TREND_TEXT.numbers)}</summary>
${trendTable(geometry, lang, context.timeZone, today)}
</details></div>`;
}

async function overview(context: PageContext): Promise<PageResult> {
  const { lang } = context;
  const [status, trendAnswer, policy] = await Promise.all([
    context.call('GetFleetStatus', {}),
    context.call('GetComplianceTrend', { days: TREND_DAYS }),
    context.call('ListRules', {}),
  ]);
  const todayRow = trendAnswer.days.at(-1);
  const today = todayRow?.day ?? '';
  const body = html`
${alerts(context, status.collectorAlerts)}
<section aria-label="${say(lang, TEXT.counts)}" data-live="/overview/cards" data-topics="fleet" class="overview-cards">
${cards(context, { ...status, silent: todayRow?.silent, atMs: status.generatedAtMs })}
</section>
<h2>${say(lang, TEXT.byClause)}</h2>
${clauses(context, status, policy.rules)}
<h2>${say(lang, TEXT.trend)}</h2>
${today ? trend(context, trendAnswer.days, today) : ''}`;
  return { kind: 'page', title: say(lang, TEXT.title), nav: 'overview', body };
}

// The live region's refresh: one call (today's row is counted now, the same counts fleet status gives),
// so a tab left open on a busy fleet costs one audited call a second at most.
async function overviewCards(context: PageContext): Promise<PageResult> {
  const today = (await context.call('GetComplianceTrend', { days: 1 })).days.at(-1);
  if (!today) throw new Error('GetComplianceTrend answered without today');
  return { kind: 'fragment', body: cards(context, { ...today, atMs: today.recordedAtMs }) };
}

export const OVERVIEW_ROUTES: readonly ConsoleRoute[] = [
  { method: 'GET', path: '/', handle: overview },
  { method: 'GET', path: '/overview/cards', handle: overviewCards },
];
