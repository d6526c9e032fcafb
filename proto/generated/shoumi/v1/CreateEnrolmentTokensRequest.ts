// Original file: proto/shoumi/v1/admin_trust.proto

import type { Long } from '@grpc/proto-loader';

export interface CreateEnrolmentTokensRequest {
  /**
   * How many tokens, 1..1000 (one per workstation for mass deployment); 0 means 1.
   */
  'count'?: (number);
  /**
   * Lifetime in seconds, 60 s .. 30 days; 0 means 24 h.
   */
  'ttlSeconds'?: (number | string | Long);
  /**
   * Bind the token(s) to this device id: required to re-enrol a device that already has a certificate.
   * Only one token may be made for a device at a time (count must be 1).
   */
  'deviceId'?: (string);
}

export interface CreateEnrolmentTokensRequest__Output {
  /**
   * How many tokens, 1..1000 (one per workstation for mass deployment); 0 means 1.
   */
  'count': (number);
  /**
   * Lifetime in seconds, 60 s .. 30 days; 0 means 24 h.
   */
  'ttlSeconds': (number);
  /**
   * Bind the token(s) to this device id: required to re-enrol a device that already has a certificate.
   * Only one token may be made for a device at a time (count must be 1).
   */
  'deviceId': (string);
}
