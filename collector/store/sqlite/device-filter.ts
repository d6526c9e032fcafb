// A device listing's filter as SQL over `devices`: one condition per filter given, all joined by AND, so
// that the page query (with its keyset condition) and the count of all pages share exactly the same rows.
// States follow compliance-state.ts clause for clause (device-filter-rules.ts); the number of required rules is read beside each
// row from fleet_summary, as the device rows themselves are judged (devices.ts DEVICE_ROW).
import { assertValidDeviceFilter, complianceStateCondition, likeLiteral } from '../device-filter-rules';
import type { DeviceFilter } from '../store';
import type { SqlValue } from './connection';

const REQUIRED_RULES = '(SELECT required_rules FROM fleet_summary WHERE id = 1)';

export interface SqlCondition {
  /** Conditions to AND together (none: every device). */
  conditions: string[];
  params: SqlValue[];
}

export function deviceFilterSql(filter: DeviceFilter): SqlCondition {
  assertValidDeviceFilter(filter);

  const conditions: string[] = [];
  const params: SqlValue[] = [];
  for (const [column, value] of [
    ['department', filter.department],
    ['classification', filter.classification],
    ['status', filter.status],
  ] as const) {
    if (value === undefined) continue;
    conditions.push(`${column} = ?`);
    params.push(value);
  }
  if (filter.state !== undefined) conditions.push(complianceStateCondition(filter.state, REQUIRED_RULES));
  if (filter.silentRuleId !== undefined) {
    // The silence watch's verdict: its finding stands failed. "IN ('fail', 'error')" is repeated so that the
    // planner may use current_findings_open_by_rule (schema 12), whose condition it is; 'fail' narrows it.
    conditions.push(
      "device_id IN (SELECT device_id FROM current_findings WHERE rule_id = ? AND status IN ('fail', 'error') AND status = 'fail')",
    );
    params.push(filter.silentRuleId);
  }
  if (filter.lastSeenFromMs !== undefined) {
    conditions.push('last_seen_ms >= ?');
    params.push(filter.lastSeenFromMs);
  }
  if (filter.lastSeenToMs !== undefined) {
    // A device never seen has no last-seen time: an upper bound alone must not match it.
    conditions.push('last_seen_ms > 0 AND last_seen_ms <= ?');
    params.push(filter.lastSeenToMs);
  }
  // IN (subquery), not EXISTS per row: the planner walks the few open devices by their key (for the count and
  // the page alike) instead of testing every device of the fleet.
  if (filter.openClause !== undefined) {
    // clause_device_open holds a row per (clause, device) with at least one open current finding (schema 4).
    conditions.push('device_id IN (SELECT device_id FROM clause_device_open WHERE clause = ?)');
    params.push(filter.openClause);
  }
  if (filter.openRuleId !== undefined) {
    // "status IN ('fail', 'error')" written as current_findings_open_by_rule's condition (schema 12).
    conditions.push(
      "device_id IN (SELECT device_id FROM current_findings WHERE rule_id = ? AND status IN ('fail', 'error'))",
    );
    params.push(filter.openRuleId);
  }
  if (filter.deviceIdsIn !== undefined) {
    conditions.push('device_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.deviceIdsIn));
  }
  if (filter.deviceIdsNotIn !== undefined && filter.deviceIdsNotIn.length > 0) {
    conditions.push('device_id NOT IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.deviceIdsNotIn));
  }
  if (filter.search !== undefined && filter.search !== '') {
    const pattern = `%${likeLiteral(filter.search)}%`;
    conditions.push("(asset_number LIKE ? ESCAPE '\\' OR hostname LIKE ? ESCAPE '\\')");
    params.push(pattern, pattern);
  }
  return { conditions, params };
}
