// Dispositions and inspection records (3.12.2).
// Not built yet: each method answers UNIMPLEMENTED.
import * as grpc from '@grpc/grpc-js';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { AdminServiceDeps } from './admin-call';

const unimplemented = (method: string): grpc.ServiceError => ({
  name: 'AdminError',
  message: `${method} is not built yet`,
  code: grpc.status.UNIMPLEMENTED,
  details: `${method} is not built yet`,
  metadata: new grpc.Metadata(),
});

export function reportHandlers(
  _deps: AdminServiceDeps,
): Pick<AdminServiceHandlers, 'MarkFinding' | 'GetInspectionReport'> {
  return {
    MarkFinding(_call, callback) {
      callback(unimplemented('MarkFinding'));
    },
    GetInspectionReport(_call, callback) {
      callback(unimplemented('GetInspectionReport'));
    },
  };
}
