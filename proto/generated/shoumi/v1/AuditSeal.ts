// Original file: proto/shoumi/v1/admin_audit.proto


/**
 * A signed statement of the chain head (collector/audit/seal.ts): statement is the canonical JSON signed,
 * signature ECDSA P-256 SHA-256 (DER, base64), certificate the signer's (PEM, issued by the collector's CA).
 */
export interface AuditSeal {
  'statement'?: (string);
  'signature'?: (string);
  'certificate'?: (string);
}

/**
 * A signed statement of the chain head (collector/audit/seal.ts): statement is the canonical JSON signed,
 * signature ECDSA P-256 SHA-256 (DER, base64), certificate the signer's (PEM, issued by the collector's CA).
 */
export interface AuditSeal__Output {
  'statement': (string);
  'signature': (string);
  'certificate': (string);
}
