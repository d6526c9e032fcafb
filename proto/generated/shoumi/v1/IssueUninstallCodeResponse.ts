// Original file: proto/shoumi/v1/admin_trust.proto

import type { Long } from '@grpc/proto-loader';

export interface IssueUninstallCodeResponse {
  /**
   * base64url(statement) "." base64url(ECDSA P-256 signature by the collector's CA): the agent checks it
   * offline against the CA certificate it holds (agent/service/uninstall-code.ts has the format).
   */
  'code'?: (string);
  'deviceId'?: (string);
  'expiresAtMs'?: (number | string | Long);
}

export interface IssueUninstallCodeResponse__Output {
  /**
   * base64url(statement) "." base64url(ECDSA P-256 signature by the collector's CA): the agent checks it
   * offline against the CA certificate it holds (agent/service/uninstall-code.ts has the format).
   */
  'code': (string);
  'deviceId': (string);
  'expiresAtMs': (number);
}
