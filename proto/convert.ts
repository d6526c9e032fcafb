// Conversions between the wire types (generated from the .proto files) and the domain model
// (policies/model.ts). Everything that arrives from a peer passes through a `*FromWire` function that
// checks it and says exactly which field was wrong, so bad input never reaches the store.

import { COLLECTOR_RULE_IDS } from '../policies/collector-rule-ids';
import type {
  Classification,
  Finding,
  FindingStatus,
  LedgerSlice,
  MediumStatus,
  RegisteredMedium,
  Severity,
} from '../policies/model';
import { agentTextProblem } from './agent-text-guard';
import { keepReceivedText } from './evidence-text';
import { FINDING_LIMITS, findingLimitProblem, jsonDepth, reasonCodeProblem } from './finding-limits';
import type { Classification as WireClassification } from './generated/shoumi/v1/Classification';
import type {
  Finding as WireFinding,
  Finding__Output as WireFindingOutput,
} from './generated/shoumi/v1/Finding';
import type { FindingStatus as WireFindingStatus } from './generated/shoumi/v1/FindingStatus';
import type { LedgerSlice__Output, LedgerSlice as WireLedgerSlice } from './generated/shoumi/v1/LedgerSlice';
import type { MediumStatus as WireMediumStatus } from './generated/shoumi/v1/MediumStatus';
import type { Severity as WireSeverity } from './generated/shoumi/v1/Severity';

export { FINDING_LIMITS };

type WireName<T extends string> = Exclude<T, number | `${string}_UNSPECIFIED`>;

const STATUS_TO_WIRE: Record<FindingStatus, WireName<Extract<WireFindingStatus, string>>> = {
  pass: 'PASS',
  fail: 'FAIL',
  error: 'ERROR',
  not_applicable: 'NOT_APPLICABLE',
};
const SEVERITY_TO_WIRE: Record<Severity, WireName<Extract<WireSeverity, string>>> = {
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};
const CLASSIFICATION_TO_WIRE: Record<Classification, WireName<Extract<WireClassification, string>>> = {
  top_secret: 'TOP_SECRET',
  confidential: 'CONFIDENTIAL',
  secret: 'SECRET',
  non_classified: 'NON_CLASSIFIED',
};
const MEDIUM_STATUS_TO_WIRE: Record<MediumStatus, WireName<Extract<WireMediumStatus, string>>> = {
  in_use: 'IN_USE',
  retired: 'RETIRED',
  lost: 'LOST',
};

function invert<K extends string, V extends string>(map: Record<K, V>): Map<string, K> {
  return new Map(Object.entries(map).map(([key, value]) => [value as string, key as K]));
}
const STATUS_FROM_WIRE = invert(STATUS_TO_WIRE);
const SEVERITY_FROM_WIRE = invert(SEVERITY_TO_WIRE);
const CLASSIFICATION_FROM_WIRE = invert(CLASSIFICATION_TO_WIRE);
const MEDIUM_STATUS_FROM_WIRE = invert(MEDIUM_STATUS_TO_WIRE);

export const statusToWire = (status: FindingStatus) => STATUS_TO_WIRE[status];
export const severityToWire = (severity: Severity) => SEVERITY_TO_WIRE[severity];
export const classificationToWire = (level: Classification | null): WireClassification =>
  level ? CLASSIFICATION_TO_WIRE[level] : 'CLASSIFICATION_UNSPECIFIED';
export const statusFromWire = (status: unknown): FindingStatus | undefined =>
  STATUS_FROM_WIRE.get(String(status));
export const severityFromWire = (severity: unknown): Severity | undefined =>
  SEVERITY_FROM_WIRE.get(String(severity));
export const classificationFromWire = (level: unknown): Classification | null =>
  CLASSIFICATION_FROM_WIRE.get(String(level)) ?? null;

export function findingToWire(finding: Finding): WireFinding {
  return {
    seq: finding.seq,
    ruleId: finding.ruleId,
    clause: finding.clause,
    subject: finding.subject,
    status: STATUS_TO_WIRE[finding.status],
    severity: SEVERITY_TO_WIRE[finding.severity],
    evidenceJson: JSON.stringify(finding.evidence),
    observedAtMs: finding.observedAtMs,
    sweepId: finding.sweepId,
    reason: finding.reason,
    gone: finding.gone === true,
    reasonCode: finding.reasonCode ?? '',
    reasonParams: finding.reasonParams ?? {},
  };
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const CLAUSE_PATTERN = /^\d+(\.\d+){1,3}$/;

/** The finding's text fields, as checked at the door (agent-text-guard.ts): which one is wrong, and how. */
function findingTextProblem(wire: WireFindingOutput): { field: string; expected: string } | null {
  // Field by field rather than over a table of them: this runs for every finding an agent sends.
  const field = (name: string, text: string, maxChars: number, allowLineBreaks: boolean) => {
    const problem = agentTextProblem(text, { maxChars, allowLineBreaks });
    return problem === null ? null : { field: name, expected: problem };
  };
  return (
    field('rule_id', wire.ruleId, FINDING_LIMITS.ruleIdChars, false) ??
    field('clause', wire.clause, 32, false) ??
    field('subject', wire.subject, FINDING_LIMITS.subjectChars, false) ??
    field('reason', wire.reason, FINDING_LIMITS.reasonChars, true)
  );
}

/** Checks one finding from the wire; `where` prefixes the problem, e.g. "findings[3]". */
export function findingFromWire(wire: WireFindingOutput, where: string): Checked<Finding> {
  const problem = (field: string, expected: string) => ({
    ok: false as const,
    problem: `${where}.${field}: ${expected}`,
  });
  if (!Number.isSafeInteger(wire.seq) || wire.seq < 1)
    return problem('seq', `expected an integer >= 1, got ${wire.seq}`);
  const overLimit = findingLimitProblem(wire);
  if (overLimit) return problem(overLimit.field, overLimit.expected);
  const badText = findingTextProblem(wire);
  if (badText) return problem(badText.field, badText.expected);
  const badCode = reasonCodeProblem(wire);
  if (badCode) return problem(badCode.field, badCode.expected);
  // The collector alone judges its rules (cross-use, silent agents): an agent's "pass" for one would stand
  // where the collector's "fail" belongs. Refused on the wire, so the agent service refuses it alone.
  if (COLLECTOR_RULE_IDS.has(wire.ruleId))
    return problem('rule_id', `"${wire.ruleId}" is judged by the collector, never reported by an agent`);
  if (!CLAUSE_PATTERN.test(wire.clause))
    return problem('clause', `expected a clause like "3.7.4", got "${wire.clause.slice(0, 32)}"`);
  const status = statusFromWire(wire.status);
  if (!status) return problem('status', `expected PASS, FAIL, ERROR or NOT_APPLICABLE, got ${wire.status}`);
  const severity = severityFromWire(wire.severity);
  if (!severity) return problem('severity', `expected LOW, MEDIUM, HIGH or CRITICAL, got ${wire.severity}`);
  // A removal closes the current finding of its (rule, subject): only an instance can vanish (the rule as a
  // whole always reports), and a removal is no verdict against anything, so it is never a FAIL or an ERROR.
  if (wire.gone && wire.subject === '')
    return problem('gone', 'only a finding about a subject can mark it gone (subject is empty)');
  if (wire.gone && status !== 'pass')
    return problem('gone', `a finding marking its subject gone must have status PASS, got ${wire.status}`);
  if (!Number.isSafeInteger(wire.observedAtMs) || wire.observedAtMs <= 0)
    return problem('observed_at_ms', `expected epoch milliseconds, got ${wire.observedAtMs}`);
  let evidence: unknown;
  try {
    evidence = wire.evidenceJson === '' ? {} : JSON.parse(wire.evidenceJson);
  } catch (error) {
    return problem('evidence_json', `expected a JSON object (${(error as Error).message})`);
  }
  if (typeof evidence !== 'object' || evidence === null || Array.isArray(evidence))
    return problem('evidence_json', 'expected a JSON object');
  if (jsonDepth(evidence) > FINDING_LIMITS.evidenceDepth)
    return problem('evidence_json', `expected at most ${FINDING_LIMITS.evidenceDepth} levels of nesting`);
  return {
    ok: true,
    value: {
      seq: wire.seq,
      ruleId: wire.ruleId,
      clause: wire.clause,
      subject: wire.subject,
      status,
      severity,
      evidence: keepReceivedText(evidence as Record<string, unknown>, wire.evidenceJson),
      reason: wire.reason,
      observedAtMs: wire.observedAtMs,
      sweepId: wire.sweepId,
      // Only when set, so that every other finding reads exactly as before the field existed.
      ...(wire.gone ? { gone: true } : {}),
      ...(wire.reasonCode === ''
        ? {}
        : { reasonCode: wire.reasonCode, reasonParams: { ...wire.reasonParams } }),
    },
  };
}

function mediumToWire(medium: RegisteredMedium) {
  return {
    serial: medium.serial,
    vendorId: medium.vendorId,
    productId: medium.productId,
    classification: classificationToWire(medium.classification),
    status: MEDIUM_STATUS_TO_WIRE[medium.status],
    assetNumber: medium.assetNumber,
    responsiblePerson: medium.responsiblePerson,
  };
}

export function ledgerSliceToWire(slice: LedgerSlice): WireLedgerSlice {
  return {
    classification: classificationToWire(slice.classification),
    assetNumber: slice.assetNumber,
    media: slice.media.map(mediumToWire),
    allowedNetworks: slice.allowedNetworks,
  };
}

/** The collector is trusted to have validated the slice; unknown enum values degrade to the safest reading. */
export function ledgerSliceFromWire(wire: LedgerSlice__Output): LedgerSlice {
  return {
    classification: classificationFromWire(wire.classification),
    assetNumber: wire.assetNumber,
    allowedNetworks: [...wire.allowedNetworks],
    media: wire.media.map((medium) => ({
      serial: medium.serial,
      vendorId: medium.vendorId,
      productId: medium.productId,
      // A medium of unknown level is treated as non-classified: it can then never satisfy a classified host.
      classification: classificationFromWire(medium.classification) ?? 'non_classified',
      // An unknown status is treated as lost, so that it fails rather than passes.
      status: MEDIUM_STATUS_FROM_WIRE.get(String(medium.status)) ?? 'lost',
      assetNumber: medium.assetNumber,
      responsiblePerson: medium.responsiblePerson,
    })),
  };
}
