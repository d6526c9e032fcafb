// Fleet-wide sweep use cases: run now, schedule, coverage.
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

export function sweepHandlers(
  _deps: AdminServiceDeps,
): Pick<
  AdminServiceHandlers,
  'RunSweep' | 'GetSweep' | 'ListSweeps' | 'ScheduleSweep' | 'ListSweepSchedules' | 'DeleteSweepSchedule'
> {
  return {
    RunSweep(_call, callback) {
      callback(unimplemented('RunSweep'));
    },
    GetSweep(_call, callback) {
      callback(unimplemented('GetSweep'));
    },
    ListSweeps(_call, callback) {
      callback(unimplemented('ListSweeps'));
    },
    ScheduleSweep(_call, callback) {
      callback(unimplemented('ScheduleSweep'));
    },
    ListSweepSchedules(_call, callback) {
      callback(unimplemented('ListSweepSchedules'));
    },
    DeleteSweepSchedule(_call, callback) {
      callback(unimplemented('DeleteSweepSchedule'));
    },
  };
}
