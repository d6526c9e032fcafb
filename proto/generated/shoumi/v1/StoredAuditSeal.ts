// Original file: proto/shoumi/v1/admin_audit.proto

import type { Long } from '@grpc/proto-loader';

export interface StoredAuditSeal {
  'id'?: (number | string | Long);
  /**
   * auditor | collector
   */
  'signerKind'?: (string);
  'signerName'?: (string);
  /**
   * The audit position the seal covers and the hash it states for it.
   */
  'position'?: (number | string | Long);
  'hash'?: (string);
  'sealedAtMs'?: (number | string | Long);
}

export interface StoredAuditSeal__Output {
  'id': (number);
  /**
   * auditor | collector
   */
  'signerKind': (string);
  'signerName': (string);
  /**
   * The audit position the seal covers and the hash it states for it.
   */
  'position': (number);
  'hash': (string);
  'sealedAtMs': (number);
}
