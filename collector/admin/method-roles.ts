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
