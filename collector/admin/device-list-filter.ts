// ListDevicesRequest's filters as a store DeviceFilter, each checked once here (the boundary) with an error
// naming its field. Two filters need what only the collector knows, not the store:
//
//   - online: which agents hold a stream now (AgentConnections, in memory). Their ids go to the store as a
//     set to keep (connected) or leave out (disconnected), so that paging and the total stay exact;
//   - state "silent": the devices the silent-agent rule of the policy in force (agent-reports-regularly)
//     stands failed on — the collector's own verdict, with its start-up grace, so that the overview's count
//     (compliance-snapshot.ts), this list and each device's findings say the same thing. A device goes
//     silent here within the watch's minute after its window ends, not at the instant.
//
// Pure: the request, the policy, the connected ids and the clock come in.
import type { Policy } from '../../policies/model';
import { classificationFromWire } from '../../proto/convert';
import type { ListDevicesRequest__Output } from '../../proto/generated/shoumi/v1/ListDevicesRequest';
import { COMPLIANCE_STATES, type ComplianceState } from '../store/compliance-state';
import { DEVICE_STATUSES, type DeviceFilter, type DeviceStatus } from '../store/store';
import { silenceRule } from '../sweeps/silence-judgement';
import { AdminInputError } from './admin-call';
import { timeBoundProblem } from './time-bound';

/** compliant | failing | not_judged | never_seen (compliance-state.ts) and silent. */
export const DEVICE_LIST_STATES = [...COMPLIANCE_STATES, 'silent'] as const;
export type DeviceListState = (typeof DEVICE_LIST_STATES)[number];
export const ONLINE_FILTERS = ['connected', 'disconnected'] as const;
/** A search longer than this is not part of an asset number or a hostname. */
export const MAX_SEARCH_LENGTH = 200;

export interface DeviceListContext {
  policy: Policy;
  connectedDeviceIds(): readonly string[];
  nowMs: number;
}

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T | undefined {
  if (value === '') return undefined;
  if (!(allowed as readonly string[]).includes(value))
    throw new AdminInputError(`${field} "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

function timeBound(field: string, ms: number): number | undefined {
  if (ms === 0) return undefined;
  const problem = timeBoundProblem(field, ms);
  if (problem) throw new AdminInputError(problem);
  return ms;
}

export function deviceListFilter(
  request: ListDevicesRequest__Output,
  context: DeviceListContext,
): DeviceFilter {
  const { policy } = context;
  const filter: DeviceFilter = {};
  if (request.department !== '') filter.department = request.department;
  const classification = classificationFromWire(request.classification);
  // CLASSIFICATION_UNSPECIFIED (0) reads as null: every classification.
  if (classification !== null) filter.classification = classification;
  const status = oneOf<DeviceStatus>('status', request.status, DEVICE_STATUSES);
  if (status !== undefined) filter.status = status;

  if (request.clause !== '') {
    const clauses = [...new Set(policy.rules.map((rule) => rule.clause))].sort();
    if (!clauses.includes(request.clause))
      throw new AdminInputError(
        `clause "${request.clause}" is not a clause of the policy in force (${clauses.join(', ')})`,
      );
    filter.openClause = request.clause;
  }
  if (request.ruleId !== '') {
    if (!policy.rules.some((rule) => rule.id === request.ruleId))
      throw new AdminInputError(
        `rule_id "${request.ruleId}" is not a rule of the policy in force (${policy.name} ${policy.version})`,
      );
    filter.openRuleId = request.ruleId;
  }

  const state = oneOf<DeviceListState>('state', request.state, DEVICE_LIST_STATES);
  if (state === 'silent') {
    // A policy without the silent-agent rule judges no silence: the filter matches nobody ("").
    filter.silentRuleId = silenceRule(policy)?.rule.id ?? '';
  } else if (state !== undefined) {
    filter.state = state as ComplianceState;
  }

  const online = oneOf('online', request.online, ONLINE_FILTERS);
  if (online === 'connected') filter.deviceIdsIn = [...context.connectedDeviceIds()];
  if (online === 'disconnected') filter.deviceIdsNotIn = [...context.connectedDeviceIds()];

  if (request.seenFromMs < 0 || request.seenToMs < 0)
    throw new AdminInputError('seen_from_ms and seen_to_ms must not be negative');
  const from = timeBound('seen_from_ms', request.seenFromMs);
  const to = timeBound('seen_to_ms', request.seenToMs);
  if (from !== undefined && to !== undefined && from > to)
    throw new AdminInputError(
      `seen_from_ms ${new Date(from).toISOString()} is after seen_to_ms ${new Date(to).toISOString()}`,
    );
  if (from !== undefined) filter.lastSeenFromMs = from;
  if (to !== undefined) filter.lastSeenToMs = to;

  const search = request.search.trim();
  if (search.length > MAX_SEARCH_LENGTH)
    throw new AdminInputError(`search is longer than ${MAX_SEARCH_LENGTH} characters`);
  if (search !== '') filter.search = search;
  return filter;
}
