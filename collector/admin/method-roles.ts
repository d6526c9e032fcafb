// Who may call what on the admin API (三员分立): the role set of every admin method, as data with no
// dependencies, so that shoumictl can name the role a refused command needs without loading the server.
// authorization.ts enforces it.
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { AdminRole } from '../pki/identity-names';

/** The admin RPC names (the generated type also has grpc-js's string index signature, dropped here). */
export type AdminMethod = keyof {
  [K in keyof AdminServiceHandlers as string extends K ? never : number extends K ? never : K]: true;
};

const SYSTEM: readonly AdminRole[] = ['system_admin'];
const SECURITY: readonly AdminRole[] = ['security_admin'];
const AUDITOR: readonly AdminRole[] = ['auditor'];
const OPERATORS: readonly AdminRole[] = ['system_admin', 'security_admin'];
const ANYONE: readonly AdminRole[] = ['system_admin', 'security_admin', 'auditor'];

/**
 * The role set of every admin method. System administrator: agents, enrolment, sweeps. Security
 * administrator: ledger, media, findings and their dispositions, inspection records. Auditor: the audit trail
 * only. Fleet status and device lists serve both operators' work; nobody may change or delete audit records
 * (no method does). A method added to admin.proto without a line here does not compile.
 */
export const METHOD_ROLES: Readonly<Record<AdminMethod, readonly AdminRole[]>> = {
  GetFleetStatus: OPERATORS,
  ListDevices: OPERATORS,
  GetDevice: OPERATORS,
  ListFindings: SECURITY,
  GetComplianceTrend: OPERATORS,
  UpdateDevice: SECURITY,
  ImportLedger: SECURITY,
  ExportLedger: SECURITY,
  RegisterMedium: SECURITY,
  ListMedia: SECURITY,
  SetMediumStatus: SECURITY,
  MarkFinding: SECURITY,
  GetInspectionReport: SECURITY,
  RunSweep: SYSTEM,
  ScheduleSweep: SYSTEM,
  ListSweepSchedules: SYSTEM,
  DeleteSweepSchedule: SYSTEM,
  GetSweep: OPERATORS,
  ListSweeps: OPERATORS,
  CreateEnrolmentTokens: SYSTEM,
  RevokeDevice: SYSTEM,
  RevokeAdmin: SYSTEM,
  ListCertificates: SYSTEM,
  IssueUninstallCode: SYSTEM,
  ListAudit: AUDITOR,
  VerifyAudit: AUDITOR,
  GetAuditDigest: AUDITOR,
  SealAudit: AUDITOR,
  ListAuditSeals: AUDITOR,
  WhoAmI: ANYONE,
  // The policy's text and parameters: no device data, and each role reads findings or records that name rules.
  ListRules: ANYONE,
};

/** What the collector serves over HTTPS beside the admin RPCs, judged by the same authorization. */
export type OperatorEndpoint = 'Metrics';

/** An admin RPC or an operator endpoint: what authorization.ts admits or refuses. */
export type GuardedMethod = AdminMethod | OperatorEndpoint;

/**
 * The role set of every operator endpoint. Metrics (GET /metrics, Prometheus text): the system administrator,
 * who runs the machines (collectors, agents, enrolment) and so their health; the figures are counts over the
 * whole collector and name no device, so they are not the security administrator's material, and the
 * auditor's work is the trail, not the machines.
 */
export const ENDPOINT_ROLES: Readonly<Record<OperatorEndpoint, readonly AdminRole[]>> = {
  Metrics: SYSTEM,
};

/** The roles that may call a method or use an endpoint. */
export function rolesOf(method: GuardedMethod): readonly AdminRole[] {
  return method in ENDPOINT_ROLES
    ? ENDPOINT_ROLES[method as OperatorEndpoint]
    : METHOD_ROLES[method as AdminMethod];
}
