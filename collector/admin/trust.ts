// Placeholder: the trust use cases (enrolment tokens, revocation, certificates) are being built.
import * as grpc from '@grpc/grpc-js';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { AdminServiceDeps } from './admin-call';

const unimplemented = (_call: unknown, callback: (error: grpc.ServiceError) => void) =>
  callback({
    name: 'Unimplemented',
    message: 'not built yet',
    code: grpc.status.UNIMPLEMENTED,
    details: 'not built yet',
    metadata: new grpc.Metadata(),
  });

export function trustHandlers(
  _deps: AdminServiceDeps,
): Pick<AdminServiceHandlers, 'CreateEnrolmentTokens' | 'RevokeDevice' | 'ListCertificates'> {
  return {
    CreateEnrolmentTokens: unimplemented,
    RevokeDevice: unimplemented,
    ListCertificates: unimplemented,
  };
}
