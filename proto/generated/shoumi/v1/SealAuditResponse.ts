// Original file: proto/shoumi/v1/admin_audit.proto

import type { Long } from '@grpc/proto-loader';

export interface SealAuditResponse {
  /**
   * The sealed position.
   */
  'position'?: (number | string | Long);
  /**
   * The position of the audit.sealed record written for it.
   */
  'auditPosition'?: (number | string | Long);
}

export interface SealAuditResponse__Output {
  /**
   * The sealed position.
   */
  'position': (number);
  /**
   * The position of the audit.sealed record written for it.
   */
  'auditPosition': (number);
}
