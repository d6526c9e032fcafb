// Original file: proto/shoumi/v1/admin_trust.proto


export interface RevokeAdminRequest {
  /**
   * The administrator's name: the CN of their certificate (shoumi-collector admin add --name).
   */
  'name'?: (string);
  /**
   * Why, for the audit trail (required, at most 500 characters).
   */
  'reason'?: (string);
}

export interface RevokeAdminRequest__Output {
  /**
   * The administrator's name: the CN of their certificate (shoumi-collector admin add --name).
   */
  'name': (string);
  /**
   * Why, for the audit trail (required, at most 500 characters).
   */
  'reason': (string);
}
