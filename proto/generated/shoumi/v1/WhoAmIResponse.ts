// Original file: proto/shoumi/v1/admin_trust.proto


export interface WhoAmIResponse {
  /**
   * The admin's name from the certificate (its CN), the role it carries, and the certificate serial.
   */
  'name'?: (string);
  'role'?: (string);
  'serial'?: (string);
  /**
   * The methods this role may call, for shoumictl to explain a refusal before it happens.
   */
  'allowedMethods'?: (string)[];
}

export interface WhoAmIResponse__Output {
  /**
   * The admin's name from the certificate (its CN), the role it carries, and the certificate serial.
   */
  'name': (string);
  'role': (string);
  'serial': (string);
  /**
   * The methods this role may call, for shoumictl to explain a refusal before it happens.
   */
  'allowedMethods': (string)[];
}
