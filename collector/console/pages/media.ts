// 介质: the registered removable media ledger (3.7.3, 3.7.4) — every medium with its level, status, binding and
// where agents have seen it; registering one (or updating its record), and marking it retired, lost or back
// in use. Filters (status, department) and the medium in view (?key=VENDOR:PRODUCT:SERIAL, the subject of
// the agent's USB findings, as a device page links it) live in the URL. A register form refused by the use
// case comes back with its values and the reason; nothing is stored.
import * as grpc from '@grpc/grpc-js';
import { type MediumKeyParts, mediumKeyText, parseMediumKeyText } from '../../../policies/medium-key';
import type { Classification } from '../../../proto/generated/shoumi/v1/Classification';
import type { MediumRecord__Output } from '../../../proto/generated/shoumi/v1/MediumRecord';
import { AdminCallError } from '../admin-door';
import type { ConsoleRoute, PageContext, PageResult } from '../console-page';
import { type Bilingual, CLASSIFICATION_TEXT, COMMON, say } from '../console-text';
import { consoleTime } from '../console-time';
import { html, type SafeHtml } from '../html';
import { formToken } from '../layout';
import { MEDIUM_STATUS_OF_WIRE, MEDIUM_STATUS_TEXT } from './media-words';

const TEXT = {
  title: { zh: '介质台帐', en: 'Media ledger' },
  status: { zh: '状态', en: 'Status' },
  department: { zh: '绑定部门', en: 'Bound department' },
  medium: { zh: '介质（厂商:产品:序列号）', en: 'Medium (vendor:product:serial)' },
  classification: { zh: '密级', en: 'Classification' },
  assetNumber: { zh: '资产编号', en: 'Asset number' },
  responsible: { zh: '责任人', en: 'Responsible person' },
  bound: { zh: '绑定', en: 'Bound to' },
  boundDevices: {
    zh: '绑定设备（设备标识，逗号或空格分隔）',
    en: 'Bound devices (device ids, comma or space separated)',
  },
  anyDevice: { zh: '任意设备', en: 'any device' },
  note: { zh: '备注', en: 'Note' },
  registered: { zh: '登记时间', en: 'Registered' },
  sightings: { zh: '接入记录', en: 'Seen on' },
  notSeen: { zh: '未见接入', en: 'not seen' },
  firstLast: { zh: '首次 {first}，最近 {last}', en: 'first {first}, last {last}' },
  actions: { zh: '操作', en: 'Actions' },
  none: { zh: '台帐中没有符合条件的介质。', en: 'No media in the ledger match.' },
  register: { zh: '登记介质', en: 'Register a medium' },
  registerHint: {
    zh: '同一厂商、产品和序列号再次登记即更新其记录。',
    en: 'Registering the same vendor, product and serial again updates its record.',
  },
  vendorId: { zh: '厂商 ID（4 位十六进制）', en: 'Vendor id (4 hex digits)' },
  productId: { zh: '产品 ID（4 位十六进制）', en: 'Product id (4 hex digits)' },
  serial: { zh: '序列号', en: 'Serial' },
  choose: { zh: '请选择', en: 'choose' },
  submitRegister: { zh: '登记', en: 'Register' },
  registeredDone: { zh: '已登记 {key}。', en: 'Registered {key}.' },
  statusDone: { zh: '{key} 的状态已更改。', en: 'The status of {key} changed.' },
  refused: { zh: '未保存：{message}', en: 'Not saved: {message}' },
  retire: { zh: '报废', en: 'Retire' },
  lose: { zh: '标记丢失', en: 'Mark lost' },
  restore: { zh: '恢复在用', en: 'Back in use' },
  statusNote: { zh: '说明', en: 'Reason' },
  confirmRetire: { zh: '确认将 {key} 标记为报废？', en: 'Mark {key} retired?' },
  confirmLost: { zh: '确认将 {key} 标记为丢失？', en: 'Mark {key} lost?' },
  keyBad: {
    zh: '介质 "{key}" 不是 厂商:产品:序列号 的形式（如 0781:5581:4C530001）。',
    en: 'Medium "{key}" is not VENDOR:PRODUCT:SERIAL (e.g. 0781:5581:4C530001).',
  },
  keyUnregistered: {
    zh: '介质 {key} 未登记；可用下方表单登记。',
    en: 'Medium {key} is not registered; register it with the form below.',
  },
  showing: { zh: '只显示 {key}。', en: 'Showing {key} only.' },
  showAll: { zh: '显示全部', en: 'Show all' },
} satisfies Record<string, Bilingual>;

const LEVELS = ['TOP_SECRET', 'CONFIDENTIAL', 'SECRET', 'NON_CLASSIFIED'] as const;
const STATUS_FILTERS = ['', 'in_use', 'retired', 'lost'] as const;

const REGISTER_FIELDS = [
  'vendor_id',
  'product_id',
  'serial',
  'classification',
  'asset_number',
  'responsible_person',
  'bound_devices',
  'bound_department',
  'note',
] as const;
type RegisterForm = Record<(typeof REGISTER_FIELDS)[number], string>;

const EMPTY_FORM: RegisterForm = Object.fromEntries(
  REGISTER_FIELDS.map((field) => [field, '']),
) as RegisterForm;

const mediaLink = (key: string) => `/media?key=${encodeURIComponent(key)}`;

/** What the page was asked to show, read from the URL; `problem` when the key is not one. */
export interface MediaQuery {
  status: string;
  department: string;
  key: MediumKeyParts | null;
  keyText: string;
  problem?: Bilingual;
}

export function readMediaQuery(url: URL): MediaQuery {
  const keyText = (url.searchParams.get('key') ?? '').trim();
  const key = keyText === '' ? null : parseMediumKeyText(keyText);
  return {
    status: url.searchParams.get('status') ?? '',
    department: url.searchParams.get('department') ?? '',
    key,
    keyText,
    ...(keyText !== '' && key === null ? { problem: TEXT.keyBad } : {}),
  };
}

function filtersForm(context: PageContext, query: MediaQuery): SafeHtml {
  const { lang } = context;
  return html`<form method="get" action="/media" class="filters" role="search">
<label>${say(lang, TEXT.status)}<select name="status">${STATUS_FILTERS.map(
    (status) =>
      html`<option value="${status}"${status === query.status ? html` selected` : ''}>${status === '' ? say(lang, COMMON.all) : say(lang, MEDIUM_STATUS_TEXT[status]!)}</option>`,
  )}</select></label>
<label>${say(lang, TEXT.department)}<input name="department" value="${query.department}"></label>
<button type="submit">${say(lang, COMMON.filter)}</button>
<a href="/media">${say(lang, COMMON.clear)}</a>
</form>`;
}

function statusForms(context: PageContext, medium: MediumRecord__Output): SafeHtml {
  const { lang } = context;
  const key = mediumKeyText(medium);
  const current = MEDIUM_STATUS_OF_WIRE[String(medium.status)];
  const action = (status: 'RETIRED' | 'LOST' | 'IN_USE', label: Bilingual, confirm?: Bilingual) =>
    html`<form method="post" action="/media/status" class="status-form"${confirm ? html` data-confirm="${say(lang, confirm, { key })}"` : ''}>
${formToken(context)}<input type="hidden" name="key" value="${key}"><input type="hidden" name="status" value="${status}">
<label><span class="sr">${say(lang, TEXT.statusNote)}</span><input name="note" placeholder="${say(lang, TEXT.statusNote)}" maxlength="256"></label>
<button type="submit" class="${status === 'IN_USE' ? 'secondary' : 'danger'}">${say(lang, label)}</button></form>`;
  return html`${current !== 'retired' ? action('RETIRED', TEXT.retire, TEXT.confirmRetire) : ''}${
    current !== 'lost' ? action('LOST', TEXT.lose, TEXT.confirmLost) : ''
  }${current !== 'in_use' ? action('IN_USE', TEXT.restore) : ''}`;
}

function mediaTable(context: PageContext, media: readonly MediumRecord__Output[]): SafeHtml {
  const { lang, timeZone } = context;
  if (media.length === 0) return html`<p class="muted">${say(lang, TEXT.none)}</p>`;
  const rows = media.map((medium) => {
    const key = mediumKeyText(medium);
    const status = MEDIUM_STATUS_OF_WIRE[String(medium.status)];
    const bound = [
      ...medium.boundDeviceIds.map(
        (id) => html`<a class="mono" href="/devices/${encodeURIComponent(id)}">${id}</a> `,
      ),
      medium.boundDepartment ? html`${medium.boundDepartment}` : '',
    ];
    const sightings =
      medium.sightings.length === 0
        ? html`<span class="muted">${say(lang, TEXT.notSeen)}</span>`
        : html`<ul class="sightings">${medium.sightings.map(
            (seen) =>
              html`<li><a href="/devices/${encodeURIComponent(seen.deviceId)}">${seen.hostname || seen.deviceId}</a> ${say(lang, CLASSIFICATION_TEXT[seen.deviceClassification])}<br><span class="muted">${say(lang, TEXT.firstLast, { first: consoleTime(seen.firstSeenMs, timeZone), last: consoleTime(seen.lastSeenMs, timeZone) })}</span></li>`,
          )}</ul>`;
    return html`<tr data-medium="${key}" data-status="${status ?? ''}">
<td><a class="mono" href="${mediaLink(key)}">${key}</a></td>
<td>${say(lang, CLASSIFICATION_TEXT[medium.classification])}</td>
<td><span class="badge ${status === 'in_use' ? 'pass' : 'fail'}">${status ? say(lang, MEDIUM_STATUS_TEXT[status]!) : String(medium.status)}</span></td>
<td>${medium.assetNumber}</td><td>${medium.responsiblePerson}</td>
<td>${bound.some((part) => part !== '') ? bound : html`<span class="muted">${say(lang, TEXT.anyDevice)}</span>`}</td>
<td>${medium.note}</td>
<td class="nowrap">${consoleTime(medium.registeredAtMs, timeZone)}</td>
<td>${sightings}</td>
<td class="media-actions">${statusForms(context, medium)}</td></tr>`;
  });
  return html`<div class="table-wrap"><table class="media-ledger"><thead><tr>
<th>${say(lang, TEXT.medium)}</th><th>${say(lang, TEXT.classification)}</th><th>${say(lang, TEXT.status)}</th>
<th>${say(lang, TEXT.assetNumber)}</th><th>${say(lang, TEXT.responsible)}</th><th>${say(lang, TEXT.bound)}</th>
<th>${say(lang, TEXT.note)}</th><th>${say(lang, TEXT.registered)}</th><th>${say(lang, TEXT.sightings)}</th><th>${say(lang, TEXT.actions)}</th>
</tr></thead><tbody>${rows}</tbody></table></div>`;
}

function registerForm(context: PageContext, values: RegisterForm, error?: string): SafeHtml {
  const { lang } = context;
  const input = (name: keyof RegisterForm, label: Bilingual, extra: SafeHtml | string = '') =>
    html`<label>${say(lang, label)}<input name="${name}" value="${values[name]}"${extra}></label>`;
  return html`<section class="panel" aria-labelledby="register-h"><h2 id="register-h">${say(lang, TEXT.register)}</h2>
<p class="muted">${say(lang, TEXT.registerHint)}</p>
<form method="post" action="/media" id="register-form">
${formToken(context)}
${error ? html`<p class="notice bad" role="alert">${say(lang, TEXT.refused, { message: error })}</p>` : ''}
<div class="form">
${input('vendor_id', TEXT.vendorId, html` maxlength="4" autocomplete="off"`)}
${input('product_id', TEXT.productId, html` maxlength="4" autocomplete="off"`)}
${input('serial', TEXT.serial, html` maxlength="256" autocomplete="off"`)}
<label>${say(lang, TEXT.classification)}<select name="classification"><option value="">${say(lang, TEXT.choose)}</option>${LEVELS.map(
    (level) =>
      html`<option value="${level}"${level === values.classification ? html` selected` : ''}>${say(lang, CLASSIFICATION_TEXT[level])}</option>`,
  )}</select></label>
${input('asset_number', TEXT.assetNumber, html` maxlength="256"`)}
${input('responsible_person', TEXT.responsible, html` maxlength="256"`)}
${input('bound_devices', TEXT.boundDevices)}
${input('bound_department', TEXT.department, html` maxlength="256"`)}
${input('note', TEXT.note, html` maxlength="256"`)}
</div>
<div class="actions"><button type="submit">${say(lang, TEXT.submitRegister)}</button></div>
</form></section>`;
}

interface Shown {
  registerValues?: RegisterForm;
  registerError?: string;
  statusError?: string;
}

async function mediaPage(context: PageContext, shown: Shown = {}): Promise<PageResult> {
  const { lang, url } = context;
  const query = readMediaQuery(url);
  if (query.problem) {
    return {
      kind: 'page',
      status: 400,
      title: say(lang, TEXT.title),
      nav: 'media',
      body: html`<p class="notice bad" role="alert">${say(lang, query.problem, { key: query.keyText })}</p><p><a href="/media">${say(lang, TEXT.showAll)}</a></p>`,
    };
  }
  const answer = await context.call('ListMedia', {
    status: query.status,
    department: query.department,
    withSightings: true,
  });
  const key = query.key;
  const media = key
    ? answer.media.filter((medium) => mediumKeyText(medium) === mediumKeyText(key))
    : answer.media;
  const done = url.searchParams.get('done');
  const doneKey = url.searchParams.get('key') ?? '';
  // A key the ledger does not hold: the form is filled with it, ready to register.
  const prefill: RegisterForm =
    shown.registerValues ??
    (key && media.length === 0
      ? { ...EMPTY_FORM, vendor_id: key.vendorId, product_id: key.productId, serial: key.serial }
      : EMPTY_FORM);
  const body = html`
${done === 'registered' ? html`<p class="notice ok" role="status">${say(lang, TEXT.registeredDone, { key: doneKey })}</p>` : ''}
${done === 'status' ? html`<p class="notice ok" role="status">${say(lang, TEXT.statusDone, { key: doneKey })}</p>` : ''}
${shown.statusError ? html`<p class="notice bad" role="alert">${say(lang, TEXT.refused, { message: shown.statusError })}</p>` : ''}
${filtersForm(context, query)}
${
  key
    ? html`<p class="notice info">${say(lang, media.length === 0 ? TEXT.keyUnregistered : TEXT.showing, { key: mediumKeyText(key) })} <a href="/media">${say(lang, TEXT.showAll)}</a></p>`
    : ''
}
${mediaTable(context, media)}
${registerForm(context, prefill, shown.registerError)}`;
  return {
    kind: 'page',
    title: say(lang, TEXT.title),
    nav: 'media',
    body,
    ...(shown.registerError || shown.statusError ? { status: 400 } : {}),
  };
}

function registerFormOf(form: URLSearchParams): RegisterForm {
  const values = { ...EMPTY_FORM };
  for (const field of REGISTER_FIELDS) values[field] = form.get(field) ?? '';
  return values;
}

const refusedInput = (error: unknown) =>
  error instanceof AdminCallError &&
  (error.code === grpc.status.INVALID_ARGUMENT || error.code === grpc.status.NOT_FOUND);

async function register(context: PageContext): Promise<PageResult> {
  const values = registerFormOf(context.form);
  try {
    const stored = await context.call('RegisterMedium', {
      medium: {
        vendorId: values.vendor_id,
        productId: values.product_id,
        serial: values.serial,
        // "" (nothing chosen) goes as unspecified, which the use case refuses naming the field.
        classification: (values.classification || 'CLASSIFICATION_UNSPECIFIED') as Classification,
        assetNumber: values.asset_number,
        responsiblePerson: values.responsible_person,
        boundDeviceIds: values.bound_devices.split(/[\s,，;；]+/).filter(Boolean),
        boundDepartment: values.bound_department,
        note: values.note,
      },
    });
    return { kind: 'redirect', location: `${mediaLink(mediumKeyText(stored))}&done=registered` };
  } catch (error) {
    if (refusedInput(error))
      return mediaPage(context, { registerValues: values, registerError: (error as Error).message });
    throw error;
  }
}

async function setStatus(context: PageContext): Promise<PageResult> {
  const { form } = context;
  const keyText = form.get('key') ?? '';
  const key = parseMediumKeyText(keyText);
  if (key === null)
    return mediaPage(context, { statusError: say(context.lang, TEXT.keyBad, { key: keyText }) });
  const status = form.get('status') ?? '';
  try {
    const changed = await context.call('SetMediumStatus', {
      ...key,
      status: (MEDIUM_STATUS_OF_WIRE[status] ? status : 'MEDIUM_STATUS_UNSPECIFIED') as 'IN_USE',
      note: form.get('note') ?? '',
    });
    return { kind: 'redirect', location: `${mediaLink(mediumKeyText(changed))}&done=status` };
  } catch (error) {
    if (refusedInput(error)) return mediaPage(context, { statusError: (error as Error).message });
    throw error;
  }
}

export const MEDIA_ROUTES: readonly ConsoleRoute[] = [
  { method: 'GET', path: '/media', handle: (context) => mediaPage(context) },
  { method: 'POST', path: '/media', changes: 'RegisterMedium', handle: register },
  { method: 'POST', path: '/media/status', changes: 'SetMediumStatus', handle: setStatus },
];
