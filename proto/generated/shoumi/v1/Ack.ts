// Original file: proto/shoumi/v1/agent.proto

import type { Refusal as _shoumi_v1_Refusal, Refusal__Output as _shoumi_v1_Refusal__Output } from '../../shoumi/v1/Refusal';
import type { Long } from '@grpc/proto-loader';

/**
 * Cumulative: every finding of this device with seq <= up_to_seq is durably stored, or was refused for good
 * and listed in `refused` (of this ack or an earlier one; a hello's ack lists again every refusal above the
 * agent's last_acked_seq, up to its own up_to_seq). A refused finding is not stored and will never be:
 * resending it changes nothing. An ack answering a batch covers at most that batch's highest seq; the
 * hello's covers the device's last seq, or less when it could not list every refusal below that (the agent
 * then sends the rest again, and each batch's ack lists its refusals).
 */
export interface Ack {
  'upToSeq'?: (number | string | Long);
  'refused'?: (_shoumi_v1_Refusal)[];
}

/**
 * Cumulative: every finding of this device with seq <= up_to_seq is durably stored, or was refused for good
 * and listed in `refused` (of this ack or an earlier one; a hello's ack lists again every refusal above the
 * agent's last_acked_seq, up to its own up_to_seq). A refused finding is not stored and will never be:
 * resending it changes nothing. An ack answering a batch covers at most that batch's highest seq; the
 * hello's covers the device's last seq, or less when it could not list every refusal below that (the agent
 * then sends the rest again, and each batch's ack lists its refusals).
 */
export interface Ack__Output {
  'upToSeq': (number);
  'refused': (_shoumi_v1_Refusal__Output)[];
}
