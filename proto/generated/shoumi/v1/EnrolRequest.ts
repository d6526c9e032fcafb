// Original file: proto/shoumi/v1/enrolment.proto


export interface EnrolRequest {
  /**
   * The one-time token an administrator made (shoumictl token create); only its hash is stored.
   */
  'token'?: (string);
  /**
   * PKCS#10 CSR, PEM, for an ECDSA P-256 key made on the workstation. Its subject is ignored.
   */
  'csrPem'?: (string);
  /**
   * The id the agent derived for itself. Used when the token is not bound to a device; a token made for
   * one device (token create --device) binds the certificate to that device whatever is asked here.
   */
  'deviceId'?: (string);
}

export interface EnrolRequest__Output {
  /**
   * The one-time token an administrator made (shoumictl token create); only its hash is stored.
   */
  'token': (string);
  /**
   * PKCS#10 CSR, PEM, for an ECDSA P-256 key made on the workstation. Its subject is ignored.
   */
  'csrPem': (string);
  /**
   * The id the agent derived for itself. Used when the token is not bound to a device; a token made for
   * one device (token create --device) binds the certificate to that device whatever is asked here.
   */
  'deviceId': (string);
}
