// Placeholder: the enrolment service is being built.
import * as grpc from '@grpc/grpc-js';
import type { EnrolmentServiceHandlers } from '../proto/generated/shoumi/v1/EnrolmentService';
import type { Logger } from './logger';
import type { CertificateAuthority } from './pki/pki-files';
import type { Store } from './store/store';

export interface EnrolmentServiceDeps {
  store: Store;
  authority: CertificateAuthority;
  log: Logger;
  /** Lifetime of agent certificates (default 90 days; tests shorten it to see renewal). */
  agentCertificateValidityMs?: number;
  now?: () => number;
}

export function enrolmentServiceHandlers(_deps: EnrolmentServiceDeps): EnrolmentServiceHandlers {
  return {
    Enrol: (_call, callback) =>
      callback({
        name: 'Unimplemented',
        message: 'not built yet',
        code: grpc.status.UNIMPLEMENTED,
        details: 'not built yet',
        metadata: new grpc.Metadata(),
      }),
  };
}
