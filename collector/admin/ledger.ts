// Ledger (台帐, 3.7.2) use cases: one device in full, ledger edits, CSV import and export.
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

export function ledgerHandlers(
  _deps: AdminServiceDeps,
): Pick<AdminServiceHandlers, 'GetDevice' | 'UpdateDevice' | 'ImportLedger' | 'ExportLedger'> {
  return {
    GetDevice(_call, callback) {
      callback(unimplemented('GetDevice'));
    },
    UpdateDevice(_call, callback) {
      callback(unimplemented('UpdateDevice'));
    },
    ImportLedger(_call, callback) {
      callback(unimplemented('ImportLedger'));
    },
    ExportLedger(_call, callback) {
      callback(unimplemented('ExportLedger'));
    },
  };
}
