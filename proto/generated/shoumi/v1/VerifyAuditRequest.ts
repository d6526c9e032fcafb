// Original file: proto/shoumi/v1/admin_audit.proto

import type { AuditDigest as _shoumi_v1_AuditDigest, AuditDigest__Output as _shoumi_v1_AuditDigest__Output } from '../../shoumi/v1/AuditDigest';
import type { AuditSeal as _shoumi_v1_AuditSeal, AuditSeal__Output as _shoumi_v1_AuditSeal__Output } from '../../shoumi/v1/AuditSeal';

export interface VerifyAuditRequest {
  /**
   * A digest printed earlier: the record at its position must still carry its hash.
   */
  'digest'?: (_shoumi_v1_AuditDigest | null);
  /**
   * Seals the caller brings (an auditor's own copies, --seal FILE): each must be valid and match the chain.
   */
  'seals'?: (_shoumi_v1_AuditSeal)[];
}

export interface VerifyAuditRequest__Output {
  /**
   * A digest printed earlier: the record at its position must still carry its hash.
   */
  'digest': (_shoumi_v1_AuditDigest__Output | null);
  /**
   * Seals the caller brings (an auditor's own copies, --seal FILE): each must be valid and match the chain.
   */
  'seals': (_shoumi_v1_AuditSeal__Output)[];
}
