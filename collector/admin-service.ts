// The admin service: the handlers of every area of the security office's work, composed. Each area lives in
// collector/admin/ as one file of use cases; admin-call.ts holds what they share.
import type { AdminServiceHandlers } from '../proto/generated/shoumi/v1/AdminService';
import type { AdminServiceDeps } from './admin/admin-call';
import { auditHandlers } from './admin/audit';
import { type AuthorizationDeps, authorizedHandlers } from './admin/authorization';
import { complianceTrendHandlers } from './admin/compliance-trend';
import { fleetQueryHandlers } from './admin/fleet-queries';
import { ledgerHandlers } from './admin/ledger';
import { mediaHandlers } from './admin/media';
import { reportHandlers } from './admin/reports';
import { ruleHandlers } from './admin/rules';
import { sweepHandlers } from './admin/sweeps';
import { trustHandlers } from './admin/trust';

export type { AdminServiceDeps } from './admin/admin-call';

/** The use cases, each behind authentication, the role matrix and its audit record (authorization.ts). */
export function adminServiceHandlers(
  deps: AdminServiceDeps,
  authorization: Omit<AuthorizationDeps, 'store' | 'log'>,
): AdminServiceHandlers {
  return authorizedHandlers(adminUseCases(deps), { ...authorization, store: deps.store, log: deps.log });
}

/** The handlers without authorization: for tests of the use cases themselves. */
export function adminUseCases(deps: AdminServiceDeps): Omit<AdminServiceHandlers, 'WhoAmI'> {
  return {
    ...fleetQueryHandlers(deps),
    ...complianceTrendHandlers(deps),
    ...ledgerHandlers(deps),
    ...mediaHandlers(deps),
    ...sweepHandlers(deps),
    ...reportHandlers(deps),
    ...auditHandlers(deps),
    ...trustHandlers(deps),
    ...ruleHandlers(deps),
  };
}
