// Original file: proto/shoumi/v1/admin_trust.proto

import type { Long } from '@grpc/proto-loader';

export interface IssueUninstallCodeRequest {
  'deviceId'?: (string);
  /**
   * Lifetime in seconds, 60 s .. 7 days; 0 means 24 h.
   */
  'ttlSeconds'?: (number | string | Long);
}

export interface IssueUninstallCodeRequest__Output {
  'deviceId': (string);
  /**
   * Lifetime in seconds, 60 s .. 7 days; 0 means 24 h.
   */
  'ttlSeconds': (number);
}
