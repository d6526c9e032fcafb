// Original file: proto/shoumi/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Cumulative: every finding of this device with seq <= up_to_seq is durably stored.
 */
export interface Ack {
  'upToSeq'?: (number | string | Long);
}

/**
 * Cumulative: every finding of this device with seq <= up_to_seq is durably stored.
 */
export interface Ack__Output {
  'upToSeq': (number);
}
