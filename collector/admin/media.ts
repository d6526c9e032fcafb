// Registered removable media use cases (3.7.3, 3.7.4).
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

export function mediaHandlers(
  _deps: AdminServiceDeps,
): Pick<AdminServiceHandlers, 'RegisterMedium' | 'ListMedia' | 'SetMediumStatus'> {
  return {
    RegisterMedium(_call, callback) {
      callback(unimplemented('RegisterMedium'));
    },
    ListMedia(_call, callback) {
      callback(unimplemented('ListMedia'));
    },
    SetMediumStatus(_call, callback) {
      callback(unimplemented('SetMediumStatus'));
    },
  };
}
