// Original file: proto/shoumi/v1/enrolment.proto

import type { Long } from '@grpc/proto-loader';

export interface IssuedCertificate {
  /**
   * The device id the certificate is bound to: the agent uses this one from now on.
   */
  'deviceId'?: (string);
  'certificatePem'?: (string);
  /**
   * The CA that signed it (the one the agent pinned), so the agent can keep it beside its certificate.
   */
  'caPem'?: (string);
  'notBeforeMs'?: (number | string | Long);
  'notAfterMs'?: (number | string | Long);
}

export interface IssuedCertificate__Output {
  /**
   * The device id the certificate is bound to: the agent uses this one from now on.
   */
  'deviceId': (string);
  'certificatePem': (string);
  /**
   * The CA that signed it (the one the agent pinned), so the agent can keep it beside its certificate.
   */
  'caPem': (string);
  'notBeforeMs': (number);
  'notAfterMs': (number);
}
