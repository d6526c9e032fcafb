// The agent's report that its outbox reached its bound and dropped superseded findings to stay inside it.
//
// Each one lists every range dropped since the last acknowledged overflow finding: an earlier one still
// queued is dropped and its ranges (and its own seq) listed again in the newer one, so that declarations
// do not fill the bound themselves. droppedByStatus counts only the records this drop removed.
//
// When the outbox has room again and the collector has acknowledged every drop, the outbox closes the
// overflow with a `pass` for the same rule and subject (overflowClosedFinding), so the collector's current
// state for it does not stay `error` long after the partition ended. The pass lists the same ranges as
// history: what was dropped is still worth knowing once the cause is gone.
//
// Like lost-record-finding.ts, not a policy rule: an administrator cannot tune or switch off the agent's
// account of its own record. Its evidence lists every dropped seq range, so the collector side can check
// that "no gap" holds: every seq is stored or declared here. A declared seq may still have been delivered
// (it was sent before the link went down but not acknowledged, or a crash came before the drop was done);
// declared means "may be absent", never "certainly absent".

import type { Finding, UnsequencedFinding } from '../../policies/model';
import type { SeqRange } from './dropped-file';

export const OVERFLOW_RULE_ID = 'agent-outbox-overflow';
export const OVERFLOW_CLAUSE = '3.7.5';

export interface OverflowFacts {
  droppedRanges: readonly SeqRange[];
  droppedByStatus: Record<Finding['status'], number>;
  freedBytes: number;
  maxBytes: number;
  pendingBytesBefore: number;
}

/** The overflow rule's finding (one subject: the outbox), with the dropped seqs first in its evidence. */
function overflowNotice(
  status: 'error' | 'pass',
  droppedRanges: readonly SeqRange[],
  evidence: (dropped: number) => {
    reason: string;
    params: Record<string, string>;
    detail: Record<string, unknown>;
  },
  nowMs: number,
): UnsequencedFinding {
  const dropped = droppedRanges.reduce((sum, [first, last]) => sum + last - first + 1, 0);
  const { reason, params, detail } = evidence(dropped);
  return {
    ruleId: OVERFLOW_RULE_ID,
    clause: OVERFLOW_CLAUSE,
    subject: '',
    status,
    severity: 'medium',
    evidence: { dropped, droppedRanges: droppedRanges.map(([first, last]) => [first, last]), ...detail },
    reason,
    reasonCode: status === 'error' ? 'outbox.overflow' : 'outbox.overflow-closed',
    reasonParams: params,
    observedAtMs: nowMs,
    sweepId: '',
  };
}

export function overflowFinding(facts: OverflowFacts, nowMs: number): UnsequencedFinding {
  return overflowNotice(
    'error',
    facts.droppedRanges,
    (dropped) => ({
      detail: {
        droppedByStatus: facts.droppedByStatus,
        freedBytes: facts.freedBytes,
        maxBytes: facts.maxBytes,
        pendingBytesBefore: facts.pendingBytesBefore,
      },
      params: { maxBytes: String(facts.maxBytes), dropped: String(dropped) },
      reason: `The outbox reached its ${facts.maxBytes}-byte bound while the collector was unreachable; ${dropped} findings superseded by a newer finding for the same rule and subject (or earlier notices like this one) were dropped (seqs in evidence). The newest state of every rule and subject is kept.`,
    }),
    nowMs,
  );
}

export interface OverflowClosedFacts {
  /** Every dropped range the collector has acknowledged past and no pass has listed yet. */
  droppedRanges: readonly SeqRange[];
  maxBytes: number;
  pendingBytes: number;
}

export function overflowClosedFinding(facts: OverflowClosedFacts, nowMs: number): UnsequencedFinding {
  return overflowNotice(
    'pass',
    facts.droppedRanges,
    (dropped) => ({
      detail: { maxBytes: facts.maxBytes, pendingBytes: facts.pendingBytes },
      params: { maxBytes: String(facts.maxBytes), dropped: String(dropped) },
      reason: `The outbox is back within its ${facts.maxBytes}-byte bound and the collector has acknowledged everything up to and past the ${dropped} dropped findings listed in evidence (kept as history: they may be absent at the collector).`,
    }),
    nowMs,
  );
}
