// Original file: proto/shoumi/v1/admin_audit.proto

import type { AuditDigest as _shoumi_v1_AuditDigest, AuditDigest__Output as _shoumi_v1_AuditDigest__Output } from '../../shoumi/v1/AuditDigest';

export interface GetAuditDigestResponse {
  /**
   * Absent while the trail is empty.
   */
  'digest'?: (_shoumi_v1_AuditDigest | null);
  /**
   * The printable block (zh/en title, one "key: value" a line).
   */
  'text'?: (string);
}

export interface GetAuditDigestResponse__Output {
  /**
   * Absent while the trail is empty.
   */
  'digest': (_shoumi_v1_AuditDigest__Output | null);
  /**
   * The printable block (zh/en title, one "key: value" a line).
   */
  'text': (string);
}
