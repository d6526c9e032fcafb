// Original file: proto/shoumi/v1/admin_sweeps.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Where one device stands in one sweep.
 */
export interface SweepTarget {
  'deviceId'?: (string);
  'hostname'?: (string);
  /**
   * pending (offline: runs it when it reconnects) | sent | answered | failed
   */
  'state'?: (string);
  'sentAtMs'?: (number | string | Long);
  'answeredAtMs'?: (number | string | Long);
  'failedRules'?: (number);
  'errorRules'?: (number);
  'error'?: (string);
}

/**
 * Where one device stands in one sweep.
 */
export interface SweepTarget__Output {
  'deviceId': (string);
  'hostname': (string);
  /**
   * pending (offline: runs it when it reconnects) | sent | answered | failed
   */
  'state': (string);
  'sentAtMs': (number);
  'answeredAtMs': (number);
  'failedRules': (number);
  'errorRules': (number);
  'error': (string);
}
