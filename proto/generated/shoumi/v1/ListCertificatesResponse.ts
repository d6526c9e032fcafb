// Original file: proto/shoumi/v1/admin_trust.proto

import type { CertificateRecord as _shoumi_v1_CertificateRecord, CertificateRecord__Output as _shoumi_v1_CertificateRecord__Output } from '../../shoumi/v1/CertificateRecord';

export interface ListCertificatesResponse {
  'certificates'?: (_shoumi_v1_CertificateRecord)[];
}

export interface ListCertificatesResponse__Output {
  'certificates': (_shoumi_v1_CertificateRecord__Output)[];
}
