// What stands in for a record that corruption destroyed.
//
// The collector acknowledges cumulatively, so a hole in the sequence would stall every ack after it, fill
// the outbox and silence the agent. Instead the lost seq is sent as an `error` finding that says what
// happened: the collector learns of the loss, its ack moves on, and if it already held the original
// finding under that seq, idempotent ingest keeps the original and drops this one.

import type { Finding } from '../../policies/model';

/** Not a policy rule: the outbox's own report. TODO(lead): agree this id with the policy/check registry. */
export const LOST_RECORD_RULE_ID = 'shoumi.outbox.record_lost';

export function lostRecordFinding(seq: number, segmentFile: string, offset: number, nowMs: number): Finding {
  return Object.freeze({
    seq,
    ruleId: LOST_RECORD_RULE_ID,
    clause: '',
    subject: `seq:${seq}`,
    status: 'error',
    severity: 'high',
    evidence: { segmentFile, corruptAtOffset: offset },
    reason:
      'The outbox record holding this sequence number was corrupt on disk and could not be read; the finding it held is lost.',
    observedAtMs: nowMs,
    sweepId: '',
  });
}
