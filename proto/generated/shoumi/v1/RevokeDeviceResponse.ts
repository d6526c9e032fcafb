// Original file: proto/shoumi/v1/admin_trust.proto


export interface RevokeDeviceResponse {
  'deviceId'?: (string);
  /**
   * Certificates of the device that were valid and are refused from now on.
   */
  'certificatesRevoked'?: (number);
  /**
   * Whether a live stream of the device was cut.
   */
  'streamDropped'?: (boolean);
}

export interface RevokeDeviceResponse__Output {
  'deviceId': (string);
  /**
   * Certificates of the device that were valid and are refused from now on.
   */
  'certificatesRevoked': (number);
  /**
   * Whether a live stream of the device was cut.
   */
  'streamDropped': (boolean);
}
