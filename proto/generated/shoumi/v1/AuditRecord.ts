// Original file: proto/shoumi/v1/admin_audit.proto

import type { Long } from '@grpc/proto-loader';

export interface AuditRecord {
  'position'?: (number | string | Long);
  'atMs'?: (number | string | Long);
  'actor'?: (string);
  'source'?: (string);
  'action'?: (string);
  'target'?: (string);
  /**
   * The detail as stored: a JSON object's text.
   */
  'detailJson'?: (string);
  /**
   * allowed | refused
   */
  'outcome'?: (string);
  /**
   * sm3 | sha256
   */
  'algorithm'?: (string);
  'previousHash'?: (string);
  'hash'?: (string);
}

export interface AuditRecord__Output {
  'position': (number);
  'atMs': (number);
  'actor': (string);
  'source': (string);
  'action': (string);
  'target': (string);
  /**
   * The detail as stored: a JSON object's text.
   */
  'detailJson': (string);
  /**
   * allowed | refused
   */
  'outcome': (string);
  /**
   * sm3 | sha256
   */
  'algorithm': (string);
  'previousHash': (string);
  'hash': (string);
}
