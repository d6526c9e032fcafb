// What the agent tells the collector when a record of its outbox was refused for good (refused-records.ts):
// a finding of its own, appended like any other, so that the refusal is on the record at the collector and
// no verdict is silently left standing there.
//
// When the refused finding's rule id, clause and subject are themselves valid, the report is an `error`
// finding of that same rule and subject: the collector's current state for the key becomes `error` (instead
// of an older PASS standing for a verdict that never arrived), and the next real verdict for the key
// replaces it (the runtime marks the key unreported, so the next sweep sends it whatever it is). When they
// are not (an empty rule id, a clause no rule has), an `agent-outbox-record-refused` notice under the
// agent's own rule id says what was lost, like agent-outbox-record-lost does for a corrupt record. A notice
// too when a newer finding of the same key already follows the refused one in the outbox: that verdict
// stands for the key, and a report appended after it must not hide it behind an `error`.
//
// A report is never reported: a refused report (its evidence carries `refusedRecord`) is only logged and
// kept, or one refusal could feed another for ever.

import { type Finding, SEVERITIES, type UnsequencedFinding } from '../../policies/model';
import { findingFromWire, findingToWire } from '../../proto/convert';
import { boundReasonCode, boundText, FINDING_LIMITS } from '../../proto/finding-limits';
import type { Finding__Output } from '../../proto/generated/shoumi/v1/Finding';
import type { KeptRefusal } from './refused-records';

/** Not a policy rule (like agent-outbox-record-lost): the agent's account of its own record, 3.7.5. */
export const REFUSED_RECORD_RULE_ID = 'agent-outbox-record-refused';
export const REFUSED_RECORD_CLAUSE = '3.7.5';

/** The evidence member that makes a finding a refusal report. */
const MARK = 'refusedRecord';

export function isRefusalReport(finding: Pick<Finding, 'ruleId' | 'evidence'>): boolean {
  if (finding.ruleId === REFUSED_RECORD_RULE_ID) return true;
  const mark = (finding.evidence as Record<string, unknown> | null | undefined)?.[MARK];
  return typeof mark === 'object' && mark !== null;
}

/** The seq a refusal report stands for; null for any other finding. */
export function reportedRefusalSeq(finding: Pick<Finding, 'ruleId' | 'evidence'>): number | null {
  if (!isRefusalReport(finding)) return null;
  const seq = ((finding.evidence as Record<string, unknown>)[MARK] as { seq?: unknown }).seq;
  return typeof seq === 'number' ? seq : null;
}

export type RefusalReport =
  /** The same rule and subject, status error. */
  | { kind: 'replacement'; finding: UnsequencedFinding }
  /** Under the agent's own rule: the refused finding's rule, clause or subject could not be used. */
  | { kind: 'notice'; finding: UnsequencedFinding }
  /** The refused record was itself a report: kept and logged only. */
  | { kind: 'none' };

/**
 * `newerSeq`: the seq of a newer finding of the same rule and subject the outbox already holds, if any (the
 * report is then a notice, header).
 */
export function refusalReport(
  refusal: KeptRefusal,
  keptAs: string,
  nowMs: number,
  newerSeq?: number,
): RefusalReport {
  const { record } = refusal;
  if (isRefusalReport(record)) return { kind: 'none' };
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  // The reason as a catalogue code (policies/messages/reasons/outbox.ts) beside its English text; the
  // parameters are bounded as any finding's (boundReasonCode): the refusal and the path quote long text.
  const codeStem = refusal.refusedBy === 'collector' ? 'outbox.record-refused' : 'outbox.record-unsendable';
  const params = {
    seq: String(refusal.seq),
    refusal: refusal.reason,
    status: text(record.status) || 'unknown',
    keptAs,
  };
  const by =
    refusal.refusedBy === 'collector'
      ? `The collector refused the finding of seq ${refusal.seq} for good`
      : `The agent did not send the finding of seq ${refusal.seq}: the collector could never store it`;
  const evidence = {
    [MARK]: {
      seq: refusal.seq,
      refusedBy: refusal.refusedBy,
      reason: refusal.reason,
      originalStatus: text(record.status),
      observedAtMs: typeof record.observedAtMs === 'number' ? record.observedAtMs : null,
      keptAs,
    },
  };
  const replacement: UnsequencedFinding = {
    ruleId: text(record.ruleId),
    clause: text(record.clause),
    subject: text(record.subject),
    status: 'error',
    severity: SEVERITIES.includes(record.severity) ? record.severity : 'high',
    evidence,
    reason: boundText(
      `${by} (${refusal.reason}); its verdict (${text(record.status) || 'unknown'}) is not at the collector. The record is kept on the workstation in ${keptAs}. The next sweep reports this rule and subject again.`,
      FINDING_LIMITS.reasonChars,
    ),
    ...boundReasonCode(codeStem, params),
    observedAtMs: nowMs,
    sweepId: text(record.sweepId),
  };
  // The collector's own check says whether the rule, clause and subject can carry a finding (findingToWire
  // sets every field a received finding has but `gone`, which a report never is).
  const asReceived = { ...findingToWire({ ...replacement, seq: 1 }), gone: false } as Finding__Output;
  const usable = findingFromWire(asReceived, 'replacement').ok;
  if (usable && newerSeq === undefined) return { kind: 'replacement', finding: replacement };
  const noticeCode = usable ? `${codeStem}-newer` : `${codeStem}-unusable`;
  const { status: _status, ...noticeParams } = params;
  const why = usable
    ? `a newer finding of the same rule and subject (seq ${newerSeq}) stands for it`
    : 'its rule, clause or subject cannot carry a finding';
  return {
    kind: 'notice',
    finding: {
      ruleId: REFUSED_RECORD_RULE_ID,
      clause: REFUSED_RECORD_CLAUSE,
      subject: `seq:${refusal.seq}`,
      status: 'error',
      severity: 'high',
      evidence: {
        [MARK]: {
          ...evidence[MARK],
          ruleId: boundText(text(record.ruleId), FINDING_LIMITS.ruleIdChars),
          clause: boundText(text(record.clause), 32),
          subject: boundText(text(record.subject), FINDING_LIMITS.subjectChars),
        },
      },
      reason: boundText(
        `${by} (${refusal.reason}); ${why}, so it is reported here. The record is kept on the workstation in ${keptAs}.`,
        FINDING_LIMITS.reasonChars,
      ),
      ...boundReasonCode(noticeCode, usable ? { ...noticeParams, newerSeq: String(newerSeq) } : noticeParams),
      observedAtMs: nowMs,
      sweepId: '',
    },
  };
}
