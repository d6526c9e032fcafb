// A device listing's filter as PostgreSQL over `devices`: one condition per filter given, all joined by
// AND, so that the page query (with its keyset condition) and the count of all pages share exactly the same
// rows. What each filter means (and which values are refused) is ../device-filter-rules.ts; open findings are
// read from current_findings (the findings role's table: device_id, rule_id, clause, status).
import {
  ASCII_LOWER,
  ASCII_UPPER,
  asciiLowerCase,
  assertValidDeviceFilter,
  complianceStateCondition,
  likeLiteral,
} from '../device-filter-rules';
import type { DeviceFilter } from '../store';

const REQUIRED_RULES = '(SELECT count(*) FROM required_rules)';

/** ASCII letters folded to lower case and nothing else, as SQLite's LIKE compares (lower() would fold é). */
const asciiFolded = (column: string) => `translate(${column}, '${ASCII_UPPER}', '${ASCII_LOWER}')`;

export interface PgCondition {
  /** Conditions to AND together (none: every device); placeholders numbered from `firstParameter`. */
  conditions: string[];
  values: unknown[];
}

export function deviceFilterSql(filter: DeviceFilter, firstParameter: number): PgCondition {
  assertValidDeviceFilter(filter);
  const conditions: string[] = [];
  const values: unknown[] = [];
  const parameter = (value: unknown) => {
    values.push(value);
    return `$${firstParameter + values.length - 1}`;
  };
  for (const [column, value] of [
    ['department', filter.department],
    ['classification', filter.classification],
    ['status', filter.status],
  ] as const) {
    if (value !== undefined) conditions.push(`${column} = ${parameter(value)}`);
  }
  if (filter.state !== undefined) conditions.push(complianceStateCondition(filter.state, REQUIRED_RULES));
  if (filter.silentRuleId !== undefined) {
    // The silence watch's verdict: its finding stands failed (an error is not silence).
    conditions.push(
      `device_id IN (SELECT device_id FROM current_findings WHERE rule_id = ${parameter(filter.silentRuleId)} AND status = 'fail')`,
    );
  }
  if (filter.lastSeenFromMs !== undefined)
    conditions.push(`last_seen_ms >= ${parameter(filter.lastSeenFromMs)}`);
  if (filter.lastSeenToMs !== undefined) {
    // A device never seen has no last-seen time: an upper bound alone must not match it.
    conditions.push(`last_seen_ms > 0 AND last_seen_ms <= ${parameter(filter.lastSeenToMs)}`);
  }
  if (filter.openClause !== undefined) {
    conditions.push(
      `device_id IN (SELECT device_id FROM current_findings WHERE clause = ${parameter(filter.openClause)} AND status IN ('fail', 'error'))`,
    );
  }
  if (filter.openRuleId !== undefined) {
    conditions.push(
      `device_id IN (SELECT device_id FROM current_findings WHERE rule_id = ${parameter(filter.openRuleId)} AND status IN ('fail', 'error'))`,
    );
  }
  if (filter.deviceIdsIn !== undefined)
    conditions.push(`device_id = ANY (${parameter([...filter.deviceIdsIn])}::text[])`);
  if (filter.deviceIdsNotIn !== undefined && filter.deviceIdsNotIn.length > 0)
    conditions.push(`NOT (device_id = ANY (${parameter([...filter.deviceIdsNotIn])}::text[]))`);
  if (filter.search !== undefined && filter.search !== '') {
    const pattern = parameter(`%${likeLiteral(asciiLowerCase(filter.search))}%`);
    conditions.push(
      `(${asciiFolded('asset_number')} LIKE ${pattern} ESCAPE '\\' OR ${asciiFolded('hostname')} LIKE ${pattern} ESCAPE '\\')`,
    );
  }
  return { conditions, values };
}
