// Original file: proto/shoumi/v1/admin_trust.proto

import type { Long } from '@grpc/proto-loader';

export interface EnrolmentToken {
  /**
   * The secret: shown once, never stored (the collector keeps its SHA-256 only).
   */
  'token'?: (string);
  'expiresAtMs'?: (number | string | Long);
  /**
   * "" when the token is not bound to a device.
   */
  'deviceId'?: (string);
}

export interface EnrolmentToken__Output {
  /**
   * The secret: shown once, never stored (the collector keeps its SHA-256 only).
   */
  'token': (string);
  'expiresAtMs': (number);
  /**
   * "" when the token is not bound to a device.
   */
  'deviceId': (string);
}
