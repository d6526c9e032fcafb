// Original file: proto/shoumi/v1/admin_audit.proto

import type { StoredAuditSeal as _shoumi_v1_StoredAuditSeal, StoredAuditSeal__Output as _shoumi_v1_StoredAuditSeal__Output } from '../../shoumi/v1/StoredAuditSeal';

export interface ListAuditSealsResponse {
  'seals'?: (_shoumi_v1_StoredAuditSeal)[];
}

export interface ListAuditSealsResponse__Output {
  'seals': (_shoumi_v1_StoredAuditSeal__Output)[];
}
