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
  /**
   * The actor as recorded ("admin:张三(security_admin)", "collector", "device:ID"), exact.
   */
  'actor'?: (string);
  /**
   * Recorded at or after / before these instants (0: no bound).
   */
  'fromMs'?: (number | string | Long);
  'toMs'?: (number | string | Long);
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
  /**
   * The actor as recorded ("admin:张三(security_admin)", "collector", "device:ID"), exact.
   */
  'actor': (string);
  /**
   * Recorded at or after / before these instants (0: no bound).
   */
  'fromMs': (number);
  'toMs': (number);
}
