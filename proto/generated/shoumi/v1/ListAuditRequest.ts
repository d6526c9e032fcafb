// Original file: proto/shoumi/v1/admin_audit.proto

import type { Long } from '@grpc/proto-loader';

export interface ListAuditRequest {
  /**
   * At most 1000; 0 means 100.
   */
  'limit'?: (number);
  /**
   * Records after this position; 0 from the start.
   */
  'afterPosition'?: (number | string | Long);
  /**
   * Only records of this action (e.g. "ledger.updated"); empty: all.
   */
  'action'?: (string);
}

export interface ListAuditRequest__Output {
  /**
   * At most 1000; 0 means 100.
   */
  'limit': (number);
  /**
   * Records after this position; 0 from the start.
   */
  'afterPosition': (number);
  /**
   * Only records of this action (e.g. "ledger.updated"); empty: all.
   */
  'action': (string);
}
