// How the link cuts what the outbox holds into finding batches: at most `maxCount` findings and
// FINDING_LIMITS.batchBytes of encoded findings a message, so that a batch of the largest findings the
// collector accepts still fits its 16 MiB message limit. A record that could never be stored (one an older
// agent wrote before its findings were bounded: it breaks a finding limit, or alone would not fit a batch)
// is not sent but refused here, with the reason the collector would give: sent, it would only be refused.
import type { Finding } from '../../policies/model';
import { findingToWire } from '../../proto/convert';
import { FINDING_LIMITS, findingLimitProblem } from '../../proto/finding-limits';
import type { Finding as WireFinding } from '../../proto/generated/shoumi/v1/Finding';
import type { Refused } from './delivery';

/**
 * Bytes a finding adds to a batch message beyond its strings, at most: six string fields' tags and lengths
 * (≤ 6 bytes each), seq and observed_at (≤ 11 each), status and severity (≤ 3 each), gone (2), and the
 * finding's own tag and length inside the batch (≤ 6). 80 leaves room.
 */
const FIELD_OVERHEAD_BYTES = 80;

/** An upper bound on the bytes the finding takes in an encoded FindingBatch. */
export function encodedBytesAtMost(wire: WireFinding): number {
  let bytes = FIELD_OVERHEAD_BYTES;
  for (const text of [wire.ruleId, wire.clause, wire.subject, wire.evidenceJson, wire.sweepId, wire.reason])
    bytes += Buffer.byteLength(text ?? '', 'utf8');
  return bytes;
}

/** Why the agent will not send this record, in the collector's words; null when it may be sent. */
export function unsendableReason(wire: WireFinding, maxBytes = FINDING_LIMITS.batchBytes): string | null {
  const overLimit = findingLimitProblem({
    ruleId: wire.ruleId ?? '',
    subject: wire.subject ?? '',
    reason: wire.reason ?? '',
    evidenceJson: wire.evidenceJson ?? '',
  });
  if (overLimit) return `${overLimit.field}: ${overLimit.expected}`;
  const bytes = encodedBytesAtMost(wire);
  if (bytes > maxBytes) return `finding: ${bytes} bytes encoded, over the ${maxBytes}-byte batch limit`;
  return null;
}

export interface Batch {
  /** The findings to send, in seq order (may be empty when every record taken was refused). */
  wire: WireFinding[];
  /** Records taken but not to be sent. */
  refused: Refused[];
  /** Seq of the last record taken (sent or refused); the next batch starts after it. */
  lastSeq: number;
}

/** The next batch from `records` (pending, in seq order); null when there are none. */
export function nextBatch(records: readonly Finding[], maxBytes = FINDING_LIMITS.batchBytes): Batch | null {
  if (records.length === 0) return null;
  const batch: Batch = { wire: [], refused: [], lastSeq: records[0]!.seq };
  let bytes = 0;
  for (const record of records) {
    const wire = findingToWire(record);
    const reason = unsendableReason(wire, maxBytes);
    if (reason !== null) {
      batch.refused.push({ outcome: 'refused', record, refusedBy: 'agent', reason });
      batch.lastSeq = record.seq;
      continue;
    }
    const size = encodedBytesAtMost(wire);
    if (bytes + size > maxBytes) break; // not the first: a first record always fits (unsendableReason)
    bytes += size;
    batch.wire.push(wire);
    batch.lastSeq = record.seq;
  }
  return batch;
}
