// Original file: proto/shoumi/v1/admin_audit.proto

import type { AuditDigest as _shoumi_v1_AuditDigest, AuditDigest__Output as _shoumi_v1_AuditDigest__Output } from '../../shoumi/v1/AuditDigest';

export interface VerifyAuditRequest {
  /**
   * A digest printed earlier: the record at its position must still carry its hash.
   */
  'digest'?: (_shoumi_v1_AuditDigest | null);
}

export interface VerifyAuditRequest__Output {
  /**
   * A digest printed earlier: the record at its position must still carry its hash.
   */
  'digest': (_shoumi_v1_AuditDigest__Output | null);
}
