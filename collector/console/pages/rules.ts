// 规则: the policy's rules grouped by clause, a clause (its own words, its rules, the devices failing it)
// and a rule (title, rationale, remediation, parameters, severity, the devices failing it). Every role may
// read the policy (ListRules); the device lists are the operators' (ListDevices): a reader whose role may
// not list devices gets the text and a note saying why the list is not shown.
import * as grpc from '@grpc/grpc-js';
import { CLAUSES } from '../../../policies/clause-titles';
import type { Lang } from '../../../policies/messages/language';
import type { DeviceSummary__Output } from '../../../proto/generated/shoumi/v1/DeviceSummary';
import type { ListDevicesResponse__Output } from '../../../proto/generated/shoumi/v1/ListDevicesResponse';
import type { PolicyRule__Output } from '../../../proto/generated/shoumi/v1/PolicyRule';
import { AdminCallError } from '../admin-door';
import type { ConsoleRoute, PageContext, PageResult } from '../console-page';
import { type Bilingual, COMMON, STATE_TEXT, say } from '../console-text';
import { consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';

const TEXT = {
  title: { zh: '规则', en: 'Rules' },
  policy: {
    zh: '当前策略：{name}（版本 {version}），共 {count} 条规则。',
    en: 'Policy in force: {name} (version {version}), {count} rules.',
  },
  clause: { zh: '条款 {clause}', en: 'Clause {clause}' },
  clauseText: { zh: '条款原文', en: 'The clause' },
  clauseTextNote: { zh: '条款原文', en: 'The standard’s own words (Chinese)' },
  rule: { zh: '规则', en: 'Rule' },
  ruleId: { zh: '规则编号', en: 'Rule id' },
  severity: { zh: '严重程度', en: 'Severity' },
  rationale: { zh: '依据', en: 'Rationale' },
  remediation: { zh: '整改措施', en: 'Remediation' },
  params: { zh: '参数', en: 'Parameters' },
  noParams: { zh: '本规则无参数。', en: 'This rule has no parameters.' },
  rulesOfClause: { zh: '本条款的规则', en: 'Rules under this clause' },
  noRules: { zh: '当前策略在本条款下没有规则。', en: 'The policy in force has no rule under this clause.' },
  failingDevices: { zh: '不合规设备', en: 'Failing devices' },
  failingNone: { zh: '当前没有不合规设备。', en: 'No device is failing now.' },
  failingShown: {
    zh: '共 {total} 台，下表列出前 {shown} 台；完整列表见设备页。',
    en: '{total} devices; the first {shown} are listed; the whole list is on the devices page.',
  },
  fullList: { zh: '在设备列表中查看', en: 'Open in the device list' },
  operatorsOnly: {
    zh: '设备列表仅供系统管理员和安全保密管理员查看；当前身份可阅读规则内容。',
    en: 'Device lists are for the system and security administrators; your role may read the rules.',
  },
  listUnavailable: {
    zh: '暂时无法列出不合规设备（{reason}），请在设备页按条件筛选。',
    en: 'The failing devices cannot be listed here ({reason}); filter the device list instead.',
  },
  filterNotServed: {
    zh: '采集端未按该条件筛选设备',
    en: 'the collector does not filter devices by this',
  },
  device: { zh: '设备', en: 'Device' },
  department: { zh: '部门', en: 'Department' },
  state: { zh: '状态', en: 'State' },
  failing: { zh: '不合规项', en: 'Failing' },
  errors: { zh: '无法判定', en: 'Errors' },
  lastSeen: { zh: '最后上线', en: 'Last seen' },
  unknownRule: { zh: '当前策略中没有规则 {id}', en: 'The policy in force has no rule {id}' },
  unknownClause: { zh: '没有条款 {clause}', en: 'There is no clause {clause}' },
} satisfies Record<string, Bilingual>;

const SEVERITY_TEXT: Readonly<Record<string, Bilingual>> = {
  LOW: { zh: '低', en: 'low' },
  MEDIUM: { zh: '中', en: 'medium' },
  HIGH: { zh: '高', en: 'high' },
  CRITICAL: { zh: '严重', en: 'critical' },
  SEVERITY_UNSPECIFIED: { zh: '未定', en: 'unspecified' },
};

/** How many failing devices a rule or clause page lists; the device list has them all. */
const LISTED_DEVICES = 100;

const text = (lang: Lang, value: { zh: string; en: string } | null | undefined, fallback = '') =>
  value ? say(lang, value) : fallback;

function clauseHeading(lang: Lang, clause: string): string {
  const title = CLAUSES[clause]?.title;
  return `${say(lang, TEXT.clause, { clause })}${title ? ` ${say(lang, title)}` : ''}`;
}

/** The clause's words: the standard's Chinese, or our English rendering with the Chinese kept beside it. */
function clauseWords(lang: Lang, clause: string): SafeHtml {
  const words = CLAUSES[clause];
  if (!words) return html``;
  if (lang === 'zh') return html`<blockquote class="clause-text" lang="zh-CN">${words.text}</blockquote>`;
  return html`<blockquote class="clause-text">${words.textEn}</blockquote>
<details class="clause-original"><summary>${say(lang, TEXT.clauseTextNote)}</summary><blockquote lang="zh-CN">${words.text}</blockquote></details>`;
}

function severity(lang: Lang, value: string): SafeHtml {
  const tone = value === 'CRITICAL' || value === 'HIGH' ? 'fail' : value === 'MEDIUM' ? 'warn' : 'info';
  return html`<span class="badge ${tone}">${say(lang, SEVERITY_TEXT[value] ?? { zh: value, en: value })}</span>`;
}

function rulesTable(lang: Lang, rules: readonly PolicyRule__Output[]): SafeHtml {
  return html`<div class="table-wrap"><table class="rules-table">
<thead><tr><th scope="col">${say(lang, TEXT.rule)}</th><th scope="col">${say(lang, TEXT.ruleId)}</th><th scope="col">${say(lang, TEXT.severity)}</th></tr></thead>
<tbody>${rules.map(
    (rule) =>
      html`<tr><td><a href="/rules/${encodeURIComponent(rule.ruleId)}">${text(lang, rule.title, rule.ruleId)}</a></td><td class="mono">${rule.ruleId}</td><td>${severity(lang, rule.severity)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** "ok" with the list; or why there is none to show (the reader's role, a filter this collector lacks). */
type FailingDevices =
  | { kind: 'listed'; answer: ListDevicesResponse__Output }
  | { kind: 'not-for-role' }
  | { kind: 'unavailable'; reason: string };

async function failingDevices(
  context: PageContext,
  filter: { clause: string } | { ruleId: string },
): Promise<FailingDevices> {
  try {
    const answer = await context.call('ListDevices', { ...filter, limit: LISTED_DEVICES });
    // A collector whose device list ignores the clause and rule filters answers every device with no total:
    // listing those as failing would be a wrong verdict, so the page says it cannot tell instead.
    if (answer.total === 0 && answer.devices.length > 0)
      return { kind: 'unavailable', reason: say(context.lang, TEXT.filterNotServed) };
    return { kind: 'listed', answer };
  } catch (error) {
    if (error instanceof AdminCallError && error.code === grpc.status.PERMISSION_DENIED)
      return { kind: 'not-for-role' };
    if (
      error instanceof AdminCallError &&
      (error.code === grpc.status.UNIMPLEMENTED || error.code === grpc.status.INVALID_ARGUMENT)
    )
      return { kind: 'unavailable', reason: error.message };
    throw error;
  }
}

function deviceName(device: DeviceSummary__Output): string {
  const parts = [device.assetNumber, device.hostname].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(' · ') : device.deviceId;
}

function failingSection(context: PageContext, found: FailingDevices, listHref: string): SafeHtml {
  const { lang } = context;
  const heading = html`<h2 id="failing-devices">${say(lang, TEXT.failingDevices)}</h2>`;
  if (found.kind === 'not-for-role')
    return html`${heading}<p class="notice info" data-devices="not-for-role">${say(lang, TEXT.operatorsOnly)}</p>`;
  if (found.kind === 'unavailable')
    return html`${heading}<p class="notice bad" data-devices="unavailable">${say(lang, TEXT.listUnavailable, { reason: found.reason })} <a href="${listHref}">${say(lang, TEXT.fullList)}</a></p>`;
  const { devices, total } = found.answer;
  if (devices.length === 0)
    return html`${heading}<p class="muted" data-devices="none">${say(lang, TEXT.failingNone)}</p>`;
  return html`${heading}
<p class="muted">${say(lang, TEXT.failingShown, { total, shown: devices.length })} <a href="${listHref}">${say(lang, TEXT.fullList)}</a></p>
<div class="table-wrap"><table class="failing-devices">
<thead><tr><th scope="col">${say(lang, TEXT.device)}</th><th scope="col">${say(lang, TEXT.department)}</th><th scope="col">${say(lang, TEXT.state)}</th><th scope="col" class="num">${say(lang, TEXT.failing)}</th><th scope="col" class="num">${say(lang, TEXT.errors)}</th><th scope="col">${say(lang, TEXT.lastSeen)}</th></tr></thead>
<tbody>${devices.map(
    (device) =>
      html`<tr><td><a href="/devices/${encodeURIComponent(device.deviceId)}">${deviceName(device)}</a></td><td>${device.department}</td><td><span class="badge ${device.state}">${say(lang, STATE_TEXT[device.state] ?? { zh: device.state, en: device.state })}</span></td><td class="num">${device.failing}</td><td class="num">${device.errors}</td><td>${device.lastSeenMs > 0 ? consoleTime(device.lastSeenMs, context.timeZone) : say(lang, COMMON.never)}</td></tr>`,
  )}</tbody></table></div>`;
}

/** Parameters as "name: value" lines; lists and objects as compact JSON. */
function paramsList(lang: Lang, paramsJson: string): SafeHtml {
  let params: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(paramsJson || '{}') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      params = parsed as Record<string, unknown>;
  } catch {
    return html`<pre class="mono">${paramsJson}</pre>`;
  }
  const entries = Object.entries(params);
  if (entries.length === 0) return html`<p class="muted">${say(lang, TEXT.noParams)}</p>`;
  return html`<dl class="facts rule-params">${entries.map(
    ([name, value]) =>
      html`<dt class="mono">${name}</dt><dd>${
        Array.isArray(value) && value.every((item) => typeof item !== 'object' || item === null)
          ? html`<ul class="param-list">${value.map((item) => html`<li class="mono">${String(item)}</li>`)}</ul>`
          : typeof value === 'object' && value !== null
            ? html`<pre class="mono">${JSON.stringify(value, null, 2)}</pre>`
            : html`<span class="mono">${String(value)}</span>`
      }</dd>`,
  )}</dl>`;
}

async function rulesIndex(context: PageContext): Promise<PageResult> {
  const { lang } = context;
  const policy = await context.call('ListRules', {});
  const clauses = [...new Set(policy.rules.map((rule) => rule.clause))].sort();
  const body = html`<p class="muted">${say(lang, TEXT.policy, { name: policy.policyName, version: policy.policyVersion, count: policy.rules.length })}</p>
${clauses.map(
  (clause) => html`<section class="clause-block" id="clause-${clause}">
<h2><a href="/rules/clause/${clause}">${clauseHeading(lang, clause)}</a></h2>
${clauseWords(lang, clause)}
${rulesTable(
  lang,
  policy.rules.filter((rule) => rule.clause === clause),
)}
</section>`,
)}`;
  return { kind: 'page', title: say(lang, TEXT.title), nav: 'rules', body };
}

async function clausePage(context: PageContext): Promise<PageResult> {
  const { lang } = context;
  const clause = context.params.clause ?? '';
  const policy = await context.call('ListRules', { clause });
  if (!CLAUSES[clause] && policy.rules.length === 0)
    throw new AdminCallError(grpc.status.NOT_FOUND, say(lang, TEXT.unknownClause, { clause }));
  const found = await failingDevices(context, { clause });
  const body = html`<p><a href="/rules">${say(lang, TEXT.title)}</a> › ${clause}</p>
<h2>${say(lang, TEXT.clauseText)}</h2>
${clauseWords(lang, clause)}
<h2>${say(lang, TEXT.rulesOfClause)}</h2>
${policy.rules.length > 0 ? rulesTable(lang, policy.rules) : html`<p class="muted">${say(lang, TEXT.noRules)}</p>`}
${failingSection(context, found, `/devices?clause=${encodeURIComponent(clause)}`)}`;
  return { kind: 'page', title: clauseHeading(lang, clause), nav: 'rules', body };
}

async function rulePage(context: PageContext): Promise<PageResult> {
  const { lang } = context;
  const ruleId = context.params.ruleId ?? '';
  const policy = await context.call('ListRules', { ruleId });
  const rule = policy.rules[0];
  if (!rule) throw new AdminCallError(grpc.status.NOT_FOUND, say(lang, TEXT.unknownRule, { id: ruleId }));
  const found = await failingDevices(context, { ruleId });
  const body = html`<p><a href="/rules">${say(lang, TEXT.title)}</a> › <a href="/rules/clause/${rule.clause}">${clauseHeading(lang, rule.clause)}</a></p>
<dl class="facts rule-facts">
<dt>${say(lang, TEXT.ruleId)}</dt><dd class="mono">${rule.ruleId}</dd>
<dt>${say(lang, TEXT.severity)}</dt><dd>${severity(lang, rule.severity)}</dd>
</dl>
<h2>${say(lang, TEXT.rationale)}</h2>
<p class="rule-rationale">${text(lang, rule.rationale)}</p>
<h2>${say(lang, TEXT.remediation)}</h2>
<p class="rule-remediation">${text(lang, rule.remediation)}</p>
<h2>${say(lang, TEXT.params)}</h2>
${paramsList(lang, rule.paramsJson)}
${failingSection(context, found, `/devices?rule=${encodeURIComponent(rule.ruleId)}`)}`;
  return { kind: 'page', title: text(lang, rule.title, rule.ruleId), nav: 'rules', body };
}

export const RULES_ROUTES: readonly ConsoleRoute[] = [
  { method: 'GET', path: '/rules', handle: rulesIndex },
  { method: 'GET', path: '/rules/clause/:clause', handle: clausePage },
  { method: 'GET', path: '/rules/:ruleId', handle: rulePage },
];
