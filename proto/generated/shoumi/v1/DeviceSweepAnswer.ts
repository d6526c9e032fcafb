// Original file: proto/shoumi/v1/admin_ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface DeviceSweepAnswer {
  'sweepId'?: (string);
  'createdAtMs'?: (number | string | Long);
  /**
   * pending | sent | answered | failed (the sweep target's state)
   */
  'state'?: (string);
  'answeredAtMs'?: (number | string | Long);
}

export interface DeviceSweepAnswer__Output {
  'sweepId': (string);
  'createdAtMs': (number);
  /**
   * pending | sent | answered | failed (the sweep target's state)
   */
  'state': (string);
  'answeredAtMs': (number);
}
