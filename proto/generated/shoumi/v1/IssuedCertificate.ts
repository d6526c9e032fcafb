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
  /**
   * The agent addresses (HOST:PORT, the mTLS agent port) of every collector of this deployment, in the
   * order agents should try them, as the operator configured them (serve --advertise-agent-addresses).
   * Empty: the collector advertises nothing and the agent keeps the addresses it was given. The agent
   * keeps the list beside its certificate and adds it after any --collector addresses it is run with.
   */
  'agentAddresses'?: (string)[];
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
  /**
   * The agent addresses (HOST:PORT, the mTLS agent port) of every collector of this deployment, in the
   * order agents should try them, as the operator configured them (serve --advertise-agent-addresses).
   * Empty: the collector advertises nothing and the agent keeps the addresses it was given. The agent
   * keeps the list beside its certificate and adds it after any --collector addresses it is run with.
   */
  'agentAddresses': (string)[];
}
