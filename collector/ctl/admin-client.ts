// A promise-shaped client for the admin API; one place where shoumictl meets gRPC. One method per RPC of
// admin.proto, named after it.
import * as grpc from '@grpc/grpc-js';
import type { CreateEnrolmentTokensRequest } from '../../proto/generated/shoumi/v1/CreateEnrolmentTokensRequest';
import type { CreateEnrolmentTokensResponse__Output } from '../../proto/generated/shoumi/v1/CreateEnrolmentTokensResponse';
import type { DeleteSweepScheduleRequest } from '../../proto/generated/shoumi/v1/DeleteSweepScheduleRequest';
import type { DeviceDetail__Output } from '../../proto/generated/shoumi/v1/DeviceDetail';
import type { DeviceSummary__Output } from '../../proto/generated/shoumi/v1/DeviceSummary';
import type { Disposition__Output } from '../../proto/generated/shoumi/v1/Disposition';
import type { ExportLedgerRequest } from '../../proto/generated/shoumi/v1/ExportLedgerRequest';
import type { ExportLedgerResponse__Output } from '../../proto/generated/shoumi/v1/ExportLedgerResponse';
import type { FleetStatus__Output } from '../../proto/generated/shoumi/v1/FleetStatus';
import type { GetAuditDigestResponse__Output } from '../../proto/generated/shoumi/v1/GetAuditDigestResponse';
import type { GetDeviceRequest } from '../../proto/generated/shoumi/v1/GetDeviceRequest';
import type { GetFleetStatusRequest } from '../../proto/generated/shoumi/v1/GetFleetStatusRequest';
import type { GetInspectionReportRequest } from '../../proto/generated/shoumi/v1/GetInspectionReportRequest';
import type { GetSweepRequest } from '../../proto/generated/shoumi/v1/GetSweepRequest';
import type { ImportLedgerRequest } from '../../proto/generated/shoumi/v1/ImportLedgerRequest';
import type { ImportLedgerResponse__Output } from '../../proto/generated/shoumi/v1/ImportLedgerResponse';
import type { InspectionReport__Output } from '../../proto/generated/shoumi/v1/InspectionReport';
import type { IssueUninstallCodeRequest } from '../../proto/generated/shoumi/v1/IssueUninstallCodeRequest';
import type { IssueUninstallCodeResponse__Output } from '../../proto/generated/shoumi/v1/IssueUninstallCodeResponse';
import type { ListAuditRequest } from '../../proto/generated/shoumi/v1/ListAuditRequest';
import type { ListAuditResponse__Output } from '../../proto/generated/shoumi/v1/ListAuditResponse';
import type { ListCertificatesRequest } from '../../proto/generated/shoumi/v1/ListCertificatesRequest';
import type { ListCertificatesResponse__Output } from '../../proto/generated/shoumi/v1/ListCertificatesResponse';
import type { ListDevicesRequest } from '../../proto/generated/shoumi/v1/ListDevicesRequest';
import type { ListDevicesResponse__Output } from '../../proto/generated/shoumi/v1/ListDevicesResponse';
import type { ListFindingsRequest } from '../../proto/generated/shoumi/v1/ListFindingsRequest';
import type { ListFindingsResponse__Output } from '../../proto/generated/shoumi/v1/ListFindingsResponse';
import type { ListMediaRequest } from '../../proto/generated/shoumi/v1/ListMediaRequest';
import type { ListMediaResponse__Output } from '../../proto/generated/shoumi/v1/ListMediaResponse';
import type { ListRulesRequest } from '../../proto/generated/shoumi/v1/ListRulesRequest';
import type { ListRulesResponse__Output } from '../../proto/generated/shoumi/v1/ListRulesResponse';
import type { ListSweepSchedulesRequest } from '../../proto/generated/shoumi/v1/ListSweepSchedulesRequest';
import type { ListSweepSchedulesResponse__Output } from '../../proto/generated/shoumi/v1/ListSweepSchedulesResponse';
import type { ListSweepsRequest } from '../../proto/generated/shoumi/v1/ListSweepsRequest';
import type { ListSweepsResponse__Output } from '../../proto/generated/shoumi/v1/ListSweepsResponse';
import type { MarkFindingRequest } from '../../proto/generated/shoumi/v1/MarkFindingRequest';
import type { MediumRecord__Output } from '../../proto/generated/shoumi/v1/MediumRecord';
import type { RegisterMediumRequest } from '../../proto/generated/shoumi/v1/RegisterMediumRequest';
import type { RevokeAdminRequest } from '../../proto/generated/shoumi/v1/RevokeAdminRequest';
import type { RevokeAdminResponse__Output } from '../../proto/generated/shoumi/v1/RevokeAdminResponse';
import type { RevokeDeviceRequest } from '../../proto/generated/shoumi/v1/RevokeDeviceRequest';
import type { RevokeDeviceResponse__Output } from '../../proto/generated/shoumi/v1/RevokeDeviceResponse';
import type { RunSweepRequest } from '../../proto/generated/shoumi/v1/RunSweepRequest';
import type { ScheduleSweepRequest } from '../../proto/generated/shoumi/v1/ScheduleSweepRequest';
import type { SealAuditRequest } from '../../proto/generated/shoumi/v1/SealAuditRequest';
import type { SealAuditResponse__Output } from '../../proto/generated/shoumi/v1/SealAuditResponse';
import type { SetMediumStatusRequest } from '../../proto/generated/shoumi/v1/SetMediumStatusRequest';
import type { SweepSchedule__Output } from '../../proto/generated/shoumi/v1/SweepSchedule';
import type { SweepStatus__Output } from '../../proto/generated/shoumi/v1/SweepStatus';
import type { UpdateDeviceRequest } from '../../proto/generated/shoumi/v1/UpdateDeviceRequest';
import type { VerifyAuditRequest } from '../../proto/generated/shoumi/v1/VerifyAuditRequest';
import type { VerifyAuditResponse__Output } from '../../proto/generated/shoumi/v1/VerifyAuditResponse';
import type { WhoAmIResponse__Output } from '../../proto/generated/shoumi/v1/WhoAmIResponse';
import { loadContract } from '../../proto/load';
import { applyTlsPolicy } from '../../proto/tls-policy';
import type { AdminMethod } from '../admin/method-roles';
import type { AdminTlsIdentity } from './admin-identity';
import { callErrorOf } from './call-error';

export interface AdminClient {
  fleetStatus(request?: GetFleetStatusRequest): Promise<FleetStatus__Output>;
  listDevices(request: ListDevicesRequest): Promise<ListDevicesResponse__Output>;
  listFindings(request: ListFindingsRequest): Promise<ListFindingsResponse__Output>;
  getDevice(request: GetDeviceRequest): Promise<DeviceDetail__Output>;
  updateDevice(request: UpdateDeviceRequest): Promise<DeviceSummary__Output>;
  importLedger(request: ImportLedgerRequest): Promise<ImportLedgerResponse__Output>;
  exportLedger(request: ExportLedgerRequest): Promise<ExportLedgerResponse__Output>;
  registerMedium(request: RegisterMediumRequest): Promise<MediumRecord__Output>;
  listMedia(request: ListMediaRequest): Promise<ListMediaResponse__Output>;
  setMediumStatus(request: SetMediumStatusRequest): Promise<MediumRecord__Output>;
  runSweep(request: RunSweepRequest): Promise<SweepStatus__Output>;
  getSweep(request: GetSweepRequest): Promise<SweepStatus__Output>;
  listSweeps(request: ListSweepsRequest): Promise<ListSweepsResponse__Output>;
  scheduleSweep(request: ScheduleSweepRequest): Promise<SweepSchedule__Output>;
  listSweepSchedules(request: ListSweepSchedulesRequest): Promise<ListSweepSchedulesResponse__Output>;
  deleteSweepSchedule(request: DeleteSweepScheduleRequest): Promise<SweepSchedule__Output>;
  markFinding(request: MarkFindingRequest): Promise<Disposition__Output>;
  inspectionReport(request: GetInspectionReportRequest): Promise<InspectionReport__Output>;
  listAudit(request: ListAuditRequest): Promise<ListAuditResponse__Output>;
  verifyAudit(request: VerifyAuditRequest): Promise<VerifyAuditResponse__Output>;
  auditDigest(): Promise<GetAuditDigestResponse__Output>;
  sealAudit(request: SealAuditRequest): Promise<SealAuditResponse__Output>;
  whoAmI(): Promise<WhoAmIResponse__Output>;
  createEnrolmentTokens(
    request: CreateEnrolmentTokensRequest,
  ): Promise<CreateEnrolmentTokensResponse__Output>;
  revokeDevice(request: RevokeDeviceRequest): Promise<RevokeDeviceResponse__Output>;
  revokeAdmin(request: RevokeAdminRequest): Promise<RevokeAdminResponse__Output>;
  listCertificates(request: ListCertificatesRequest): Promise<ListCertificatesResponse__Output>;
  issueUninstallCode(request: IssueUninstallCodeRequest): Promise<IssueUninstallCodeResponse__Output>;
  listRules(request: ListRulesRequest): Promise<ListRulesResponse__Output>;
  close(): void;
}

export { CollectorUnreachable } from './call-error';

const MAX_ANSWER_BYTES = 64 * 1024 * 1024;

export function adminClient(address: string, identity: AdminTlsIdentity, timeoutMs = 10_000): AdminClient {
  const contract = loadContract();
  applyTlsPolicy();
  const credentials = grpc.credentials.createSsl(
    Buffer.from(identity.caPem),
    Buffer.from(identity.keyPem),
    Buffer.from(identity.certPem),
  );
  // Answers such as a ledger export of 100,000 devices exceed grpc-js's default 4 MiB.
  const client = new contract.shoumi.v1.AdminService(address, credentials, {
    'grpc.max_receive_message_length': MAX_ANSWER_BYTES,
  });
  const deadline = () => ({ deadline: Date.now() + timeoutMs });
  const wrap = <T>(
    method: AdminMethod,
    invoke: (callback: (error: grpc.ServiceError | null, value?: T) => void) => void,
  ) =>
    new Promise<T>((resolve, reject) =>
      invoke((error, value) => {
        if (!error) return resolve(value as T);
        reject(callErrorOf(error, method, address));
      }),
    );
  return {
    fleetStatus: (request = {}) =>
      wrap('GetFleetStatus', (callback) => client.GetFleetStatus(request, deadline(), callback)),
    listDevices: (request) =>
      wrap('ListDevices', (callback) => client.ListDevices(request, deadline(), callback)),
    listFindings: (request) =>
      wrap('ListFindings', (callback) => client.ListFindings(request, deadline(), callback)),
    getDevice: (request) => wrap('GetDevice', (callback) => client.GetDevice(request, deadline(), callback)),
    updateDevice: (request) =>
      wrap('UpdateDevice', (callback) => client.UpdateDevice(request, deadline(), callback)),
    importLedger: (request) =>
      wrap('ImportLedger', (callback) => client.ImportLedger(request, deadline(), callback)),
    exportLedger: (request) =>
      wrap('ExportLedger', (callback) => client.ExportLedger(request, deadline(), callback)),
    registerMedium: (request) =>
      wrap('RegisterMedium', (callback) => client.RegisterMedium(request, deadline(), callback)),
    listMedia: (request) => wrap('ListMedia', (callback) => client.ListMedia(request, deadline(), callback)),
    setMediumStatus: (request) =>
      wrap('SetMediumStatus', (callback) => client.SetMediumStatus(request, deadline(), callback)),
    runSweep: (request) => wrap('RunSweep', (callback) => client.RunSweep(request, deadline(), callback)),
    getSweep: (request) => wrap('GetSweep', (callback) => client.GetSweep(request, deadline(), callback)),
    listSweeps: (request) =>
      wrap('ListSweeps', (callback) => client.ListSweeps(request, deadline(), callback)),
    scheduleSweep: (request) =>
      wrap('ScheduleSweep', (callback) => client.ScheduleSweep(request, deadline(), callback)),
    listSweepSchedules: (request) =>
      wrap('ListSweepSchedules', (callback) => client.ListSweepSchedules(request, deadline(), callback)),
    deleteSweepSchedule: (request) =>
      wrap('DeleteSweepSchedule', (callback) => client.DeleteSweepSchedule(request, deadline(), callback)),
    markFinding: (request) =>
      wrap('MarkFinding', (callback) => client.MarkFinding(request, deadline(), callback)),
    inspectionReport: (request) =>
      wrap('GetInspectionReport', (callback) => client.GetInspectionReport(request, deadline(), callback)),
    listAudit: (request) => wrap('ListAudit', (callback) => client.ListAudit(request, deadline(), callback)),
    verifyAudit: (request) =>
      wrap('VerifyAudit', (callback) => client.VerifyAudit(request, deadline(), callback)),
    auditDigest: () => wrap('GetAuditDigest', (callback) => client.GetAuditDigest({}, deadline(), callback)),
    sealAudit: (request) => wrap('SealAudit', (callback) => client.SealAudit(request, deadline(), callback)),
    whoAmI: () => wrap('WhoAmI', (callback) => client.WhoAmI({}, deadline(), callback)),
    createEnrolmentTokens: (request) =>
      wrap('CreateEnrolmentTokens', (callback) =>
        client.CreateEnrolmentTokens(request, deadline(), callback),
      ),
    revokeDevice: (request) =>
      wrap('RevokeDevice', (callback) => client.RevokeDevice(request, deadline(), callback)),
    revokeAdmin: (request) =>
      wrap('RevokeAdmin', (callback) => client.RevokeAdmin(request, deadline(), callback)),
    listCertificates: (request) =>
      wrap('ListCertificates', (callback) => client.ListCertificates(request, deadline(), callback)),
    issueUninstallCode: (request) =>
      wrap('IssueUninstallCode', (callback) => client.IssueUninstallCode(request, deadline(), callback)),
    listRules: (request) => wrap('ListRules', (callback) => client.ListRules(request, deadline(), callback)),
    close: () => client.close(),
  };
}
