// What the findings role of every store backend refuses, decided once: a bad finding query, an agent's
// finding of a rule the collector judges (and the reverse), required rules, a trend day, a corrective
// measure, a refusal listing's bounds. Each names what was wrong; nothing is written when one answers.
import { COLLECTOR_RULE_IDS } from '../../policies/collector-rule-ids';
import { CLASSIFICATIONS, FINDING_STATUSES, type Finding } from '../../policies/model';
import {
  type CollectorFinding,
  type ComplianceDayRecord,
  type DispositionInput,
  type FindingQuery,
  MAX_MEASURE_CHARS,
} from './store';
import { InvalidStoreInputError } from './store-errors';
import { invalidFinding } from './validate-input';

/**
 * An agent's finding as the store takes it: valid, and not of a rule the collector judges itself — its
 * findings would stand beside the collector's own under one (device, rule), an agent's "pass" for
 * agent-reports-regularly replacing the collector's "fail"; the one-state rule relies on each (device, rule)
 * having a single writer.
 */
export function invalidAgentFinding(deviceId: string, finding: Finding): InvalidStoreInputError | null {
  const invalid = invalidFinding(deviceId, finding);
  if (invalid !== null) return invalid;
  return COLLECTOR_RULE_IDS.has(finding.ruleId)
    ? new InvalidStoreInputError(
        `finding seq ${finding.seq} from device "${deviceId}": rule "${finding.ruleId}" is judged by the collector, not by agents`,
      )
    : null;
}

/** A collector finding as the store takes it: valid (its seq is the store's to give), and of a collector rule. */
export function invalidCollectorFinding(finding: CollectorFinding): InvalidStoreInputError | null {
  const { deviceId, ...unsequenced } = finding;
  const invalid = invalidFinding(deviceId, { ...unsequenced, seq: 1 });
  if (invalid !== null) return invalid;
  return COLLECTOR_RULE_IDS.has(finding.ruleId)
    ? null
    : new InvalidStoreInputError(
        `collector finding for device "${deviceId}": rule "${finding.ruleId}" is an agent's, not the collector's`,
      );
}

export function invalidFindingQuery(query: FindingQuery): InvalidStoreInputError | null {
  if (query.status !== undefined && !FINDING_STATUSES.includes(query.status)) {
    return new InvalidStoreInputError(
      `finding status "${String(query.status)}" is not one of ${FINDING_STATUSES.join(', ')}`,
    );
  }
  if (query.classification !== undefined && !CLASSIFICATIONS.includes(query.classification)) {
    return new InvalidStoreInputError(
      `classification "${String(query.classification)}" is not one of ${CLASSIFICATIONS.join(', ')}`,
    );
  }
  for (const bound of ['fromMs', 'toMs'] as const) {
    const value = query[bound];
    if (value !== undefined && !Number.isSafeInteger(value)) {
      return new InvalidStoreInputError(`${bound} must be an integer (epoch ms), got ${String(value)}`);
    }
  }
  if (query.fromMs !== undefined && query.toMs !== undefined && query.fromMs > query.toMs) {
    return new InvalidStoreInputError(
      `time range is empty: fromMs ${query.fromMs} is after toMs ${query.toMs}`,
    );
  }
  return null;
}

export function invalidRequiredRules(ruleIds: readonly string[]): InvalidStoreInputError | null {
  if (!Array.isArray(ruleIds)) return new InvalidStoreInputError('required rules must be a list of rule ids');
  const bad = ruleIds.find((ruleId) => typeof ruleId !== 'string' || ruleId === '');
  return bad === undefined
    ? null
    : new InvalidStoreInputError(`required rule id ${JSON.stringify(bad)} is not a non-empty string`);
}

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

const COUNT_FIELDS = ['devices', 'compliant', 'failing', 'notJudged', 'neverSeen', 'silent'] as const;

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export function invalidComplianceDay(record: ComplianceDayRecord): InvalidStoreInputError | null {
  if (typeof record.day !== 'string' || !DAY.test(record.day))
    return new InvalidStoreInputError(`compliance day ${JSON.stringify(record.day)} is not YYYY-MM-DD`);
  for (const field of COUNT_FIELDS) {
    if (!isCount(record[field]))
      return new InvalidStoreInputError(
        `compliance day ${record.day}: ${field} ${JSON.stringify(record[field])} is not a count`,
      );
  }
  if (!isCount(record.recordedAtMs) || record.recordedAtMs === 0)
    return new InvalidStoreInputError(`compliance day ${record.day}: recordedAtMs is not an instant`);
  if (!Array.isArray(record.byClause))
    return new InvalidStoreInputError(`compliance day ${record.day}: byClause is not a list`);
  for (const row of record.byClause) {
    if (
      typeof row?.clause !== 'string' ||
      row.clause === '' ||
      !isCount(row.failingDevices) ||
      !isCount(row.failingFindings)
    )
      return new InvalidStoreInputError(
        `compliance day ${record.day}: clause row ${JSON.stringify(row)} is not {clause, failingDevices, failingFindings}`,
      );
  }
  return null;
}

export function invalidDayRange(fromDay: string, toDay: string): InvalidStoreInputError | null {
  for (const day of [fromDay, toDay]) {
    if (typeof day !== 'string' || !DAY.test(day))
      return new InvalidStoreInputError(`day ${JSON.stringify(day)} is not YYYY-MM-DD`);
  }
  return null;
}

/** The store's own guard (the admin service says the same in friendlier words before calling). */
export function invalidDispositionInput(input: DispositionInput): InvalidStoreInputError | null {
  for (const field of ['deviceId', 'ruleId', 'subject', 'measure'] as const) {
    if (typeof input[field] !== 'string')
      return new InvalidStoreInputError(`disposition ${field} must be a string`);
  }
  if (input.measure.trim() === '') return new InvalidStoreInputError('disposition measure must not be empty');
  if (input.measure.length > MAX_MEASURE_CHARS)
    return new InvalidStoreInputError(`disposition measure is longer than ${MAX_MEASURE_CHARS} characters`);
  if (typeof input.completed !== 'boolean')
    return new InvalidStoreInputError('disposition completed must be a boolean');
  return null;
}

/** Most rows one refusal listing returns, whatever is asked. */
export const MAX_REFUSALS_LISTED = 10_000;

export function invalidRefusalListing(query: {
  afterSeq: number;
  upToSeq: number;
  limit: number;
}): InvalidStoreInputError | null {
  for (const bound of ['afterSeq', 'upToSeq', 'limit'] as const) {
    if (!Number.isSafeInteger(query[bound]) || query[bound] < 0)
      return new InvalidStoreInputError(
        `${bound} must be a non-negative integer, got ${String(query[bound])}`,
      );
  }
  return null;
}
