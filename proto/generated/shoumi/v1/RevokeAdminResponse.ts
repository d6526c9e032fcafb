// Original file: proto/shoumi/v1/admin_trust.proto


export interface RevokeAdminResponse {
  'name'?: (string);
  /**
   * Certificates of that administrator that were valid and are refused from now on.
   */
  'certificatesRevoked'?: (number);
}

export interface RevokeAdminResponse__Output {
  'name': (string);
  /**
   * Certificates of that administrator that were valid and are refused from now on.
   */
  'certificatesRevoked': (number);
}
