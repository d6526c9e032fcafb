// 设备: the fleet's devices under combinable filters (department, 密级, clause, rule, status, state, online,
// last seen, a search of asset numbers and hostnames), every filter and the page in the URL; the filtered list
// exported whole as CSV or .xlsx. Everything comes from ListDevices (and ListRules for the rule choice), the
// same use case shoumictl calls: the filters are the use case's, judged there.
import * as grpc from '@grpc/grpc-js';
import { CLAUSES } from '../../../policies/clause-titles';
import { CLASSIFICATIONS } from '../../../policies/model';
import type { DeviceSummary__Output } from '../../../proto/generated/shoumi/v1/DeviceSummary';
import type { PolicyRule__Output } from '../../../proto/generated/shoumi/v1/PolicyRule';
import { MAX_PAGE } from '../../admin/admin-call';
import { DEVICE_LIST_STATES, ONLINE_FILTERS } from '../../admin/device-list-filter';
import { DEVICE_STATUSES } from '../../store/store';
import { AdminCallError } from '../admin-door';
import type { ConsoleRoute, PageContext, PageResult } from '../console-page';
import {
  type Bilingual,
  CLASSIFICATION_TEXT,
  COMMON,
  DEVICE_STATUS_TEXT,
  STATE_TEXT,
  say,
} from '../console-text';
import { consoleDay, consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';
import { CSV_CONTENT_TYPE, deviceRows, devicesCsv, devicesXlsx, XLSX_CONTENT_TYPE } from './devices-export';
import { DEVICE_QUERY_FIELDS, type DeviceQuery, deviceQueryString, readDeviceQuery } from './devices-query';

/** Devices on one page of the list. */
export const DEVICES_PAGE_SIZE = 50;
/** The clauses of 3.7 the policy's rules fall under, offered in the clause choice. */
const CLAUSE_CHOICES = ['3.7.4', '3.7.5', '3.7.6', '3.7.7', '3.7.8'];

const TEXT = {
  title: { zh: '设备', en: 'Devices' },
  filters: { zh: '筛选条件', en: 'Filters' },
  department: { zh: '部门', en: 'Department' },
  classification: { zh: '密级', en: 'Classification' },
  clause: { zh: '条款', en: 'Clause' },
  rule: { zh: '规则', en: 'Rule' },
  status: { zh: '设备状态', en: 'Status' },
  state: { zh: '合规状态', en: 'State' },
  online: { zh: '在线', en: 'Online' },
  seenFrom: { zh: '最后上线 自', en: 'Last seen from' },
  seenTo: { zh: '最后上线 至', en: 'Last seen to' },
  search: { zh: '资产编号或主机名', en: 'Asset number or hostname' },
  assetNumber: { zh: '资产编号', en: 'Asset number' },
  hostname: { zh: '主机名', en: 'Hostname' },
  responsible: { zh: '责任人', en: 'Responsible' },
  failing: { zh: '不通过', en: 'Failing' },
  errors: { zh: '无法判定', en: 'Errors' },
  lastSeen: { zh: '最后上线', en: 'Last seen' },
  total: { zh: '符合条件的设备共 {n} 台', en: '{n} devices match' },
  shown: { zh: '本页第 {from}–{to} 台', en: 'showing {from}–{to}' },
  noDevices: { zh: '没有符合条件的设备。', en: 'No device matches.' },
  exportCsv: { zh: '导出 CSV', en: 'Export CSV' },
  exportXlsx: { zh: '导出 Excel', en: 'Export Excel' },
  openClauseHint: {
    zh: '条款与规则：列出在该条款或规则下有不通过或无法判定项的设备。',
    en: 'Clause and rule: devices with a failing or undetermined finding under it.',
  },
  badField: { zh: '筛选项 {field} 的值“{value}”无效。', en: 'Filter {field}: "{value}" is not valid.' },
  allowed: { zh: '可选值：{values}', en: 'Allowed: {values}' },
  timeFormat: {
    zh: '应为 年-月-日T时:分，且“自”不晚于“至”。',
    en: 'Expected YYYY-MM-DDTHH:MM, from not after to.',
  },
  silent: { zh: '失联', en: 'silent' },
} satisfies Record<string, Bilingual>;

const ONLINE_TEXT: Readonly<Record<string, Bilingual>> = {
  connected: COMMON.connected,
  disconnected: COMMON.disconnected,
};

function option(value: string, label: string, selected: string): SafeHtml {
  return html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
}

function choice(
  context: PageContext,
  name: string,
  label: Bilingual,
  selected: string,
  options: ReadonlyArray<[string, string]>,
): SafeHtml {
  const { lang } = context;
  // A value in the URL the list does not offer stays shown, so the form says what is being filtered.
  const known = selected === '' || options.some(([value]) => value === selected);
  return html`<label>${say(lang, label)}<select name="${name}">
${option('', say(lang, COMMON.all), selected)}${options.map(([value, text]) => option(value, text, selected))}${
  known ? '' : option(selected, selected, selected)
}</select></label>`;
}

function filterForm(
  context: PageContext,
  query: DeviceQuery,
  rules: readonly PolicyRule__Output[],
): SafeHtml {
  const { lang } = context;
  const ruleTitle = (rule: PolicyRule__Output) =>
    `${rule.ruleId}${rule.title ? ` · ${lang === 'zh' ? rule.title.zh : rule.title.en}` : ''}`;
  return html`<form class="filters devices-filters" method="get" action="/devices" aria-label="${say(lang, TEXT.filters)}">
<label>${say(lang, TEXT.search)}<input type="search" name="q" value="${query.q}" maxlength="200"></label>
<label>${say(lang, TEXT.department)}<input type="text" name="department" value="${query.department}"></label>
${choice(
  context,
  'classification',
  TEXT.classification,
  query.classification,
  CLASSIFICATIONS.map((level) => [
    level,
    say(lang, CLASSIFICATION_TEXT[level.toUpperCase() as keyof typeof CLASSIFICATION_TEXT]),
  ]),
)}
${choice(
  context,
  'clause',
  TEXT.clause,
  query.clause,
  CLAUSE_CHOICES.map((clause) => [
    clause,
    `${clause}${CLAUSES[clause] ? ` ${say(lang, CLAUSES[clause]!.title)}` : ''}`,
  ]),
)}
${choice(
  context,
  'rule',
  TEXT.rule,
  query.rule,
  rules.map((rule) => [rule.ruleId, ruleTitle(rule)]),
)}
${choice(
  context,
  'status',
  TEXT.status,
  query.status,
  DEVICE_STATUSES.map((status) => [status, say(lang, DEVICE_STATUS_TEXT[status]!)]),
)}
${choice(
  context,
  'state',
  TEXT.state,
  query.state,
  DEVICE_LIST_STATES.map((state) => [state, say(lang, STATE_TEXT[state]!)]),
)}
${choice(
  context,
  'online',
  TEXT.online,
  query.online,
  ONLINE_FILTERS.map((online) => [online, say(lang, ONLINE_TEXT[online]!)]),
)}
<label>${say(lang, TEXT.seenFrom)}<input type="datetime-local" name="seen_from" value="${query.seen_from}"></label>
<label>${say(lang, TEXT.seenTo)}<input type="datetime-local" name="seen_to" value="${query.seen_to}"></label>
<div class="actions"><button type="submit">${say(lang, COMMON.filter)}</button>
<a class="button secondary" href="/devices">${say(lang, COMMON.clear)}</a></div>
</form>
<p class="muted hint">${say(lang, TEXT.openClauseHint)}</p>`;
}

function deviceRow(context: PageContext, device: DeviceSummary__Output): SafeHtml {
  const { lang } = context;
  const state = STATE_TEXT[device.state];
  return html`<tr>
<td class="mono">${device.assetNumber}</td>
<td><a href="/devices/${encodeURIComponent(device.deviceId)}">${device.hostname || device.deviceId}</a></td>
<td>${device.department}</td>
<td>${say(lang, CLASSIFICATION_TEXT[device.classification])}</td>
<td>${device.responsiblePerson}</td>
<td><span class="badge ${device.state}">${state ? say(lang, state) : device.state}</span></td>
<td class="num">${device.failing}</td>
<td class="num">${device.errors}</td>
<td>${device.connected ? html`<span class="badge pass">${say(lang, COMMON.connected)}</span>` : html`<span class="muted">${say(lang, COMMON.disconnected)}</span>`}</td>
<td class="when">${device.lastSeenMs > 0 ? consoleTime(device.lastSeenMs, context.timeZone) : html`<span class="muted">${say(lang, COMMON.never)}</span>`}</td>
</tr>`;
}

function badQuery(
  context: PageContext,
  message: string,
  query: DeviceQuery,
  rules: readonly PolicyRule__Output[],
): PageResult {
  const { lang } = context;
  return {
    kind: 'page',
    status: 400,
    title: say(lang, TEXT.title),
    nav: 'devices',
    body: html`<p class="notice bad" role="alert">${message}</p>${filterForm(context, query, rules)}`,
  };
}

const EMPTY_QUERY = Object.fromEntries(DEVICE_QUERY_FIELDS.map((field) => [field, ''])) as DeviceQuery;

/** The query read, or the 400 page naming what was wrong with it. */
function queryOf(context: PageContext, rules: readonly PolicyRule__Output[]) {
  const read = readDeviceQuery(context.url.searchParams, context.timeZone);
  if (read.ok) return read;
  const { lang } = context;
  const shown = Object.fromEntries(
    [...context.url.searchParams.entries()].filter(([name]) => name in EMPTY_QUERY),
  ) as Partial<DeviceQuery>;
  const detail = read.allowed
    ? say(lang, TEXT.allowed, { values: read.allowed.join(', ') })
    : read.field.startsWith('seen_')
      ? say(lang, TEXT.timeFormat)
      : '';
  return badQuery(
    context,
    `${say(lang, TEXT.badField, { field: read.field, value: read.value })} ${detail}`.trim(),
    { ...EMPTY_QUERY, ...shown },
    rules,
  );
}

async function devicesPage(context: PageContext): Promise<PageResult> {
  const { lang } = context;
  const rules = (await context.call('ListRules', {})).rules;
  const read = queryOf(context, rules);
  if (!('ok' in read)) return read;
  const { query, request, after } = read;
  let page: Awaited<ReturnType<typeof context.call<'ListDevices'>>>;
  try {
    page = await context.call('ListDevices', { ...request, limit: DEVICES_PAGE_SIZE, afterDeviceId: after });
  } catch (error) {
    // A filter only the use case can judge (a clause or rule not in the policy in force): its own words.
    if (error instanceof AdminCallError && error.code === grpc.status.INVALID_ARGUMENT)
      return badQuery(context, error.message, query, rules);
    throw error;
  }
  const exportQuery = deviceQueryString(query);
  const next = page.nextAfterDeviceId;
  const body = html`${filterForm(context, query, rules)}
<div class="actions devices-summary">
  <strong class="total" data-total="${page.total}">${say(lang, TEXT.total, { n: page.total })}</strong>
  <a class="button secondary" href="/devices/export.csv${exportQuery}" download>${say(lang, TEXT.exportCsv)}</a>
  <a class="button secondary" href="/devices/export.xlsx${exportQuery}" download>${say(lang, TEXT.exportXlsx)}</a>
</div>
${
  page.devices.length === 0
    ? html`<p class="notice info">${say(lang, TEXT.noDevices)}</p>`
    : html`<div class="table-wrap"><table class="devices">
<thead><tr><th>${say(lang, TEXT.assetNumber)}</th><th>${say(lang, TEXT.hostname)}</th><th>${say(lang, TEXT.department)}</th>
<th>${say(lang, TEXT.classification)}</th><th>${say(lang, TEXT.responsible)}</th><th>${say(lang, TEXT.state)}</th>
<th class="num">${say(lang, TEXT.failing)}</th><th class="num">${say(lang, TEXT.errors)}</th><th>${say(lang, TEXT.online)}</th>
<th>${say(lang, TEXT.lastSeen)}</th></tr></thead>
<tbody>${page.devices.map((device) => deviceRow(context, device))}</tbody>
</table></div>`
}
<nav class="pager" aria-label="${lang === 'zh' ? '翻页' : 'Pages'}">
${after !== '' ? html`<a href="/devices${exportQuery}">${say(lang, COMMON.first)}</a>` : ''}
${next !== '' ? html`<a rel="next" href="/devices${deviceQueryString(query, { after: next })}">${say(lang, COMMON.next)}</a>` : ''}
</nav>`;
  return { kind: 'page', title: say(lang, TEXT.title), nav: 'devices', body };
}

/** Every device the filters match, read through ListDevices a page of MAX_PAGE at a time. */
async function allMatching(context: PageContext): Promise<DeviceSummary__Output[] | PageResult> {
  const read = queryOf(context, []);
  if (!('ok' in read)) return read;
  const devices: DeviceSummary__Output[] = [];
  let after = '';
  do {
    const page = await context.call('ListDevices', {
      ...read.request,
      limit: MAX_PAGE,
      afterDeviceId: after,
    });
    devices.push(...page.devices);
    after = page.nextAfterDeviceId;
  } while (after !== '');
  return devices;
}

function exportRoute(extension: 'csv' | 'xlsx'): ConsoleRoute {
  return {
    method: 'GET',
    path: `/devices/export.${extension}`,
    async handle(context) {
      const devices = await allMatching(context);
      if (!Array.isArray(devices)) return devices;
      const rows = deviceRows(devices, context.lang, context.timeZone);
      const fileName = `devices-${consoleDay(context.now(), context.timeZone)}.${extension}`;
      return extension === 'csv'
        ? { kind: 'file', contentType: CSV_CONTENT_TYPE, fileName, body: devicesCsv(rows) }
        : {
            kind: 'file',
            contentType: XLSX_CONTENT_TYPE,
            fileName,
            body: await devicesXlsx(rows, context.lang),
          };
    },
  };
}

export const DEVICES_ROUTES: readonly ConsoleRoute[] = [
  { method: 'GET', path: '/devices', handle: devicesPage },
  exportRoute('csv'),
  exportRoute('xlsx'),
];
