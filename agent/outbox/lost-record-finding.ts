// What stands in for a record that corruption destroyed.
//
// The collector acknowledges cumulatively, so a hole in the sequence would stall every ack after it, fill
// the outbox and silence the agent. Instead the lost seq is sent as an `error` finding that says what
// happened: the collector learns of the loss, its ack moves on, and if it already held the original
// finding under that seq, idempotent ingest keeps the original and drops this one.

import type { Finding } from '../../policies/model';

/**
 * Not a policy rule: the agent's own report that part of its record is gone. Filed under 3.7.5 (security
 * audit: the record of what was checked must be complete). Its id and clause must pass the collector's
 * validation like any finding, or the batch carrying it would be refused on every reconnect.
 */
export const LOST_RECORD_RULE_ID = 'agent-outbox-record-lost';
export const LOST_RECORD_CLAUSE = '3.7.5';

export function lostRecordFinding(seq: number, segmentFile: string, offset: number, nowMs: number): Finding {
  return Object.freeze({
    seq,
    ruleId: LOST_RECORD_RULE_ID,
    clause: LOST_RECORD_CLAUSE,
    subject: `seq:${seq}`,
    status: 'error',
    severity: 'high',
    evidence: { segmentFile, corruptAtOffset: offset },
    reason:
      'The outbox record holding this sequence number was corrupt on disk and could not be read; the finding it held is lost.',
    reasonCode: 'outbox.record-lost',
    reasonParams: {},
    observedAtMs: nowMs,
    sweepId: '',
  });
}
