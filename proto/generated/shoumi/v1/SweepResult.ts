// Original file: proto/shoumi/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface SweepResult {
  'sweepId'?: (string);
  'startedAtMs'?: (number | string | Long);
  'finishedAtMs'?: (number | string | Long);
  'rulesEvaluated'?: (number);
  'failed'?: (number);
  'errors'?: (number);
  /**
   * Findings of this sweep occupy this sequence range (inclusive); 0/0 when it emitted none.
   */
  'firstSeq'?: (number | string | Long);
  'lastSeq'?: (number | string | Long);
  'error'?: (string);
}

export interface SweepResult__Output {
  'sweepId': (string);
  'startedAtMs': (number);
  'finishedAtMs': (number);
  'rulesEvaluated': (number);
  'failed': (number);
  'errors': (number);
  /**
   * Findings of this sweep occupy this sequence range (inclusive); 0/0 when it emitted none.
   */
  'firstSeq': (number);
  'lastSeq': (number);
  'error': (string);
}
