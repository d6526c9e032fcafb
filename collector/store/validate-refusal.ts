// What a refusal handed to the store must be, for every backend (as validate-input.ts is for findings): a
// refused seq is a hole the device's last seq moves past for good, so a malformed one is refused with the
// field named before anything is written.
import { FINDING_LIMITS } from '../../proto/finding-limits';
import type { FindingRefusal } from './store';
import { InvalidStoreInputError } from './store-errors';

/** Longest reason kept, in UTF-16 units: the collector's reasons are one line ("field: expected …"). */
export const REFUSAL_REASON_CHARS = 512;

const TEXT_LIMITS = {
  ruleId: FINDING_LIMITS.ruleIdChars,
  subject: FINDING_LIMITS.subjectChars,
  reason: REFUSAL_REASON_CHARS,
} as const;

export function invalidRefusal(deviceId: string, refusal: FindingRefusal): InvalidStoreInputError | null {
  const problem = refusalProblem(refusal);
  return problem === null
    ? null
    : new InvalidStoreInputError(
        `refusal of seq ${String(refusal?.seq)} from device "${deviceId}": ${problem}`,
      );
}

function refusalProblem(refusal: FindingRefusal): string | null {
  if (refusal === null || typeof refusal !== 'object') return 'not an object';
  if (!Number.isSafeInteger(refusal.seq) || refusal.seq < 1) return 'seq must be a positive integer';
  for (const [field, maxChars] of Object.entries(TEXT_LIMITS) as Array<[keyof typeof TEXT_LIMITS, number]>) {
    const value = refusal[field];
    if (typeof value !== 'string') return `${field} must be a string`;
    if (value.length > maxChars)
      return `${field} must be at most ${maxChars} characters, got ${value.length}`;
  }
  if (refusal.reason === '') return 'reason must not be empty';
  return null;
}
