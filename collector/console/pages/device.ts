// 设备详情: one device — where it stands, its current findings (live: re-read when the device changes), their
// history, its ledger entry (editable by whoever may call UpdateDevice), its hardware and what changed in it,
// the USB media its agent reported and the sweeps sent to it. Each part comes from its own admin call; a part
// the reader's role may not read (the system administrator and findings) is replaced by a note saying so,
// never the whole page refused.
import * as grpc from '@grpc/grpc-js';
import { mediumKeyText } from '../../../policies/medium-key';
import type { Lang } from '../../../policies/messages/language';
import type { DeviceDetail__Output } from '../../../proto/generated/shoumi/v1/DeviceDetail';
import type { LedgerChange__Output } from '../../../proto/generated/shoumi/v1/LedgerChange';
import type { PolicyRule__Output } from '../../../proto/generated/shoumi/v1/PolicyRule';
import type { StoredFinding__Output } from '../../../proto/generated/shoumi/v1/StoredFinding';
import { METHOD_ROLES } from '../../admin/method-roles';
import { AdminCallError } from '../admin-door';
import type { ConsoleRoute, PageContext, PageResult } from '../console-page';
import {
  type Bilingual,
  CLASSIFICATION_TEXT,
  COMMON,
  DEVICE_STATUS_TEXT,
  ROLE_TEXT,
  STATE_TEXT,
  say,
} from '../console-text';
import { consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';
import { formToken } from '../layout';
import { currentFindingsTable, findingHistoryTable } from './device-findings';
import { MEDIUM_STATUS_TEXT } from './media-words';

const TEXT = {
  title: { zh: '设备 {name}', en: 'Device {name}' },
  summary: { zh: '概况', en: 'Summary' },
  state: { zh: '状态', en: 'State' },
  online: { zh: '连接', en: 'Connection' },
  lastSeen: { zh: '最后联系', en: 'Last seen' },
  firstSeen: { zh: '首次联系', en: 'First seen' },
  agentVersion: { zh: '客户端版本', en: 'Agent version' },
  policyVersion: { zh: '策略版本', en: 'Policy version' },
  os: { zh: '操作系统', en: 'OS' },
  hostname: { zh: '主机名', en: 'Hostname' },
  deviceId: { zh: '设备标识', en: 'Device id' },
  counts: { zh: '不通过 / 无法判定 / 通过 / 不适用', en: 'Fail / error / pass / N/A' },
  withoutVerdict: { zh: '尚无结果的规则', en: 'Rules without a verdict' },
  findings: { zh: '当前检查结果', en: 'Current findings' },
  findingsDenied: {
    zh: '检查结果属于安全保密管理员的工作，当前身份为{role}，此处不显示。',
    en: 'Findings are the security administrator’s to read; you are the {role}, so they are not shown here.',
  },
  history: { zh: '检查结果历史', en: 'Finding history' },
  ledger: { zh: '台帐', en: 'Ledger' },
  assetNumber: { zh: '资产编号', en: 'Asset number' },
  classification: { zh: '密级', en: 'Classification' },
  responsible: { zh: '责任人', en: 'Responsible person' },
  department: { zh: '部门', en: 'Department' },
  location: { zh: '位置', en: 'Location' },
  ledgerStatus: { zh: '使用状态', en: 'Status' },
  allowedNetworks: {
    zh: '允许网络（每行一个 CIDR，空为策略默认）',
    en: 'Allowed networks (one CIDR a line; empty: the policy default)',
  },
  allowedNetworksShort: { zh: '允许网络', en: 'Allowed networks' },
  policyDefault: { zh: '策略默认', en: 'policy default' },
  saveLedger: { zh: '保存台帐', en: 'Save ledger' },
  ledgerSaved: { zh: '台帐已保存。', en: 'Ledger saved.' },
  ledgerRefused: { zh: '台帐未保存：{message}', en: 'Ledger not saved: {message}' },
  ledgerChanges: { zh: '台帐变更', en: 'Ledger changes' },
  hardware: { zh: '硬件信息', en: 'Hardware' },
  hardwareNone: { zh: '客户端尚未报告硬件信息。', en: 'The agent has not reported its hardware yet.' },
  hardwareChanges: { zh: '硬件变更', en: 'Hardware changes' },
  machineId: { zh: 'machine-id', en: 'machine-id' },
  dmiUuid: { zh: 'DMI 产品 UUID', en: 'DMI product UUID' },
  boardSerial: { zh: '主板序列号', en: 'Board serial' },
  macs: { zh: 'MAC 地址', en: 'MAC addresses' },
  kernel: { zh: '内核', en: 'Kernel' },
  arch: { zh: '架构', en: 'Architecture' },
  disks: { zh: '硬盘', en: 'Disks' },
  idSource: { zh: '设备标识来源', en: 'Device id from' },
  when: { zh: '时间', en: 'When' },
  who: { zh: '操作者', en: 'By' },
  field: { zh: '项目', en: 'Field' },
  before: { zh: '原值', en: 'Before' },
  after: { zh: '新值', en: 'After' },
  noChanges: { zh: '无变更记录。', en: 'No changes recorded.' },
  media: { zh: '接入过的移动存储介质', en: 'USB media seen' },
  medium: { zh: '介质（厂商:产品:序列号）', en: 'Medium (vendor:product:serial)' },
  mediumLedger: { zh: '介质台帐', en: 'Media ledger' },
  unregistered: { zh: '未登记', en: 'not registered' },
  openInLedger: { zh: '在介质台帐中查看', en: 'Open in the media ledger' },
  registerIt: { zh: '登记', en: 'Register' },
  noMedia: { zh: '客户端未报告过移动存储介质。', en: 'The agent has reported no USB media.' },
  sweeps: { zh: '检查任务', en: 'Sweeps' },
  sweep: { zh: '任务', en: 'Sweep' },
  started: { zh: '发起时间', en: 'Started' },
  sweepState: { zh: '状态', en: 'State' },
  answered: { zh: '回复时间', en: 'Answered' },
  noSweeps: { zh: '尚无检查任务。', en: 'No sweeps yet.' },
  newer: { zh: '较新', en: 'Newer' },
  older: { zh: '更早', en: 'Older' },
  liveNote: {
    zh: '本表随设备的新结果自动更新；如未更新，请刷新页面。',
    en: 'This table updates itself when the device reports; reload the page if it does not.',
  },
} satisfies Record<string, Bilingual>;

const SWEEP_STATE_TEXT: Readonly<Record<string, Bilingual>> = {
  pending: { zh: '待发送', en: 'pending' },
  sent: { zh: '已发送', en: 'sent' },
  answered: { zh: '已回复', en: 'answered' },
  failed: { zh: '失败', en: 'failed' },
};

const CURRENT_LIMIT = 500;
const HISTORY_PAGE = 50;
const CLASSIFICATION_CHOICES = [
  'CLASSIFICATION_UNSPECIFIED',
  'TOP_SECRET',
  'CONFIDENTIAL',
  'SECRET',
  'NON_CLASSIFIED',
] as const;
const DEVICE_STATUS_CHOICES = ['in_service', 'under_repair', 'retired'] as const;

/** The ledger form's fields, in the order shown; the names are UpdateDevice's. */
const LEDGER_FIELDS = [
  'asset_number',
  'classification',
  'responsible_person',
  'department',
  'location',
  'status',
  'allowed_networks',
] as const;
type LedgerForm = Record<(typeof LEDGER_FIELDS)[number], string>;

const devicePath = (deviceId: string) => `/devices/${encodeURIComponent(deviceId)}`;

type FindingsPart = { kind: 'shown'; findings: StoredFinding__Output[]; more: boolean } | { kind: 'denied' };

/** The current findings, or `denied` when the reader's role may not list findings (its refusal is audited). */
async function currentFindings(context: PageContext, deviceId: string): Promise<FindingsPart> {
  try {
    const page = await context.call('ListFindings', { deviceId, limit: CURRENT_LIMIT });
    return { kind: 'shown', findings: page.findings, more: page.nextPageToken !== '' };
  } catch (error) {
    if (error instanceof AdminCallError && error.code === grpc.status.PERMISSION_DENIED)
      return { kind: 'denied' };
    throw error;
  }
}

async function rulesById(context: PageContext): Promise<Map<string, PolicyRule__Output>> {
  const answer = await context.call('ListRules', {});
  return new Map(answer.rules.map((rule) => [rule.ruleId, rule]));
}

function findingsRegion(
  context: PageContext,
  part: FindingsPart,
  rules: ReadonlyMap<string, PolicyRule__Output>,
): SafeHtml {
  const { lang } = context;
  if (part.kind === 'denied')
    return html`<p class="notice info">${say(lang, TEXT.findingsDenied, { role: say(lang, ROLE_TEXT[context.admin.role]) })}</p>`;
  return currentFindingsTable(
    { findings: part.findings, rules, lang, timeZone: context.timeZone },
    part.more ? CURRENT_LIMIT : undefined,
  );
}

const fact = (label: Bilingual, value: SafeHtml | string, lang: Lang) =>
  html`<dt>${say(lang, label)}</dt><dd>${value}</dd>`;

function summaryPart(detail: DeviceDetail__Output, context: PageContext): SafeHtml {
  const { lang, timeZone } = context;
  const s = detail.summary!;
  const state = STATE_TEXT[s.state];
  const never = say(lang, COMMON.never);
  return html`<section class="panel device-summary" aria-labelledby="summary-h"><h2 id="summary-h">${say(lang, TEXT.summary)}</h2>
<dl class="facts">
${fact(TEXT.state, html`<span class="badge ${state ? s.state : 'error'}" data-state="${s.state}">${state ? say(lang, state) : s.state || '?'}</span>`, lang)}
${fact(TEXT.online, html`<span class="badge ${s.connected ? 'pass' : 'warn'}">${say(lang, s.connected ? COMMON.connected : COMMON.disconnected)}</span>`, lang)}
${fact(TEXT.lastSeen, consoleTime(s.lastSeenMs, timeZone) || never, lang)}
${fact(TEXT.firstSeen, consoleTime(detail.firstSeenMs, timeZone) || never, lang)}
${fact(TEXT.hostname, s.hostname, lang)}
${fact(TEXT.deviceId, html`<span class="mono">${s.deviceId}</span>`, lang)}
${fact(TEXT.agentVersion, s.agentVersion || '—', lang)}
${fact(TEXT.policyVersion, s.policyVersion || '—', lang)}
${fact(TEXT.os, s.os || '—', lang)}
${fact(TEXT.counts, `${s.failing} / ${s.errors} / ${s.passing} / ${s.notApplicable}`, lang)}
${fact(TEXT.withoutVerdict, String(s.rulesWithoutVerdict), lang)}
</dl></section>`;
}

function ledgerValues(detail: DeviceDetail__Output): LedgerForm {
  const s = detail.summary!;
  return {
    asset_number: s.assetNumber,
    classification: s.classification,
    responsible_person: s.responsiblePerson,
    department: s.department,
    location: s.location,
    status: s.status,
    allowed_networks: detail.allowedNetworks.join('\n'),
  };
}

function ledgerPart(
  detail: DeviceDetail__Output,
  context: PageContext,
  edit: { values: LedgerForm; error?: string },
): SafeHtml {
  const { lang } = context;
  const s = detail.summary!;
  const canEdit = METHOD_ROLES.UpdateDevice.includes(context.admin.role);
  const view = html`<dl class="facts">
${fact(TEXT.assetNumber, s.assetNumber || '—', lang)}
${fact(TEXT.classification, say(lang, CLASSIFICATION_TEXT[s.classification]), lang)}
${fact(TEXT.responsible, s.responsiblePerson || '—', lang)}
${fact(TEXT.department, s.department || '—', lang)}
${fact(TEXT.location, s.location || '—', lang)}
${fact(TEXT.ledgerStatus, DEVICE_STATUS_TEXT[s.status] ? say(lang, DEVICE_STATUS_TEXT[s.status]!) : s.status, lang)}
${fact(TEXT.allowedNetworksShort, detail.allowedNetworks.length > 0 ? html`<span class="mono">${detail.allowedNetworks.join(', ')}</span>` : say(lang, TEXT.policyDefault), lang)}
</dl>`;
  if (!canEdit)
    return html`<section class="panel" aria-labelledby="ledger-h"><h2 id="ledger-h">${say(lang, TEXT.ledger)}</h2>${view}</section>`;
  const v = edit.values;
  const input = (name: keyof LedgerForm, label: Bilingual) =>
    html`<label>${say(lang, label)}<input name="${name}" value="${v[name]}" maxlength="200"></label>`;
  const form = html`<form method="post" action="${devicePath(s.deviceId)}/ledger" class="ledger-form" id="ledger-form">
${formToken(context)}
${edit.error ? html`<p class="notice bad" role="alert">${say(lang, TEXT.ledgerRefused, { message: edit.error })}</p>` : ''}
<div class="form">
${input('asset_number', TEXT.assetNumber)}
<label>${say(lang, TEXT.classification)}<select name="classification">${CLASSIFICATION_CHOICES.map(
    (choice) =>
      html`<option value="${choice}"${choice === v.classification ? html` selected` : ''}>${say(lang, CLASSIFICATION_TEXT[choice])}</option>`,
  )}</select></label>
${input('responsible_person', TEXT.responsible)}
${input('department', TEXT.department)}
${input('location', TEXT.location)}
<label>${say(lang, TEXT.ledgerStatus)}<select name="status">${DEVICE_STATUS_CHOICES.map(
    (choice) =>
      html`<option value="${choice}"${choice === v.status ? html` selected` : ''}>${say(lang, DEVICE_STATUS_TEXT[choice]!)}</option>`,
  )}</select></label>
<label class="wide">${say(lang, TEXT.allowedNetworks)}<textarea name="allowed_networks" rows="2">${v.allowed_networks}</textarea></label>
</div>
<div class="actions"><button type="submit">${say(lang, TEXT.saveLedger)}</button></div>
</form>`;
  return html`<section class="panel" aria-labelledby="ledger-h"><h2 id="ledger-h">${say(lang, TEXT.ledger)}</h2>${view}${form}</section>`;
}

function changesTable(changes: readonly LedgerChange__Output[], context: PageContext): SafeHtml {
  const { lang } = context;
  if (changes.length === 0) return html`<p class="muted">${say(lang, TEXT.noChanges)}</p>`;
  return html`<div class="table-wrap"><table><thead><tr><th>${say(lang, TEXT.when)}</th><th>${say(lang, TEXT.field)}</th><th>${say(lang, TEXT.before)}</th><th>${say(lang, TEXT.after)}</th><th>${say(lang, TEXT.who)}</th></tr></thead><tbody>${changes.map(
    (change) =>
      html`<tr><td class="nowrap">${consoleTime(change.atMs, context.timeZone)}</td><td class="mono">${change.field}</td><td class="mono">${change.oldValueJson}</td><td class="mono">${change.newValueJson}</td><td>${change.actor}</td></tr>`,
  )}</tbody></table></div>`;
}

function hardwarePart(detail: DeviceDetail__Output, context: PageContext): SafeHtml {
  const { lang } = context;
  const hw = detail.hardware;
  const facts = hw
    ? html`<dl class="facts">
${fact(TEXT.hostname, hw.hostname || '—', lang)}
${fact(TEXT.os, [hw.osName, hw.osVersion].filter(Boolean).join(' ') || '—', lang)}
${fact(TEXT.kernel, hw.kernel || '—', lang)}
${fact(TEXT.arch, hw.arch || '—', lang)}
${fact(TEXT.machineId, html`<span class="mono">${hw.machineId || '—'}</span>`, lang)}
${fact(TEXT.dmiUuid, html`<span class="mono">${hw.dmiProductUuid || '—'}</span>`, lang)}
${fact(TEXT.boardSerial, html`<span class="mono">${hw.dmiBoardSerial || '—'}</span>`, lang)}
${fact(TEXT.macs, html`<span class="mono">${hw.macAddresses.join(', ') || '—'}</span>`, lang)}
${fact(
  TEXT.disks,
  hw.disks.length > 0
    ? html`${hw.disks.map((disk) => html`<span class="mono">${disk.name}</span> ${disk.model} ${disk.serial ? html`<span class="mono">${disk.serial}</span>` : ''} (${Math.round(disk.sizeBytes / 1e9)} GB)<br>`)}`
    : '—',
  lang,
)}
${fact(TEXT.idSource, hw.deviceIdSource || '—', lang)}
</dl>`
    : html`<p class="muted">${say(lang, TEXT.hardwareNone)}</p>`;
  return html`<section class="panel" aria-labelledby="hardware-h"><h2 id="hardware-h">${say(lang, TEXT.hardware)}</h2>${facts}
<h3>${say(lang, TEXT.hardwareChanges)}</h3>${changesTable(
    detail.history.filter((change) => change.field.startsWith('hardware.')),
    context,
  )}</section>`;
}

function mediaPart(detail: DeviceDetail__Output, context: PageContext): SafeHtml {
  const { lang, timeZone } = context;
  const canOpenLedger = METHOD_ROLES.ListMedia.includes(context.admin.role);
  if (detail.mediaSeen.length === 0) return html`<p class="muted">${say(lang, TEXT.noMedia)}</p>`;
  return html`<div class="table-wrap"><table class="media-seen"><thead><tr><th>${say(lang, TEXT.medium)}</th><th>${say(lang, TEXT.mediumLedger)}</th><th>${say(lang, TEXT.firstSeen)}</th><th>${say(lang, TEXT.lastSeen)}</th>${canOpenLedger ? html`<th></th>` : ''}</tr></thead><tbody>${detail.mediaSeen.map(
    (seen) => {
      const key = mediumKeyText(seen);
      const status = MEDIUM_STATUS_TEXT[seen.status];
      const ledger = seen.registered
        ? html`<span class="badge ${seen.status === 'in_use' ? 'pass' : 'fail'}">${status ? say(lang, status) : seen.status}</span>`
        : html`<span class="badge fail">${say(lang, TEXT.unregistered)}</span>`;
      return html`<tr data-medium="${key}"><td class="mono">${key}</td><td>${ledger}</td><td class="nowrap">${consoleTime(seen.firstSeenMs, timeZone)}</td><td class="nowrap">${consoleTime(seen.lastSeenMs, timeZone)}</td>${
        canOpenLedger
          ? html`<td><a href="/media?key=${encodeURIComponent(key)}">${say(lang, seen.registered ? TEXT.openInLedger : TEXT.registerIt)}</a></td>`
          : ''
      }</tr>`;
    },
  )}</tbody></table></div>`;
}

function sweepsPart(detail: DeviceDetail__Output, context: PageContext): SafeHtml {
  const { lang, timeZone } = context;
  if (detail.sweeps.length === 0) return html`<p class="muted">${say(lang, TEXT.noSweeps)}</p>`;
  return html`<div class="table-wrap"><table class="device-sweeps"><thead><tr><th>${say(lang, TEXT.sweep)}</th><th>${say(lang, TEXT.started)}</th><th>${say(lang, TEXT.sweepState)}</th><th>${say(lang, TEXT.answered)}</th></tr></thead><tbody>${detail.sweeps.map(
    (sweep) => {
      const state = SWEEP_STATE_TEXT[sweep.state];
      const tone = sweep.state === 'answered' ? 'pass' : sweep.state === 'failed' ? 'fail' : 'warn';
      return html`<tr><td><a class="mono" href="/sweeps/${encodeURIComponent(sweep.sweepId)}">${sweep.sweepId}</a></td><td class="nowrap">${consoleTime(sweep.createdAtMs, timeZone)}</td><td><span class="badge ${tone}">${state ? say(lang, state) : sweep.state}</span></td><td class="nowrap">${consoleTime(sweep.answeredAtMs, timeZone)}</td></tr>`;
    },
  )}</tbody></table></div>`;
}

async function historyPart(
  context: PageContext,
  deviceId: string,
  rules: ReadonlyMap<string, PolicyRule__Output>,
): Promise<SafeHtml> {
  const { lang, url } = context;
  const pageToken = url.searchParams.get('history') ?? '';
  const page = await context.call('ListFindings', {
    deviceId,
    history: true,
    newestFirst: true,
    limit: HISTORY_PAGE,
    pageToken,
  });
  const base = devicePath(deviceId);
  const pager = html`<nav class="pager" aria-label="${say(lang, TEXT.history)}">${
    pageToken !== '' ? html`<a href="${base}#history-h">${say(lang, COMMON.first)}</a>` : ''
  }${
    page.nextPageToken !== ''
      ? html`<a href="${base}?history=${encodeURIComponent(page.nextPageToken)}#history-h">${say(lang, TEXT.older)}</a>`
      : ''
  }</nav>`;
  return html`${findingHistoryTable({ findings: page.findings, rules, lang, timeZone: context.timeZone })}${pager}`;
}

async function devicePage(
  context: PageContext,
  edit?: { values: LedgerForm; error: string },
): Promise<PageResult> {
  const { lang } = context;
  const deviceId = context.params.id!;
  const detail = await context.call('GetDevice', { deviceId });
  const rules = await rulesById(context);
  const findings = await currentFindings(context, deviceId);
  const history = findings.kind === 'shown' ? await historyPart(context, deviceId, rules) : undefined;
  const s = detail.summary!;
  const done = context.url.searchParams.get('done') === 'ledger';
  const body = html`${done ? html`<p class="notice ok" role="status">${say(lang, TEXT.ledgerSaved)}</p>` : ''}
<div class="device-top">
${summaryPart(detail, context)}
${ledgerPart(detail, context, edit ?? { values: ledgerValues(detail) })}
</div>
<h2 id="findings-h">${say(lang, TEXT.findings)}</h2>
${
  findings.kind === 'shown'
    ? html`<p class="muted">${say(lang, TEXT.liveNote)}</p>
<section id="findings" aria-labelledby="findings-h" aria-live="polite" data-live="${devicePath(deviceId)}/findings" data-topics="device:${deviceId}">${findingsRegion(context, findings, rules)}</section>`
    : html`<section id="findings" aria-labelledby="findings-h">${findingsRegion(context, findings, rules)}</section>`
}
${
  history
    ? html`<details class="finding-history"${context.url.searchParams.has('history') ? html` open` : ''}><summary><h2 id="history-h">${say(lang, TEXT.history)}</h2></summary>${history}</details>`
    : ''
}
<h2>${say(lang, TEXT.media)}</h2>
${mediaPart(detail, context)}
<h2>${say(lang, TEXT.sweeps)}</h2>
${sweepsPart(detail, context)}
${hardwarePart(detail, context)}
<section class="panel" aria-labelledby="ledger-changes-h"><h2 id="ledger-changes-h">${say(lang, TEXT.ledgerChanges)}</h2>${changesTable(
    detail.history.filter((change) => !change.field.startsWith('hardware.')),
    context,
  )}</section>`;
  return {
    kind: 'page',
    title: say(lang, TEXT.title, { name: s.hostname || s.deviceId }),
    nav: 'devices',
    body,
    ...(edit ? { status: 400 } : {}),
  };
}

/** The live region's content alone: what /devices/:id shows under "current findings". */
async function findingsFragment(context: PageContext): Promise<PageResult> {
  const deviceId = context.params.id!;
  const rules = await rulesById(context);
  const findings = await currentFindings(context, deviceId);
  return { kind: 'fragment', body: findingsRegion(context, findings, rules) };
}

function ledgerFormOf(form: URLSearchParams): LedgerForm {
  const values = {} as LedgerForm;
  for (const field of LEDGER_FIELDS) values[field] = form.get(field) ?? '';
  return values;
}

async function saveLedger(context: PageContext): Promise<PageResult> {
  const deviceId = context.params.id!;
  const values = ledgerFormOf(context.form);
  try {
    // Every field is sent: the store records only those whose value changed.
    await context.call('UpdateDevice', {
      deviceId,
      fields: [...LEDGER_FIELDS],
      assetNumber: values.asset_number,
      classification: values.classification as (typeof CLASSIFICATION_CHOICES)[number],
      responsiblePerson: values.responsible_person,
      department: values.department,
      location: values.location,
      status: values.status,
      allowedNetworks: [values.allowed_networks],
    });
  } catch (error) {
    if (error instanceof AdminCallError && error.code === grpc.status.INVALID_ARGUMENT)
      return devicePage(context, { values, error: error.message });
    throw error;
  }
  return { kind: 'redirect', location: `${devicePath(deviceId)}?done=ledger` };
}

export const DEVICE_ROUTES: readonly ConsoleRoute[] = [
  { method: 'GET', path: '/devices/:id', handle: (context) => devicePage(context) },
  { method: 'GET', path: '/devices/:id/findings', handle: findingsFragment },
  { method: 'POST', path: '/devices/:id/ledger', changes: 'UpdateDevice', handle: saveLedger },
];
