// Original file: proto/shoumi/v1/admin_trust.proto


export interface ListCertificatesRequest {
  /**
   * device | admin | "" for both
   */
  'kind'?: (string);
  /**
   * "" for all
   */
  'subject'?: (string);
}

export interface ListCertificatesRequest__Output {
  /**
   * device | admin | "" for both
   */
  'kind': (string);
  /**
   * "" for all
   */
  'subject': (string);
}
