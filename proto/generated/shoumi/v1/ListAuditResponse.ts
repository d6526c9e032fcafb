// Original file: proto/shoumi/v1/admin_audit.proto

import type { AuditRecord as _shoumi_v1_AuditRecord, AuditRecord__Output as _shoumi_v1_AuditRecord__Output } from '../../shoumi/v1/AuditRecord';
import type { Long } from '@grpc/proto-loader';

export interface ListAuditResponse {
  'records'?: (_shoumi_v1_AuditRecord)[];
  /**
   * Pass as after_position for the next page; 0 when there is none.
   */
  'nextAfterPosition'?: (number | string | Long);
}

export interface ListAuditResponse__Output {
  'records': (_shoumi_v1_AuditRecord__Output)[];
  /**
   * Pass as after_position for the next page; 0 when there is none.
   */
  'nextAfterPosition': (number);
}
