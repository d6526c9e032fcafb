// The device list's view as a URL query and back: every filter of the 设备 page lives in the URL (so a view can
// be bookmarked or sent), is read here once, and becomes a ListDevicesRequest. A value the page cannot mean
// (an unknown state, a date that is not one) is refused here naming its URL field; what only the use case can
// judge (whether a clause or rule is in the policy in force) it refuses itself, naming its request field.
// Pure: the query and the unit's time zone come in.
import { CLASSIFICATIONS, type Classification } from '../../../policies/model';
import { classificationToWire } from '../../../proto/convert';
import type { ListDevicesRequest } from '../../../proto/generated/shoumi/v1/ListDevicesRequest';
import { DEVICE_LIST_STATES, MAX_SEARCH_LENGTH, ONLINE_FILTERS } from '../../admin/device-list-filter';
import { DEVICE_STATUSES } from '../../store/store';
import { parseLocalDateTime } from '../console-time';

/** The URL fields of the device list, in the order the form shows them and links write them. */
export const DEVICE_QUERY_FIELDS = [
  'department',
  'classification',
  'clause',
  'rule',
  'status',
  'state',
  'online',
  'seen_from',
  'seen_to',
  'q',
] as const;
export type DeviceQueryField = (typeof DEVICE_QUERY_FIELDS)[number];

/** The filters as the URL holds them ("" for none), trimmed. */
export type DeviceQuery = Readonly<Record<DeviceQueryField, string>>;

export type DeviceQueryResult =
  | { ok: true; query: DeviceQuery; request: ListDevicesRequest; after: string }
  | { ok: false; field: string; value: string; allowed?: readonly string[] };

/** A minute typed as "to 15:04" includes that whole minute. */
const MINUTE_MS = 60_000;

/** The one field the list's URL may carry besides the filters: the page (after). */
const OTHER_FIELDS: readonly string[] = ['after'];

export function readDeviceQuery(params: URLSearchParams, timeZone: string): DeviceQueryResult {
  // A field the list does not know is refused, never ignored: a link written with another name for a filter
  // (rule_id for rule) would otherwise show the whole fleet under a heading that says it is filtered.
  for (const name of params.keys()) {
    if (!(DEVICE_QUERY_FIELDS as readonly string[]).includes(name) && !OTHER_FIELDS.includes(name))
      return {
        ok: false,
        field: name,
        value: params.get(name) ?? '',
        allowed: [...DEVICE_QUERY_FIELDS, ...OTHER_FIELDS],
      };
  }
  const values = Object.fromEntries(
    DEVICE_QUERY_FIELDS.map((field) => [field, (params.get(field) ?? '').trim()]),
  ) as Record<DeviceQueryField, string>;
  const refuse = (field: DeviceQueryField, allowed?: readonly string[]): DeviceQueryResult => ({
    ok: false,
    field,
    value: values[field],
    ...(allowed ? { allowed } : {}),
  });
  const oneOf = (field: DeviceQueryField, allowed: readonly string[]) =>
    values[field] === '' || allowed.includes(values[field]);

  if (!oneOf('classification', CLASSIFICATIONS)) return refuse('classification', CLASSIFICATIONS);
  if (!oneOf('status', DEVICE_STATUSES)) return refuse('status', DEVICE_STATUSES);
  if (!oneOf('state', DEVICE_LIST_STATES)) return refuse('state', DEVICE_LIST_STATES);
  if (!oneOf('online', ONLINE_FILTERS)) return refuse('online', ONLINE_FILTERS);
  if (values.q.length > MAX_SEARCH_LENGTH) return refuse('q');
  if (!/^[\w.:-]*$/.test(values.clause) || values.clause.length > 32) return refuse('clause');
  if (values.rule.length > 128) return refuse('rule');
  const time = (field: 'seen_from' | 'seen_to') =>
    values[field] === '' ? 0 : parseLocalDateTime(values[field], timeZone);
  const from = time('seen_from');
  if (from === null) return refuse('seen_from');
  const to = time('seen_to');
  if (to === null) return refuse('seen_to');
  if (from > 0 && to > 0 && from > to) return refuse('seen_to');

  const request: ListDevicesRequest = {
    department: values.department,
    classification: classificationToWire((values.classification || null) as Classification | null),
    clause: values.clause,
    ruleId: values.rule,
    status: values.status,
    state: values.state,
    online: values.online,
    seenFromMs: from,
    seenToMs: to > 0 ? to + MINUTE_MS - 1 : 0,
    search: values.q,
  };
  return { ok: true, query: values, request, after: (params.get('after') ?? '').trim() };
}

/** "?state=failing&clause=3.7.5" with only the filters set, plus `extra` (after=…); "" when nothing is set. */
export function deviceQueryString(query: DeviceQuery, extra: Readonly<Record<string, string>> = {}): string {
  const params = new URLSearchParams();
  for (const field of DEVICE_QUERY_FIELDS) if (query[field] !== '') params.set(field, query[field]);
  for (const [name, value] of Object.entries(extra)) if (value !== '') params.set(name, value);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
