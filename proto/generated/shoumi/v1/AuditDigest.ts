// Original file: proto/shoumi/v1/admin_audit.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The chain head at one moment.
 */
export interface AuditDigest {
  'position'?: (number | string | Long);
  'hash'?: (string);
  'algorithm'?: (string);
  /**
   * When the head record was written (UTC ms).
   */
  'atMs'?: (number | string | Long);
  /**
   * When the digest was taken (UTC ms).
   */
  'madeAtMs'?: (number | string | Long);
}

/**
 * The chain head at one moment.
 */
export interface AuditDigest__Output {
  'position': (number);
  'hash': (string);
  'algorithm': (string);
  /**
   * When the head record was written (UTC ms).
   */
  'atMs': (number);
  /**
   * When the digest was taken (UTC ms).
   */
  'madeAtMs': (number);
}
