// Checks on what callers hand the store, shared by every backend, so that bad input is refused with an
// error naming the field before anything is written (and one bad caller cannot fail a whole group commit).
import {
  CLASSIFICATIONS,
  FINDING_STATUSES,
  type Finding,
  MEDIUM_STATUSES,
  type RegisteredMedium,
  SEVERITIES,
} from '../../policies/model';
import { reasonCodeProblem } from '../../proto/finding-limits';
import { DEVICE_STATUSES, type LedgerFields } from './store';
import { InvalidStoreInputError } from './store-errors';

const LEDGER_TEXT_FIELDS = ['assetNumber', 'responsiblePerson', 'department', 'location'] as const;

export function invalidFinding(deviceId: string, finding: Finding): InvalidStoreInputError | null {
  const problem = findingProblem(finding);
  return problem === null
    ? null
    : new InvalidStoreInputError(`finding seq ${String(finding?.seq)} from device "${deviceId}": ${problem}`);
}

function findingProblem(finding: Finding): string | null {
  if (finding === null || typeof finding !== 'object') return 'not an object';
  if (!Number.isSafeInteger(finding.seq) || finding.seq < 1) return 'seq must be a positive integer';
  for (const field of ['ruleId', 'clause', 'subject', 'reason', 'sweepId'] as const) {
    if (typeof finding[field] !== 'string') return `${field} must be a string`;
  }
  if (finding.ruleId === '') return 'ruleId must not be empty';
  if (!FINDING_STATUSES.includes(finding.status)) {
    return `status "${String(finding.status)}" is not one of ${FINDING_STATUSES.join(', ')}`;
  }
  if (!SEVERITIES.includes(finding.severity)) {
    return `severity "${String(finding.severity)}" is not one of ${SEVERITIES.join(', ')}`;
  }
  if (!Number.isFinite(finding.observedAtMs)) return 'observedAtMs must be a number';
  if (finding.evidence === null || typeof finding.evidence !== 'object') return 'evidence must be an object';
  if (finding.gone !== undefined && typeof finding.gone !== 'boolean') return 'gone must be a boolean';
  if (finding.gone === true && finding.subject === '')
    return 'gone needs a subject (the rule as a whole cannot be gone)';
  if (finding.gone === true && finding.status !== 'pass')
    return `gone must come with status pass, got "${finding.status}"`;
  if (finding.reasonCode !== undefined || finding.reasonParams !== undefined) {
    // The same rules as at the agent door (proto/finding-limits.ts), for the collector's own findings too.
    if (typeof finding.reasonCode !== 'string') return 'reasonCode must be a string';
    const params = finding.reasonParams ?? {};
    if (typeof params !== 'object' || params === null || Array.isArray(params))
      return 'reasonParams must be an object';
    if (!Object.values(params).every((value) => typeof value === 'string'))
      return 'reasonParams values must be strings';
    const problem = reasonCodeProblem({ reasonCode: finding.reasonCode, reasonParams: params });
    if (problem !== null) return `${problem.field}: ${problem.expected}`;
  }
  return null;
}

export function invalidLedgerFields(fields: Partial<LedgerFields>): InvalidStoreInputError | null {
  if (fields.classification !== undefined && fields.classification !== null) {
    if (!CLASSIFICATIONS.includes(fields.classification)) {
      return new InvalidStoreInputError(
        `ledger classification "${String(fields.classification)}" is not one of ${CLASSIFICATIONS.join(', ')} (or null)`,
      );
    }
  }
  if (fields.status !== undefined && !DEVICE_STATUSES.includes(fields.status)) {
    return new InvalidStoreInputError(
      `ledger status "${String(fields.status)}" is not one of ${DEVICE_STATUSES.join(', ')}`,
    );
  }
  for (const field of LEDGER_TEXT_FIELDS) {
    if (fields[field] !== undefined && typeof fields[field] !== 'string') {
      return new InvalidStoreInputError(`ledger ${field} must be a string`);
    }
  }
  if (
    fields.allowedNetworks !== undefined &&
    (!Array.isArray(fields.allowedNetworks) || fields.allowedNetworks.some((n) => typeof n !== 'string'))
  ) {
    return new InvalidStoreInputError('ledger allowedNetworks must be an array of CIDR strings');
  }
  return null;
}

export function invalidMedium(medium: RegisteredMedium): InvalidStoreInputError | null {
  const hex4 = /^[0-9a-f]{4}$/;
  if (!hex4.test(medium.vendorId)) {
    return new InvalidStoreInputError(`medium vendorId "${medium.vendorId}" must be 4 lowercase hex digits`);
  }
  if (!hex4.test(medium.productId)) {
    return new InvalidStoreInputError(
      `medium productId "${medium.productId}" must be 4 lowercase hex digits`,
    );
  }
  if (typeof medium.serial !== 'string' || medium.serial === '') {
    return new InvalidStoreInputError('medium serial must be a non-empty string');
  }
  if (!CLASSIFICATIONS.includes(medium.classification)) {
    return new InvalidStoreInputError(
      `medium classification "${String(medium.classification)}" is not one of ${CLASSIFICATIONS.join(', ')}`,
    );
  }
  if (!MEDIUM_STATUSES.includes(medium.status)) {
    return new InvalidStoreInputError(
      `medium status "${String(medium.status)}" is not one of ${MEDIUM_STATUSES.join(', ')}`,
    );
  }
  if (typeof medium.assetNumber !== 'string' || typeof medium.responsiblePerson !== 'string') {
    return new InvalidStoreInputError('medium assetNumber and responsiblePerson must be strings');
  }
  return null;
}

export function invalidMediumStatus(status: RegisteredMedium['status']): InvalidStoreInputError | null {
  return MEDIUM_STATUSES.includes(status)
    ? null
    : new InvalidStoreInputError(
        `medium status "${String(status)}" is not one of ${MEDIUM_STATUSES.join(', ')}`,
      );
}
