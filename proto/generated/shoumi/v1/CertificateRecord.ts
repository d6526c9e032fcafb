// Original file: proto/shoumi/v1/admin_trust.proto

import type { Long } from '@grpc/proto-loader';

export interface CertificateRecord {
  'serial'?: (string);
  /**
   * device | admin
   */
  'kind'?: (string);
  /**
   * The device id or the admin's name.
   */
  'subject'?: (string);
  /**
   * admins only: system_admin | security_admin | auditor
   */
  'role'?: (string);
  'sha256'?: (string);
  'notBeforeMs'?: (number | string | Long);
  'notAfterMs'?: (number | string | Long);
  'issuedAtMs'?: (number | string | Long);
  'issuedBy'?: (string);
  /**
   * 0 while valid
   */
  'revokedAtMs'?: (number | string | Long);
  'revokedBy'?: (string);
  'revokeReason'?: (string);
}

export interface CertificateRecord__Output {
  'serial': (string);
  /**
   * device | admin
   */
  'kind': (string);
  /**
   * The device id or the admin's name.
   */
  'subject': (string);
  /**
   * admins only: system_admin | security_admin | auditor
   */
  'role': (string);
  'sha256': (string);
  'notBeforeMs': (number);
  'notAfterMs': (number);
  'issuedAtMs': (number);
  'issuedBy': (string);
  /**
   * 0 while valid
   */
  'revokedAtMs': (number);
  'revokedBy': (string);
  'revokeReason': (string);
}
