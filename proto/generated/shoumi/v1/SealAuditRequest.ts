// Original file: proto/shoumi/v1/admin_audit.proto

import type { AuditSeal as _shoumi_v1_AuditSeal, AuditSeal__Output as _shoumi_v1_AuditSeal__Output } from '../../shoumi/v1/AuditSeal';

export interface SealAuditRequest {
  'seal'?: (_shoumi_v1_AuditSeal | null);
}

export interface SealAuditRequest__Output {
  'seal': (_shoumi_v1_AuditSeal__Output | null);
}
