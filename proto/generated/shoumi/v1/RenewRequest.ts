// Original file: proto/shoumi/v1/agent.proto


export interface RenewRequest {
  /**
   * PKCS#10 CSR, PEM, for a new ECDSA P-256 key made on the workstation.
   */
  'csrPem'?: (string);
}

export interface RenewRequest__Output {
  /**
   * PKCS#10 CSR, PEM, for a new ECDSA P-256 key made on the workstation.
   */
  'csrPem': (string);
}
