// Original file: proto/shoumi/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One finding the collector will not store (it breaks a limit or a rule of the contract), and why.
 */
export interface Refusal {
  'seq'?: (number | string | Long);
  /**
   * "field: expected …", e.g. "evidence_json: expected at most 65536 bytes".
   */
  'reason'?: (string);
}

/**
 * One finding the collector will not store (it breaks a limit or a rule of the contract), and why.
 */
export interface Refusal__Output {
  'seq': (number);
  /**
   * "field: expected …", e.g. "evidence_json: expected at most 65536 bytes".
   */
  'reason': (string);
}
