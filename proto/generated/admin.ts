import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Ack as _shoumi_v1_Ack, Ack__Output as _shoumi_v1_Ack__Output } from './shoumi/v1/Ack';
import type { AdminServiceClient as _shoumi_v1_AdminServiceClient, AdminServiceDefinition as _shoumi_v1_AdminServiceDefinition } from './shoumi/v1/AdminService';
import type { AgentMessage as _shoumi_v1_AgentMessage, AgentMessage__Output as _shoumi_v1_AgentMessage__Output } from './shoumi/v1/AgentMessage';
import type { AgentServiceClient as _shoumi_v1_AgentServiceClient, AgentServiceDefinition as _shoumi_v1_AgentServiceDefinition } from './shoumi/v1/AgentService';
import type { AuditDigest as _shoumi_v1_AuditDigest, AuditDigest__Output as _shoumi_v1_AuditDigest__Output } from './shoumi/v1/AuditDigest';
import type { AuditProblem as _shoumi_v1_AuditProblem, AuditProblem__Output as _shoumi_v1_AuditProblem__Output } from './shoumi/v1/AuditProblem';
import type { AuditRecord as _shoumi_v1_AuditRecord, AuditRecord__Output as _shoumi_v1_AuditRecord__Output } from './shoumi/v1/AuditRecord';
import type { AuditSeal as _shoumi_v1_AuditSeal, AuditSeal__Output as _shoumi_v1_AuditSeal__Output } from './shoumi/v1/AuditSeal';
import type { CertificateRecord as _shoumi_v1_CertificateRecord, CertificateRecord__Output as _shoumi_v1_CertificateRecord__Output } from './shoumi/v1/CertificateRecord';
import type { ClauseCount as _shoumi_v1_ClauseCount, ClauseCount__Output as _shoumi_v1_ClauseCount__Output } from './shoumi/v1/ClauseCount';
import type { CollectorAlert as _shoumi_v1_CollectorAlert, CollectorAlert__Output as _shoumi_v1_CollectorAlert__Output } from './shoumi/v1/CollectorAlert';
import type { CollectorMessage as _shoumi_v1_CollectorMessage, CollectorMessage__Output as _shoumi_v1_CollectorMessage__Output } from './shoumi/v1/CollectorMessage';
import type { ComplianceDay as _shoumi_v1_ComplianceDay, ComplianceDay__Output as _shoumi_v1_ComplianceDay__Output } from './shoumi/v1/ComplianceDay';
import type { CreateEnrolmentTokensRequest as _shoumi_v1_CreateEnrolmentTokensRequest, CreateEnrolmentTokensRequest__Output as _shoumi_v1_CreateEnrolmentTokensRequest__Output } from './shoumi/v1/CreateEnrolmentTokensRequest';
import type { CreateEnrolmentTokensResponse as _shoumi_v1_CreateEnrolmentTokensResponse, CreateEnrolmentTokensResponse__Output as _shoumi_v1_CreateEnrolmentTokensResponse__Output } from './shoumi/v1/CreateEnrolmentTokensResponse';
import type { DeleteSweepScheduleRequest as _shoumi_v1_DeleteSweepScheduleRequest, DeleteSweepScheduleRequest__Output as _shoumi_v1_DeleteSweepScheduleRequest__Output } from './shoumi/v1/DeleteSweepScheduleRequest';
import type { DeviceDetail as _shoumi_v1_DeviceDetail, DeviceDetail__Output as _shoumi_v1_DeviceDetail__Output } from './shoumi/v1/DeviceDetail';
import type { DeviceMediumSeen as _shoumi_v1_DeviceMediumSeen, DeviceMediumSeen__Output as _shoumi_v1_DeviceMediumSeen__Output } from './shoumi/v1/DeviceMediumSeen';
import type { DeviceSummary as _shoumi_v1_DeviceSummary, DeviceSummary__Output as _shoumi_v1_DeviceSummary__Output } from './shoumi/v1/DeviceSummary';
import type { DeviceSweepAnswer as _shoumi_v1_DeviceSweepAnswer, DeviceSweepAnswer__Output as _shoumi_v1_DeviceSweepAnswer__Output } from './shoumi/v1/DeviceSweepAnswer';
import type { Disk as _shoumi_v1_Disk, Disk__Output as _shoumi_v1_Disk__Output } from './shoumi/v1/Disk';
import type { Disposition as _shoumi_v1_Disposition, Disposition__Output as _shoumi_v1_Disposition__Output } from './shoumi/v1/Disposition';
import type { EnrolRequest as _shoumi_v1_EnrolRequest, EnrolRequest__Output as _shoumi_v1_EnrolRequest__Output } from './shoumi/v1/EnrolRequest';
import type { EnrolmentServiceClient as _shoumi_v1_EnrolmentServiceClient, EnrolmentServiceDefinition as _shoumi_v1_EnrolmentServiceDefinition } from './shoumi/v1/EnrolmentService';
import type { EnrolmentToken as _shoumi_v1_EnrolmentToken, EnrolmentToken__Output as _shoumi_v1_EnrolmentToken__Output } from './shoumi/v1/EnrolmentToken';
import type { ExportLedgerRequest as _shoumi_v1_ExportLedgerRequest, ExportLedgerRequest__Output as _shoumi_v1_ExportLedgerRequest__Output } from './shoumi/v1/ExportLedgerRequest';
import type { ExportLedgerResponse as _shoumi_v1_ExportLedgerResponse, ExportLedgerResponse__Output as _shoumi_v1_ExportLedgerResponse__Output } from './shoumi/v1/ExportLedgerResponse';
import type { Finding as _shoumi_v1_Finding, Finding__Output as _shoumi_v1_Finding__Output } from './shoumi/v1/Finding';
import type { FindingBatch as _shoumi_v1_FindingBatch, FindingBatch__Output as _shoumi_v1_FindingBatch__Output } from './shoumi/v1/FindingBatch';
import type { FleetStatus as _shoumi_v1_FleetStatus, FleetStatus__Output as _shoumi_v1_FleetStatus__Output } from './shoumi/v1/FleetStatus';
import type { GetAuditDigestRequest as _shoumi_v1_GetAuditDigestRequest, GetAuditDigestRequest__Output as _shoumi_v1_GetAuditDigestRequest__Output } from './shoumi/v1/GetAuditDigestRequest';
import type { GetAuditDigestResponse as _shoumi_v1_GetAuditDigestResponse, GetAuditDigestResponse__Output as _shoumi_v1_GetAuditDigestResponse__Output } from './shoumi/v1/GetAuditDigestResponse';
import type { GetComplianceTrendRequest as _shoumi_v1_GetComplianceTrendRequest, GetComplianceTrendRequest__Output as _shoumi_v1_GetComplianceTrendRequest__Output } from './shoumi/v1/GetComplianceTrendRequest';
import type { GetComplianceTrendResponse as _shoumi_v1_GetComplianceTrendResponse, GetComplianceTrendResponse__Output as _shoumi_v1_GetComplianceTrendResponse__Output } from './shoumi/v1/GetComplianceTrendResponse';
import type { GetDeviceRequest as _shoumi_v1_GetDeviceRequest, GetDeviceRequest__Output as _shoumi_v1_GetDeviceRequest__Output } from './shoumi/v1/GetDeviceRequest';
import type { GetFleetStatusRequest as _shoumi_v1_GetFleetStatusRequest, GetFleetStatusRequest__Output as _shoumi_v1_GetFleetStatusRequest__Output } from './shoumi/v1/GetFleetStatusRequest';
import type { GetInspectionReportRequest as _shoumi_v1_GetInspectionReportRequest, GetInspectionReportRequest__Output as _shoumi_v1_GetInspectionReportRequest__Output } from './shoumi/v1/GetInspectionReportRequest';
import type { GetSweepRequest as _shoumi_v1_GetSweepRequest, GetSweepRequest__Output as _shoumi_v1_GetSweepRequest__Output } from './shoumi/v1/GetSweepRequest';
import type { HardwareIdentity as _shoumi_v1_HardwareIdentity, HardwareIdentity__Output as _shoumi_v1_HardwareIdentity__Output } from './shoumi/v1/HardwareIdentity';
import type { Heartbeat as _shoumi_v1_Heartbeat, Heartbeat__Output as _shoumi_v1_Heartbeat__Output } from './shoumi/v1/Heartbeat';
import type { HeartbeatReply as _shoumi_v1_HeartbeatReply, HeartbeatReply__Output as _shoumi_v1_HeartbeatReply__Output } from './shoumi/v1/HeartbeatReply';
import type { Hello as _shoumi_v1_Hello, Hello__Output as _shoumi_v1_Hello__Output } from './shoumi/v1/Hello';
import type { ImportLedgerRequest as _shoumi_v1_ImportLedgerRequest, ImportLedgerRequest__Output as _shoumi_v1_ImportLedgerRequest__Output } from './shoumi/v1/ImportLedgerRequest';
import type { ImportLedgerResponse as _shoumi_v1_ImportLedgerResponse, ImportLedgerResponse__Output as _shoumi_v1_ImportLedgerResponse__Output } from './shoumi/v1/ImportLedgerResponse';
import type { InspectedDevice as _shoumi_v1_InspectedDevice, InspectedDevice__Output as _shoumi_v1_InspectedDevice__Output } from './shoumi/v1/InspectedDevice';
import type { InspectionItem as _shoumi_v1_InspectionItem, InspectionItem__Output as _shoumi_v1_InspectionItem__Output } from './shoumi/v1/InspectionItem';
import type { InspectionProblem as _shoumi_v1_InspectionProblem, InspectionProblem__Output as _shoumi_v1_InspectionProblem__Output } from './shoumi/v1/InspectionProblem';
import type { InspectionReport as _shoumi_v1_InspectionReport, InspectionReport__Output as _shoumi_v1_InspectionReport__Output } from './shoumi/v1/InspectionReport';
import type { IssueUninstallCodeRequest as _shoumi_v1_IssueUninstallCodeRequest, IssueUninstallCodeRequest__Output as _shoumi_v1_IssueUninstallCodeRequest__Output } from './shoumi/v1/IssueUninstallCodeRequest';
import type { IssueUninstallCodeResponse as _shoumi_v1_IssueUninstallCodeResponse, IssueUninstallCodeResponse__Output as _shoumi_v1_IssueUninstallCodeResponse__Output } from './shoumi/v1/IssueUninstallCodeResponse';
import type { IssuedCertificate as _shoumi_v1_IssuedCertificate, IssuedCertificate__Output as _shoumi_v1_IssuedCertificate__Output } from './shoumi/v1/IssuedCertificate';
import type { LedgerChange as _shoumi_v1_LedgerChange, LedgerChange__Output as _shoumi_v1_LedgerChange__Output } from './shoumi/v1/LedgerChange';
import type { LedgerRowProblem as _shoumi_v1_LedgerRowProblem, LedgerRowProblem__Output as _shoumi_v1_LedgerRowProblem__Output } from './shoumi/v1/LedgerRowProblem';
import type { LedgerSlice as _shoumi_v1_LedgerSlice, LedgerSlice__Output as _shoumi_v1_LedgerSlice__Output } from './shoumi/v1/LedgerSlice';
import type { ListAuditRequest as _shoumi_v1_ListAuditRequest, ListAuditRequest__Output as _shoumi_v1_ListAuditRequest__Output } from './shoumi/v1/ListAuditRequest';
import type { ListAuditResponse as _shoumi_v1_ListAuditResponse, ListAuditResponse__Output as _shoumi_v1_ListAuditResponse__Output } from './shoumi/v1/ListAuditResponse';
import type { ListAuditSealsRequest as _shoumi_v1_ListAuditSealsRequest, ListAuditSealsRequest__Output as _shoumi_v1_ListAuditSealsRequest__Output } from './shoumi/v1/ListAuditSealsRequest';
import type { ListAuditSealsResponse as _shoumi_v1_ListAuditSealsResponse, ListAuditSealsResponse__Output as _shoumi_v1_ListAuditSealsResponse__Output } from './shoumi/v1/ListAuditSealsResponse';
import type { ListCertificatesRequest as _shoumi_v1_ListCertificatesRequest, ListCertificatesRequest__Output as _shoumi_v1_ListCertificatesRequest__Output } from './shoumi/v1/ListCertificatesRequest';
import type { ListCertificatesResponse as _shoumi_v1_ListCertificatesResponse, ListCertificatesResponse__Output as _shoumi_v1_ListCertificatesResponse__Output } from './shoumi/v1/ListCertificatesResponse';
import type { ListDevicesRequest as _shoumi_v1_ListDevicesRequest, ListDevicesRequest__Output as _shoumi_v1_ListDevicesRequest__Output } from './shoumi/v1/ListDevicesRequest';
import type { ListDevicesResponse as _shoumi_v1_ListDevicesResponse, ListDevicesResponse__Output as _shoumi_v1_ListDevicesResponse__Output } from './shoumi/v1/ListDevicesResponse';
import type { ListFindingsRequest as _shoumi_v1_ListFindingsRequest, ListFindingsRequest__Output as _shoumi_v1_ListFindingsRequest__Output } from './shoumi/v1/ListFindingsRequest';
import type { ListFindingsResponse as _shoumi_v1_ListFindingsResponse, ListFindingsResponse__Output as _shoumi_v1_ListFindingsResponse__Output } from './shoumi/v1/ListFindingsResponse';
import type { ListMediaRequest as _shoumi_v1_ListMediaRequest, ListMediaRequest__Output as _shoumi_v1_ListMediaRequest__Output } from './shoumi/v1/ListMediaRequest';
import type { ListMediaResponse as _shoumi_v1_ListMediaResponse, ListMediaResponse__Output as _shoumi_v1_ListMediaResponse__Output } from './shoumi/v1/ListMediaResponse';
import type { ListRulesRequest as _shoumi_v1_ListRulesRequest, ListRulesRequest__Output as _shoumi_v1_ListRulesRequest__Output } from './shoumi/v1/ListRulesRequest';
import type { ListRulesResponse as _shoumi_v1_ListRulesResponse, ListRulesResponse__Output as _shoumi_v1_ListRulesResponse__Output } from './shoumi/v1/ListRulesResponse';
import type { ListSweepSchedulesRequest as _shoumi_v1_ListSweepSchedulesRequest, ListSweepSchedulesRequest__Output as _shoumi_v1_ListSweepSchedulesRequest__Output } from './shoumi/v1/ListSweepSchedulesRequest';
import type { ListSweepSchedulesResponse as _shoumi_v1_ListSweepSchedulesResponse, ListSweepSchedulesResponse__Output as _shoumi_v1_ListSweepSchedulesResponse__Output } from './shoumi/v1/ListSweepSchedulesResponse';
import type { ListSweepsRequest as _shoumi_v1_ListSweepsRequest, ListSweepsRequest__Output as _shoumi_v1_ListSweepsRequest__Output } from './shoumi/v1/ListSweepsRequest';
import type { ListSweepsResponse as _shoumi_v1_ListSweepsResponse, ListSweepsResponse__Output as _shoumi_v1_ListSweepsResponse__Output } from './shoumi/v1/ListSweepsResponse';
import type { MarkFindingRequest as _shoumi_v1_MarkFindingRequest, MarkFindingRequest__Output as _shoumi_v1_MarkFindingRequest__Output } from './shoumi/v1/MarkFindingRequest';
import type { MediumRecord as _shoumi_v1_MediumRecord, MediumRecord__Output as _shoumi_v1_MediumRecord__Output } from './shoumi/v1/MediumRecord';
import type { MediumSighting as _shoumi_v1_MediumSighting, MediumSighting__Output as _shoumi_v1_MediumSighting__Output } from './shoumi/v1/MediumSighting';
import type { PolicyBundle as _shoumi_v1_PolicyBundle, PolicyBundle__Output as _shoumi_v1_PolicyBundle__Output } from './shoumi/v1/PolicyBundle';
import type { PolicyRule as _shoumi_v1_PolicyRule, PolicyRule__Output as _shoumi_v1_PolicyRule__Output } from './shoumi/v1/PolicyRule';
import type { Refusal as _shoumi_v1_Refusal, Refusal__Output as _shoumi_v1_Refusal__Output } from './shoumi/v1/Refusal';
import type { RegisterMediumRequest as _shoumi_v1_RegisterMediumRequest, RegisterMediumRequest__Output as _shoumi_v1_RegisterMediumRequest__Output } from './shoumi/v1/RegisterMediumRequest';
import type { RegisteredMedium as _shoumi_v1_RegisteredMedium, RegisteredMedium__Output as _shoumi_v1_RegisteredMedium__Output } from './shoumi/v1/RegisteredMedium';
import type { RenewRequest as _shoumi_v1_RenewRequest, RenewRequest__Output as _shoumi_v1_RenewRequest__Output } from './shoumi/v1/RenewRequest';
import type { RevokeAdminRequest as _shoumi_v1_RevokeAdminRequest, RevokeAdminRequest__Output as _shoumi_v1_RevokeAdminRequest__Output } from './shoumi/v1/RevokeAdminRequest';
import type { RevokeAdminResponse as _shoumi_v1_RevokeAdminResponse, RevokeAdminResponse__Output as _shoumi_v1_RevokeAdminResponse__Output } from './shoumi/v1/RevokeAdminResponse';
import type { RevokeDeviceRequest as _shoumi_v1_RevokeDeviceRequest, RevokeDeviceRequest__Output as _shoumi_v1_RevokeDeviceRequest__Output } from './shoumi/v1/RevokeDeviceRequest';
import type { RevokeDeviceResponse as _shoumi_v1_RevokeDeviceResponse, RevokeDeviceResponse__Output as _shoumi_v1_RevokeDeviceResponse__Output } from './shoumi/v1/RevokeDeviceResponse';
import type { RuleText as _shoumi_v1_RuleText, RuleText__Output as _shoumi_v1_RuleText__Output } from './shoumi/v1/RuleText';
import type { RunSweepRequest as _shoumi_v1_RunSweepRequest, RunSweepRequest__Output as _shoumi_v1_RunSweepRequest__Output } from './shoumi/v1/RunSweepRequest';
import type { ScheduleSweepRequest as _shoumi_v1_ScheduleSweepRequest, ScheduleSweepRequest__Output as _shoumi_v1_ScheduleSweepRequest__Output } from './shoumi/v1/ScheduleSweepRequest';
import type { SealAuditRequest as _shoumi_v1_SealAuditRequest, SealAuditRequest__Output as _shoumi_v1_SealAuditRequest__Output } from './shoumi/v1/SealAuditRequest';
import type { SealAuditResponse as _shoumi_v1_SealAuditResponse, SealAuditResponse__Output as _shoumi_v1_SealAuditResponse__Output } from './shoumi/v1/SealAuditResponse';
import type { SealCovered as _shoumi_v1_SealCovered, SealCovered__Output as _shoumi_v1_SealCovered__Output } from './shoumi/v1/SealCovered';
import type { SetMediumStatusRequest as _shoumi_v1_SetMediumStatusRequest, SetMediumStatusRequest__Output as _shoumi_v1_SetMediumStatusRequest__Output } from './shoumi/v1/SetMediumStatusRequest';
import type { StoredAuditSeal as _shoumi_v1_StoredAuditSeal, StoredAuditSeal__Output as _shoumi_v1_StoredAuditSeal__Output } from './shoumi/v1/StoredAuditSeal';
import type { StoredFinding as _shoumi_v1_StoredFinding, StoredFinding__Output as _shoumi_v1_StoredFinding__Output } from './shoumi/v1/StoredFinding';
import type { SweepCommand as _shoumi_v1_SweepCommand, SweepCommand__Output as _shoumi_v1_SweepCommand__Output } from './shoumi/v1/SweepCommand';
import type { SweepResult as _shoumi_v1_SweepResult, SweepResult__Output as _shoumi_v1_SweepResult__Output } from './shoumi/v1/SweepResult';
import type { SweepSchedule as _shoumi_v1_SweepSchedule, SweepSchedule__Output as _shoumi_v1_SweepSchedule__Output } from './shoumi/v1/SweepSchedule';
import type { SweepStatus as _shoumi_v1_SweepStatus, SweepStatus__Output as _shoumi_v1_SweepStatus__Output } from './shoumi/v1/SweepStatus';
import type { SweepTarget as _shoumi_v1_SweepTarget, SweepTarget__Output as _shoumi_v1_SweepTarget__Output } from './shoumi/v1/SweepTarget';
import type { UpdateDeviceRequest as _shoumi_v1_UpdateDeviceRequest, UpdateDeviceRequest__Output as _shoumi_v1_UpdateDeviceRequest__Output } from './shoumi/v1/UpdateDeviceRequest';
import type { VerifyAuditRequest as _shoumi_v1_VerifyAuditRequest, VerifyAuditRequest__Output as _shoumi_v1_VerifyAuditRequest__Output } from './shoumi/v1/VerifyAuditRequest';
import type { VerifyAuditResponse as _shoumi_v1_VerifyAuditResponse, VerifyAuditResponse__Output as _shoumi_v1_VerifyAuditResponse__Output } from './shoumi/v1/VerifyAuditResponse';
import type { WhoAmIRequest as _shoumi_v1_WhoAmIRequest, WhoAmIRequest__Output as _shoumi_v1_WhoAmIRequest__Output } from './shoumi/v1/WhoAmIRequest';
import type { WhoAmIResponse as _shoumi_v1_WhoAmIResponse, WhoAmIResponse__Output as _shoumi_v1_WhoAmIResponse__Output } from './shoumi/v1/WhoAmIResponse';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shoumi: {
    v1: {
      Ack: MessageTypeDefinition<_shoumi_v1_Ack, _shoumi_v1_Ack__Output>
      AdminService: SubtypeConstructor<typeof grpc.Client, _shoumi_v1_AdminServiceClient> & { service: _shoumi_v1_AdminServiceDefinition }
      AgentMessage: MessageTypeDefinition<_shoumi_v1_AgentMessage, _shoumi_v1_AgentMessage__Output>
      AgentService: SubtypeConstructor<typeof grpc.Client, _shoumi_v1_AgentServiceClient> & { service: _shoumi_v1_AgentServiceDefinition }
      AuditDigest: MessageTypeDefinition<_shoumi_v1_AuditDigest, _shoumi_v1_AuditDigest__Output>
      AuditProblem: MessageTypeDefinition<_shoumi_v1_AuditProblem, _shoumi_v1_AuditProblem__Output>
      AuditRecord: MessageTypeDefinition<_shoumi_v1_AuditRecord, _shoumi_v1_AuditRecord__Output>
      AuditSeal: MessageTypeDefinition<_shoumi_v1_AuditSeal, _shoumi_v1_AuditSeal__Output>
      CertificateRecord: MessageTypeDefinition<_shoumi_v1_CertificateRecord, _shoumi_v1_CertificateRecord__Output>
      Classification: EnumTypeDefinition
      ClauseCount: MessageTypeDefinition<_shoumi_v1_ClauseCount, _shoumi_v1_ClauseCount__Output>
      CollectorAlert: MessageTypeDefinition<_shoumi_v1_CollectorAlert, _shoumi_v1_CollectorAlert__Output>
      CollectorMessage: MessageTypeDefinition<_shoumi_v1_CollectorMessage, _shoumi_v1_CollectorMessage__Output>
      ComplianceDay: MessageTypeDefinition<_shoumi_v1_ComplianceDay, _shoumi_v1_ComplianceDay__Output>
      CreateEnrolmentTokensRequest: MessageTypeDefinition<_shoumi_v1_CreateEnrolmentTokensRequest, _shoumi_v1_CreateEnrolmentTokensRequest__Output>
      CreateEnrolmentTokensResponse: MessageTypeDefinition<_shoumi_v1_CreateEnrolmentTokensResponse, _shoumi_v1_CreateEnrolmentTokensResponse__Output>
      DeleteSweepScheduleRequest: MessageTypeDefinition<_shoumi_v1_DeleteSweepScheduleRequest, _shoumi_v1_DeleteSweepScheduleRequest__Output>
      DeviceDetail: MessageTypeDefinition<_shoumi_v1_DeviceDetail, _shoumi_v1_DeviceDetail__Output>
      DeviceMediumSeen: MessageTypeDefinition<_shoumi_v1_DeviceMediumSeen, _shoumi_v1_DeviceMediumSeen__Output>
      DeviceSummary: MessageTypeDefinition<_shoumi_v1_DeviceSummary, _shoumi_v1_DeviceSummary__Output>
      DeviceSweepAnswer: MessageTypeDefinition<_shoumi_v1_DeviceSweepAnswer, _shoumi_v1_DeviceSweepAnswer__Output>
      Disk: MessageTypeDefinition<_shoumi_v1_Disk, _shoumi_v1_Disk__Output>
      Disposition: MessageTypeDefinition<_shoumi_v1_Disposition, _shoumi_v1_Disposition__Output>
      EnrolRequest: MessageTypeDefinition<_shoumi_v1_EnrolRequest, _shoumi_v1_EnrolRequest__Output>
      EnrolmentService: SubtypeConstructor<typeof grpc.Client, _shoumi_v1_EnrolmentServiceClient> & { service: _shoumi_v1_EnrolmentServiceDefinition }
      EnrolmentToken: MessageTypeDefinition<_shoumi_v1_EnrolmentToken, _shoumi_v1_EnrolmentToken__Output>
      ExportLedgerRequest: MessageTypeDefinition<_shoumi_v1_ExportLedgerRequest, _shoumi_v1_ExportLedgerRequest__Output>
      ExportLedgerResponse: MessageTypeDefinition<_shoumi_v1_ExportLedgerResponse, _shoumi_v1_ExportLedgerResponse__Output>
      Finding: MessageTypeDefinition<_shoumi_v1_Finding, _shoumi_v1_Finding__Output>
      FindingBatch: MessageTypeDefinition<_shoumi_v1_FindingBatch, _shoumi_v1_FindingBatch__Output>
      FindingStatus: EnumTypeDefinition
      FleetStatus: MessageTypeDefinition<_shoumi_v1_FleetStatus, _shoumi_v1_FleetStatus__Output>
      GetAuditDigestRequest: MessageTypeDefinition<_shoumi_v1_GetAuditDigestRequest, _shoumi_v1_GetAuditDigestRequest__Output>
      GetAuditDigestResponse: MessageTypeDefinition<_shoumi_v1_GetAuditDigestResponse, _shoumi_v1_GetAuditDigestResponse__Output>
      GetComplianceTrendRequest: MessageTypeDefinition<_shoumi_v1_GetComplianceTrendRequest, _shoumi_v1_GetComplianceTrendRequest__Output>
      GetComplianceTrendResponse: MessageTypeDefinition<_shoumi_v1_GetComplianceTrendResponse, _shoumi_v1_GetComplianceTrendResponse__Output>
      GetDeviceRequest: MessageTypeDefinition<_shoumi_v1_GetDeviceRequest, _shoumi_v1_GetDeviceRequest__Output>
      GetFleetStatusRequest: MessageTypeDefinition<_shoumi_v1_GetFleetStatusRequest, _shoumi_v1_GetFleetStatusRequest__Output>
      GetInspectionReportRequest: MessageTypeDefinition<_shoumi_v1_GetInspectionReportRequest, _shoumi_v1_GetInspectionReportRequest__Output>
      GetSweepRequest: MessageTypeDefinition<_shoumi_v1_GetSweepRequest, _shoumi_v1_GetSweepRequest__Output>
      HardwareIdentity: MessageTypeDefinition<_shoumi_v1_HardwareIdentity, _shoumi_v1_HardwareIdentity__Output>
      Heartbeat: MessageTypeDefinition<_shoumi_v1_Heartbeat, _shoumi_v1_Heartbeat__Output>
      HeartbeatReply: MessageTypeDefinition<_shoumi_v1_HeartbeatReply, _shoumi_v1_HeartbeatReply__Output>
      Hello: MessageTypeDefinition<_shoumi_v1_Hello, _shoumi_v1_Hello__Output>
      ImportLedgerRequest: MessageTypeDefinition<_shoumi_v1_ImportLedgerRequest, _shoumi_v1_ImportLedgerRequest__Output>
      ImportLedgerResponse: MessageTypeDefinition<_shoumi_v1_ImportLedgerResponse, _shoumi_v1_ImportLedgerResponse__Output>
      InspectedDevice: MessageTypeDefinition<_shoumi_v1_InspectedDevice, _shoumi_v1_InspectedDevice__Output>
      InspectionItem: MessageTypeDefinition<_shoumi_v1_InspectionItem, _shoumi_v1_InspectionItem__Output>
      InspectionProblem: MessageTypeDefinition<_shoumi_v1_InspectionProblem, _shoumi_v1_InspectionProblem__Output>
      InspectionReport: MessageTypeDefinition<_shoumi_v1_InspectionReport, _shoumi_v1_InspectionReport__Output>
      IssueUninstallCodeRequest: MessageTypeDefinition<_shoumi_v1_IssueUninstallCodeRequest, _shoumi_v1_IssueUninstallCodeRequest__Output>
      IssueUninstallCodeResponse: MessageTypeDefinition<_shoumi_v1_IssueUninstallCodeResponse, _shoumi_v1_IssueUninstallCodeResponse__Output>
      IssuedCertificate: MessageTypeDefinition<_shoumi_v1_IssuedCertificate, _shoumi_v1_IssuedCertificate__Output>
      LedgerChange: MessageTypeDefinition<_shoumi_v1_LedgerChange, _shoumi_v1_LedgerChange__Output>
      LedgerRowProblem: MessageTypeDefinition<_shoumi_v1_LedgerRowProblem, _shoumi_v1_LedgerRowProblem__Output>
      LedgerSlice: MessageTypeDefinition<_shoumi_v1_LedgerSlice, _shoumi_v1_LedgerSlice__Output>
      ListAuditRequest: MessageTypeDefinition<_shoumi_v1_ListAuditRequest, _shoumi_v1_ListAuditRequest__Output>
      ListAuditResponse: MessageTypeDefinition<_shoumi_v1_ListAuditResponse, _shoumi_v1_ListAuditResponse__Output>
      ListAuditSealsRequest: MessageTypeDefinition<_shoumi_v1_ListAuditSealsRequest, _shoumi_v1_ListAuditSealsRequest__Output>
      ListAuditSealsResponse: MessageTypeDefinition<_shoumi_v1_ListAuditSealsResponse, _shoumi_v1_ListAuditSealsResponse__Output>
      ListCertificatesRequest: MessageTypeDefinition<_shoumi_v1_ListCertificatesRequest, _shoumi_v1_ListCertificatesRequest__Output>
      ListCertificatesResponse: MessageTypeDefinition<_shoumi_v1_ListCertificatesResponse, _shoumi_v1_ListCertificatesResponse__Output>
      ListDevicesRequest: MessageTypeDefinition<_shoumi_v1_ListDevicesRequest, _shoumi_v1_ListDevicesRequest__Output>
      ListDevicesResponse: MessageTypeDefinition<_shoumi_v1_ListDevicesResponse, _shoumi_v1_ListDevicesResponse__Output>
      ListFindingsRequest: MessageTypeDefinition<_shoumi_v1_ListFindingsRequest, _shoumi_v1_ListFindingsRequest__Output>
      ListFindingsResponse: MessageTypeDefinition<_shoumi_v1_ListFindingsResponse, _shoumi_v1_ListFindingsResponse__Output>
      ListMediaRequest: MessageTypeDefinition<_shoumi_v1_ListMediaRequest, _shoumi_v1_ListMediaRequest__Output>
      ListMediaResponse: MessageTypeDefinition<_shoumi_v1_ListMediaResponse, _shoumi_v1_ListMediaResponse__Output>
      ListRulesRequest: MessageTypeDefinition<_shoumi_v1_ListRulesRequest, _shoumi_v1_ListRulesRequest__Output>
      ListRulesResponse: MessageTypeDefinition<_shoumi_v1_ListRulesResponse, _shoumi_v1_ListRulesResponse__Output>
      ListSweepSchedulesRequest: MessageTypeDefinition<_shoumi_v1_ListSweepSchedulesRequest, _shoumi_v1_ListSweepSchedulesRequest__Output>
      ListSweepSchedulesResponse: MessageTypeDefinition<_shoumi_v1_ListSweepSchedulesResponse, _shoumi_v1_ListSweepSchedulesResponse__Output>
      ListSweepsRequest: MessageTypeDefinition<_shoumi_v1_ListSweepsRequest, _shoumi_v1_ListSweepsRequest__Output>
      ListSweepsResponse: MessageTypeDefinition<_shoumi_v1_ListSweepsResponse, _shoumi_v1_ListSweepsResponse__Output>
      MarkFindingRequest: MessageTypeDefinition<_shoumi_v1_MarkFindingRequest, _shoumi_v1_MarkFindingRequest__Output>
      MediumRecord: MessageTypeDefinition<_shoumi_v1_MediumRecord, _shoumi_v1_MediumRecord__Output>
      MediumSighting: MessageTypeDefinition<_shoumi_v1_MediumSighting, _shoumi_v1_MediumSighting__Output>
      MediumStatus: EnumTypeDefinition
      PolicyBundle: MessageTypeDefinition<_shoumi_v1_PolicyBundle, _shoumi_v1_PolicyBundle__Output>
      PolicyRule: MessageTypeDefinition<_shoumi_v1_PolicyRule, _shoumi_v1_PolicyRule__Output>
      Refusal: MessageTypeDefinition<_shoumi_v1_Refusal, _shoumi_v1_Refusal__Output>
      RegisterMediumRequest: MessageTypeDefinition<_shoumi_v1_RegisterMediumRequest, _shoumi_v1_RegisterMediumRequest__Output>
      RegisteredMedium: MessageTypeDefinition<_shoumi_v1_RegisteredMedium, _shoumi_v1_RegisteredMedium__Output>
      RenewRequest: MessageTypeDefinition<_shoumi_v1_RenewRequest, _shoumi_v1_RenewRequest__Output>
      RevokeAdminRequest: MessageTypeDefinition<_shoumi_v1_RevokeAdminRequest, _shoumi_v1_RevokeAdminRequest__Output>
      RevokeAdminResponse: MessageTypeDefinition<_shoumi_v1_RevokeAdminResponse, _shoumi_v1_RevokeAdminResponse__Output>
      RevokeDeviceRequest: MessageTypeDefinition<_shoumi_v1_RevokeDeviceRequest, _shoumi_v1_RevokeDeviceRequest__Output>
      RevokeDeviceResponse: MessageTypeDefinition<_shoumi_v1_RevokeDeviceResponse, _shoumi_v1_RevokeDeviceResponse__Output>
      RuleText: MessageTypeDefinition<_shoumi_v1_RuleText, _shoumi_v1_RuleText__Output>
      RunSweepRequest: MessageTypeDefinition<_shoumi_v1_RunSweepRequest, _shoumi_v1_RunSweepRequest__Output>
      ScheduleSweepRequest: MessageTypeDefinition<_shoumi_v1_ScheduleSweepRequest, _shoumi_v1_ScheduleSweepRequest__Output>
      SealAuditRequest: MessageTypeDefinition<_shoumi_v1_SealAuditRequest, _shoumi_v1_SealAuditRequest__Output>
      SealAuditResponse: MessageTypeDefinition<_shoumi_v1_SealAuditResponse, _shoumi_v1_SealAuditResponse__Output>
      SealCovered: MessageTypeDefinition<_shoumi_v1_SealCovered, _shoumi_v1_SealCovered__Output>
      SetMediumStatusRequest: MessageTypeDefinition<_shoumi_v1_SetMediumStatusRequest, _shoumi_v1_SetMediumStatusRequest__Output>
      Severity: EnumTypeDefinition
      StoredAuditSeal: MessageTypeDefinition<_shoumi_v1_StoredAuditSeal, _shoumi_v1_StoredAuditSeal__Output>
      StoredFinding: MessageTypeDefinition<_shoumi_v1_StoredFinding, _shoumi_v1_StoredFinding__Output>
      SweepCommand: MessageTypeDefinition<_shoumi_v1_SweepCommand, _shoumi_v1_SweepCommand__Output>
      SweepResult: MessageTypeDefinition<_shoumi_v1_SweepResult, _shoumi_v1_SweepResult__Output>
      SweepSchedule: MessageTypeDefinition<_shoumi_v1_SweepSchedule, _shoumi_v1_SweepSchedule__Output>
      SweepStatus: MessageTypeDefinition<_shoumi_v1_SweepStatus, _shoumi_v1_SweepStatus__Output>
      SweepTarget: MessageTypeDefinition<_shoumi_v1_SweepTarget, _shoumi_v1_SweepTarget__Output>
      UpdateDeviceRequest: MessageTypeDefinition<_shoumi_v1_UpdateDeviceRequest, _shoumi_v1_UpdateDeviceRequest__Output>
      VerifyAuditRequest: MessageTypeDefinition<_shoumi_v1_VerifyAuditRequest, _shoumi_v1_VerifyAuditRequest__Output>
      VerifyAuditResponse: MessageTypeDefinition<_shoumi_v1_VerifyAuditResponse, _shoumi_v1_VerifyAuditResponse__Output>
      WhoAmIRequest: MessageTypeDefinition<_shoumi_v1_WhoAmIRequest, _shoumi_v1_WhoAmIRequest__Output>
      WhoAmIResponse: MessageTypeDefinition<_shoumi_v1_WhoAmIResponse, _shoumi_v1_WhoAmIResponse__Output>
    }
  }
}

