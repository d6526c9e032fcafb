// The fleet's compliance day by day (the console's 总览 trend). Read-only, so nothing to audit.
import * as grpc from '@grpc/grpc-js';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import { serviceError } from '../grpc-errors';
import type { AdminServiceDeps } from './admin-call';

type ComplianceTrendHandlers = Pick<AdminServiceHandlers, 'GetComplianceTrend'>;

export function complianceTrendHandlers(_deps: AdminServiceDeps): ComplianceTrendHandlers {
  return {
    GetComplianceTrend(_call, callback) {
      callback(serviceError(grpc.status.UNIMPLEMENTED, 'GetComplianceTrend is not built yet'));
    },
  };
}
