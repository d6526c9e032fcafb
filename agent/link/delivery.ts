// What becomes of an outbox record the link sends: three outcomes, as values.
//
//   acked    the collector holds every seq up to upToSeq (Ack.up_to_seq), except those it refused
//   refused  it will never be stored: the collector said so in an Ack (`refused`), or the agent saw before
//            sending that it could never be (batches.ts). Settled (settle-refusals.ts: kept on disk,
//            reported by a finding of its own, its key marked unreported) before an ack covering it is
//            written, since that ack drops it from the outbox.
//   retry    the stream broke before an answer: everything unacked is sent again on the next stream, and
//            the collector ignores a (device, seq) it already holds.
import type { Finding } from '../../policies/model';
import type { Ack__Output } from '../../proto/generated/shoumi/v1/Ack';
import type { RefusedBy } from '../outbox/refused-records';

export type Delivery =
  | { outcome: 'acked'; upToSeq: number }
  | { outcome: 'refused'; record: Finding; refusedBy: RefusedBy; reason: string }
  | { outcome: 'retry'; afterMs: number; detail: string };

export type Refused = Extract<Delivery, { outcome: 'refused' }>;

export type SettleOutcome = { ok: true } | { ok: false; message: string };

/** Keeps and reports refused records; resolves ok only once that is durable (settle-refusals.ts). */
export type SettleRefused = (refused: readonly Refused[]) => Promise<SettleOutcome>;

/** What one Ack means for the records the outbox holds. */
export interface AckDeliveries {
  /** Each refusal of a record still held, in the Ack's order. */
  refused: Refused[];
  /** Refusals of seqs the outbox no longer holds (dropped as superseded, or already acked): nothing to keep. */
  notHeld: Array<{ seq: number; reason: string }>;
  acked: Extract<Delivery, { outcome: 'acked' }>;
}

/** `held(seq)`: the outbox's pending record of that seq, if it has one. */
export function deliveriesOfAck(ack: Ack__Output, held: (seq: number) => Finding | undefined): AckDeliveries {
  const refused: Refused[] = [];
  const notHeld: AckDeliveries['notHeld'] = [];
  const seen = new Set<number>();
  for (const { seq, reason } of ack.refused ?? []) {
    if (seen.has(seq)) continue;
    seen.add(seq);
    const record = held(seq);
    if (record) refused.push({ outcome: 'refused', record, refusedBy: 'collector', reason });
    else notHeld.push({ seq, reason });
  }
  return { refused, notHeld, acked: { outcome: 'acked', upToSeq: ack.upToSeq } };
}
