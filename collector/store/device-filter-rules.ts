// What a device listing's filter means, apart from the SQL dialect each backend writes it in: which values
// are refused, and each compliance state as a condition over the device row's counters (compliance-state.ts
// clause for clause). Both backends' device-filter files build their SQL from these.
import { CLASSIFICATIONS } from '../../policies/model';
import { COMPLIANCE_STATES, type ComplianceState } from './compliance-state';
import { DEVICE_STATUSES, type DeviceFilter } from './store';
import { InvalidStoreInputError } from './store-errors';

function validTime(field: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0))
    throw new InvalidStoreInputError(`${field} ${value} is not a time in ms since the epoch`);
}

/** Throws InvalidStoreInputError naming the first filter value no device could have. */
export function assertValidDeviceFilter(filter: DeviceFilter): void {
  if (filter.classification !== undefined && !CLASSIFICATIONS.includes(filter.classification)) {
    throw new InvalidStoreInputError(
      `classification "${String(filter.classification)}" is not one of ${CLASSIFICATIONS.join(', ')}`,
    );
  }
  if (filter.status !== undefined && !DEVICE_STATUSES.includes(filter.status)) {
    throw new InvalidStoreInputError(
      `device status "${String(filter.status)}" is not one of ${DEVICE_STATUSES.join(', ')}`,
    );
  }
  if (filter.state !== undefined && !COMPLIANCE_STATES.includes(filter.state)) {
    throw new InvalidStoreInputError(
      `state "${String(filter.state)}" is not one of ${COMPLIANCE_STATES.join(', ')}`,
    );
  }
  validTime('lastSeenFromMs', filter.lastSeenFromMs);
  validTime('lastSeenToMs', filter.lastSeenToMs);
}

const OPEN = 'failing + errors > 0';

/** deviceJudgement (compliance-state.ts) in SQL: failing first, then never seen, then judged or not. */
export function complianceStateCondition(state: ComplianceState, requiredRules: string): string {
  switch (state) {
    case 'failing':
      return OPEN;
    case 'never_seen':
      return `NOT (${OPEN}) AND last_seen_ms = 0`;
    case 'not_judged':
      return `NOT (${OPEN}) AND last_seen_ms > 0 AND (${requiredRules} = 0 OR judged_rules < ${requiredRules})`;
    case 'compliant':
      return `NOT (${OPEN}) AND last_seen_ms > 0 AND ${requiredRules} > 0 AND judged_rules >= ${requiredRules}`;
  }
}

/** "100%_off" → "100\%\_off": a search text matched literally inside LIKE … ESCAPE '\'. */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A search matches case-insensitively on ASCII letters only, as SQLite's LIKE does: "zc" finds "ZC-1", but
 * "é" does not find "É" (other scripts are compared as written).
 */
export const ASCII_UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const ASCII_LOWER = 'abcdefghijklmnopqrstuvwxyz';

export function asciiLowerCase(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}
