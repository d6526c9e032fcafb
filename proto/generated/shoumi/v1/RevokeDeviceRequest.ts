// Original file: proto/shoumi/v1/admin_trust.proto


export interface RevokeDeviceRequest {
  'deviceId'?: (string);
  /**
   * Why, for the audit trail (required, at most 500 characters).
   */
  'reason'?: (string);
}

export interface RevokeDeviceRequest__Output {
  'deviceId': (string);
  /**
   * Why, for the audit trail (required, at most 500 characters).
   */
  'reason': (string);
}
