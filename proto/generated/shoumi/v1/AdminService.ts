// Original file: proto/shoumi/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateEnrolmentTokensRequest as _shoumi_v1_CreateEnrolmentTokensRequest, CreateEnrolmentTokensRequest__Output as _shoumi_v1_CreateEnrolmentTokensRequest__Output } from '../../shoumi/v1/CreateEnrolmentTokensRequest';
import type { CreateEnrolmentTokensResponse as _shoumi_v1_CreateEnrolmentTokensResponse, CreateEnrolmentTokensResponse__Output as _shoumi_v1_CreateEnrolmentTokensResponse__Output } from '../../shoumi/v1/CreateEnrolmentTokensResponse';
import type { DeleteSweepScheduleRequest as _shoumi_v1_DeleteSweepScheduleRequest, DeleteSweepScheduleRequest__Output as _shoumi_v1_DeleteSweepScheduleRequest__Output } from '../../shoumi/v1/DeleteSweepScheduleRequest';
import type { DeviceDetail as _shoumi_v1_DeviceDetail, DeviceDetail__Output as _shoumi_v1_DeviceDetail__Output } from '../../shoumi/v1/DeviceDetail';
import type { DeviceSummary as _shoumi_v1_DeviceSummary, DeviceSummary__Output as _shoumi_v1_DeviceSummary__Output } from '../../shoumi/v1/DeviceSummary';
import type { Disposition as _shoumi_v1_Disposition, Disposition__Output as _shoumi_v1_Disposition__Output } from '../../shoumi/v1/Disposition';
import type { ExportLedgerRequest as _shoumi_v1_ExportLedgerRequest, ExportLedgerRequest__Output as _shoumi_v1_ExportLedgerRequest__Output } from '../../shoumi/v1/ExportLedgerRequest';
import type { ExportLedgerResponse as _shoumi_v1_ExportLedgerResponse, ExportLedgerResponse__Output as _shoumi_v1_ExportLedgerResponse__Output } from '../../shoumi/v1/ExportLedgerResponse';
import type { FleetStatus as _shoumi_v1_FleetStatus, FleetStatus__Output as _shoumi_v1_FleetStatus__Output } from '../../shoumi/v1/FleetStatus';
import type { GetAuditDigestRequest as _shoumi_v1_GetAuditDigestRequest, GetAuditDigestRequest__Output as _shoumi_v1_GetAuditDigestRequest__Output } from '../../shoumi/v1/GetAuditDigestRequest';
import type { GetAuditDigestResponse as _shoumi_v1_GetAuditDigestResponse, GetAuditDigestResponse__Output as _shoumi_v1_GetAuditDigestResponse__Output } from '../../shoumi/v1/GetAuditDigestResponse';
import type { GetComplianceTrendRequest as _shoumi_v1_GetComplianceTrendRequest, GetComplianceTrendRequest__Output as _shoumi_v1_GetComplianceTrendRequest__Output } from '../../shoumi/v1/GetComplianceTrendRequest';
import type { GetComplianceTrendResponse as _shoumi_v1_GetComplianceTrendResponse, GetComplianceTrendResponse__Output as _shoumi_v1_GetComplianceTrendResponse__Output } from '../../shoumi/v1/GetComplianceTrendResponse';
import type { GetDeviceRequest as _shoumi_v1_GetDeviceRequest, GetDeviceRequest__Output as _shoumi_v1_GetDeviceRequest__Output } from '../../shoumi/v1/GetDeviceRequest';
import type { GetFleetStatusRequest as _shoumi_v1_GetFleetStatusRequest, GetFleetStatusRequest__Output as _shoumi_v1_GetFleetStatusRequest__Output } from '../../shoumi/v1/GetFleetStatusRequest';
import type { GetInspectionReportRequest as _shoumi_v1_GetInspectionReportRequest, GetInspectionReportRequest__Output as _shoumi_v1_GetInspectionReportRequest__Output } from '../../shoumi/v1/GetInspectionReportRequest';
import type { GetSweepRequest as _shoumi_v1_GetSweepRequest, GetSweepRequest__Output as _shoumi_v1_GetSweepRequest__Output } from '../../shoumi/v1/GetSweepRequest';
import type { ImportLedgerRequest as _shoumi_v1_ImportLedgerRequest, ImportLedgerRequest__Output as _shoumi_v1_ImportLedgerRequest__Output } from '../../shoumi/v1/ImportLedgerRequest';
import type { ImportLedgerResponse as _shoumi_v1_ImportLedgerResponse, ImportLedgerResponse__Output as _shoumi_v1_ImportLedgerResponse__Output } from '../../shoumi/v1/ImportLedgerResponse';
import type { InspectionReport as _shoumi_v1_InspectionReport, InspectionReport__Output as _shoumi_v1_InspectionReport__Output } from '../../shoumi/v1/InspectionReport';
import type { IssueUninstallCodeRequest as _shoumi_v1_IssueUninstallCodeRequest, IssueUninstallCodeRequest__Output as _shoumi_v1_IssueUninstallCodeRequest__Output } from '../../shoumi/v1/IssueUninstallCodeRequest';
import type { IssueUninstallCodeResponse as _shoumi_v1_IssueUninstallCodeResponse, IssueUninstallCodeResponse__Output as _shoumi_v1_IssueUninstallCodeResponse__Output } from '../../shoumi/v1/IssueUninstallCodeResponse';
import type { ListAuditRequest as _shoumi_v1_ListAuditRequest, ListAuditRequest__Output as _shoumi_v1_ListAuditRequest__Output } from '../../shoumi/v1/ListAuditRequest';
import type { ListAuditResponse as _shoumi_v1_ListAuditResponse, ListAuditResponse__Output as _shoumi_v1_ListAuditResponse__Output } from '../../shoumi/v1/ListAuditResponse';
import type { ListAuditSealsRequest as _shoumi_v1_ListAuditSealsRequest, ListAuditSealsRequest__Output as _shoumi_v1_ListAuditSealsRequest__Output } from '../../shoumi/v1/ListAuditSealsRequest';
import type { ListAuditSealsResponse as _shoumi_v1_ListAuditSealsResponse, ListAuditSealsResponse__Output as _shoumi_v1_ListAuditSealsResponse__Output } from '../../shoumi/v1/ListAuditSealsResponse';
import type { ListCertificatesRequest as _shoumi_v1_ListCertificatesRequest, ListCertificatesRequest__Output as _shoumi_v1_ListCertificatesRequest__Output } from '../../shoumi/v1/ListCertificatesRequest';
import type { ListCertificatesResponse as _shoumi_v1_ListCertificatesResponse, ListCertificatesResponse__Output as _shoumi_v1_ListCertificatesResponse__Output } from '../../shoumi/v1/ListCertificatesResponse';
import type { ListDevicesRequest as _shoumi_v1_ListDevicesRequest, ListDevicesRequest__Output as _shoumi_v1_ListDevicesRequest__Output } from '../../shoumi/v1/ListDevicesRequest';
import type { ListDevicesResponse as _shoumi_v1_ListDevicesResponse, ListDevicesResponse__Output as _shoumi_v1_ListDevicesResponse__Output } from '../../shoumi/v1/ListDevicesResponse';
import type { ListFindingsRequest as _shoumi_v1_ListFindingsRequest, ListFindingsRequest__Output as _shoumi_v1_ListFindingsRequest__Output } from '../../shoumi/v1/ListFindingsRequest';
import type { ListFindingsResponse as _shoumi_v1_ListFindingsResponse, ListFindingsResponse__Output as _shoumi_v1_ListFindingsResponse__Output } from '../../shoumi/v1/ListFindingsResponse';
import type { ListMediaRequest as _shoumi_v1_ListMediaRequest, ListMediaRequest__Output as _shoumi_v1_ListMediaRequest__Output } from '../../shoumi/v1/ListMediaRequest';
import type { ListMediaResponse as _shoumi_v1_ListMediaResponse, ListMediaResponse__Output as _shoumi_v1_ListMediaResponse__Output } from '../../shoumi/v1/ListMediaResponse';
import type { ListRulesRequest as _shoumi_v1_ListRulesRequest, ListRulesRequest__Output as _shoumi_v1_ListRulesRequest__Output } from '../../shoumi/v1/ListRulesRequest';
import type { ListRulesResponse as _shoumi_v1_ListRulesResponse, ListRulesResponse__Output as _shoumi_v1_ListRulesResponse__Output } from '../../shoumi/v1/ListRulesResponse';
import type { ListSweepSchedulesRequest as _shoumi_v1_ListSweepSchedulesRequest, ListSweepSchedulesRequest__Output as _shoumi_v1_ListSweepSchedulesRequest__Output } from '../../shoumi/v1/ListSweepSchedulesRequest';
import type { ListSweepSchedulesResponse as _shoumi_v1_ListSweepSchedulesResponse, ListSweepSchedulesResponse__Output as _shoumi_v1_ListSweepSchedulesResponse__Output } from '../../shoumi/v1/ListSweepSchedulesResponse';
import type { ListSweepsRequest as _shoumi_v1_ListSweepsRequest, ListSweepsRequest__Output as _shoumi_v1_ListSweepsRequest__Output } from '../../shoumi/v1/ListSweepsRequest';
import type { ListSweepsResponse as _shoumi_v1_ListSweepsResponse, ListSweepsResponse__Output as _shoumi_v1_ListSweepsResponse__Output } from '../../shoumi/v1/ListSweepsResponse';
import type { MarkFindingRequest as _shoumi_v1_MarkFindingRequest, MarkFindingRequest__Output as _shoumi_v1_MarkFindingRequest__Output } from '../../shoumi/v1/MarkFindingRequest';
import type { MediumRecord as _shoumi_v1_MediumRecord, MediumRecord__Output as _shoumi_v1_MediumRecord__Output } from '../../shoumi/v1/MediumRecord';
import type { RegisterMediumRequest as _shoumi_v1_RegisterMediumRequest, RegisterMediumRequest__Output as _shoumi_v1_RegisterMediumRequest__Output } from '../../shoumi/v1/RegisterMediumRequest';
import type { RevokeAdminRequest as _shoumi_v1_RevokeAdminRequest, RevokeAdminRequest__Output as _shoumi_v1_RevokeAdminRequest__Output } from '../../shoumi/v1/RevokeAdminRequest';
import type { RevokeAdminResponse as _shoumi_v1_RevokeAdminResponse, RevokeAdminResponse__Output as _shoumi_v1_RevokeAdminResponse__Output } from '../../shoumi/v1/RevokeAdminResponse';
import type { RevokeDeviceRequest as _shoumi_v1_RevokeDeviceRequest, RevokeDeviceRequest__Output as _shoumi_v1_RevokeDeviceRequest__Output } from '../../shoumi/v1/RevokeDeviceRequest';
import type { RevokeDeviceResponse as _shoumi_v1_RevokeDeviceResponse, RevokeDeviceResponse__Output as _shoumi_v1_RevokeDeviceResponse__Output } from '../../shoumi/v1/RevokeDeviceResponse';
import type { RunSweepRequest as _shoumi_v1_RunSweepRequest, RunSweepRequest__Output as _shoumi_v1_RunSweepRequest__Output } from '../../shoumi/v1/RunSweepRequest';
import type { ScheduleSweepRequest as _shoumi_v1_ScheduleSweepRequest, ScheduleSweepRequest__Output as _shoumi_v1_ScheduleSweepRequest__Output } from '../../shoumi/v1/ScheduleSweepRequest';
import type { SealAuditRequest as _shoumi_v1_SealAuditRequest, SealAuditRequest__Output as _shoumi_v1_SealAuditRequest__Output } from '../../shoumi/v1/SealAuditRequest';
import type { SealAuditResponse as _shoumi_v1_SealAuditResponse, SealAuditResponse__Output as _shoumi_v1_SealAuditResponse__Output } from '../../shoumi/v1/SealAuditResponse';
import type { SetMediumStatusRequest as _shoumi_v1_SetMediumStatusRequest, SetMediumStatusRequest__Output as _shoumi_v1_SetMediumStatusRequest__Output } from '../../shoumi/v1/SetMediumStatusRequest';
import type { SweepSchedule as _shoumi_v1_SweepSchedule, SweepSchedule__Output as _shoumi_v1_SweepSchedule__Output } from '../../shoumi/v1/SweepSchedule';
import type { SweepStatus as _shoumi_v1_SweepStatus, SweepStatus__Output as _shoumi_v1_SweepStatus__Output } from '../../shoumi/v1/SweepStatus';
import type { UpdateDeviceRequest as _shoumi_v1_UpdateDeviceRequest, UpdateDeviceRequest__Output as _shoumi_v1_UpdateDeviceRequest__Output } from '../../shoumi/v1/UpdateDeviceRequest';
import type { VerifyAuditRequest as _shoumi_v1_VerifyAuditRequest, VerifyAuditRequest__Output as _shoumi_v1_VerifyAuditRequest__Output } from '../../shoumi/v1/VerifyAuditRequest';
import type { VerifyAuditResponse as _shoumi_v1_VerifyAuditResponse, VerifyAuditResponse__Output as _shoumi_v1_VerifyAuditResponse__Output } from '../../shoumi/v1/VerifyAuditResponse';
import type { WhoAmIRequest as _shoumi_v1_WhoAmIRequest, WhoAmIRequest__Output as _shoumi_v1_WhoAmIRequest__Output } from '../../shoumi/v1/WhoAmIRequest';
import type { WhoAmIResponse as _shoumi_v1_WhoAmIResponse, WhoAmIResponse__Output as _shoumi_v1_WhoAmIResponse__Output } from '../../shoumi/v1/WhoAmIResponse';

export interface AdminServiceClient extends grpc.Client {
  /**
   * ---- trust: enrolment and certificates (system administrator)
   */
  CreateEnrolmentTokens(argument: _shoumi_v1_CreateEnrolmentTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_CreateEnrolmentTokensResponse__Output>): grpc.ClientUnaryCall;
  CreateEnrolmentTokens(argument: _shoumi_v1_CreateEnrolmentTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_CreateEnrolmentTokensResponse__Output>): grpc.ClientUnaryCall;
  CreateEnrolmentTokens(argument: _shoumi_v1_CreateEnrolmentTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_CreateEnrolmentTokensResponse__Output>): grpc.ClientUnaryCall;
  CreateEnrolmentTokens(argument: _shoumi_v1_CreateEnrolmentTokensRequest, callback: grpc.requestCallback<_shoumi_v1_CreateEnrolmentTokensResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ---- trust: enrolment and certificates (system administrator)
   */
  createEnrolmentTokens(argument: _shoumi_v1_CreateEnrolmentTokensRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_CreateEnrolmentTokensResponse__Output>): grpc.ClientUnaryCall;
  createEnrolmentTokens(argument: _shoumi_v1_CreateEnrolmentTokensRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_CreateEnrolmentTokensResponse__Output>): grpc.ClientUnaryCall;
  createEnrolmentTokens(argument: _shoumi_v1_CreateEnrolmentTokensRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_CreateEnrolmentTokensResponse__Output>): grpc.ClientUnaryCall;
  createEnrolmentTokens(argument: _shoumi_v1_CreateEnrolmentTokensRequest, callback: grpc.requestCallback<_shoumi_v1_CreateEnrolmentTokensResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteSweepSchedule(argument: _shoumi_v1_DeleteSweepScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  DeleteSweepSchedule(argument: _shoumi_v1_DeleteSweepScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  DeleteSweepSchedule(argument: _shoumi_v1_DeleteSweepScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  DeleteSweepSchedule(argument: _shoumi_v1_DeleteSweepScheduleRequest, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  deleteSweepSchedule(argument: _shoumi_v1_DeleteSweepScheduleRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  deleteSweepSchedule(argument: _shoumi_v1_DeleteSweepScheduleRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  deleteSweepSchedule(argument: _shoumi_v1_DeleteSweepScheduleRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  deleteSweepSchedule(argument: _shoumi_v1_DeleteSweepScheduleRequest, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  
  ExportLedger(argument: _shoumi_v1_ExportLedgerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ExportLedgerResponse__Output>): grpc.ClientUnaryCall;
  ExportLedger(argument: _shoumi_v1_ExportLedgerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ExportLedgerResponse__Output>): grpc.ClientUnaryCall;
  ExportLedger(argument: _shoumi_v1_ExportLedgerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ExportLedgerResponse__Output>): grpc.ClientUnaryCall;
  ExportLedger(argument: _shoumi_v1_ExportLedgerRequest, callback: grpc.requestCallback<_shoumi_v1_ExportLedgerResponse__Output>): grpc.ClientUnaryCall;
  exportLedger(argument: _shoumi_v1_ExportLedgerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ExportLedgerResponse__Output>): grpc.ClientUnaryCall;
  exportLedger(argument: _shoumi_v1_ExportLedgerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ExportLedgerResponse__Output>): grpc.ClientUnaryCall;
  exportLedger(argument: _shoumi_v1_ExportLedgerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ExportLedgerResponse__Output>): grpc.ClientUnaryCall;
  exportLedger(argument: _shoumi_v1_ExportLedgerRequest, callback: grpc.requestCallback<_shoumi_v1_ExportLedgerResponse__Output>): grpc.ClientUnaryCall;
  
  GetAuditDigest(argument: _shoumi_v1_GetAuditDigestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_GetAuditDigestResponse__Output>): grpc.ClientUnaryCall;
  GetAuditDigest(argument: _shoumi_v1_GetAuditDigestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_GetAuditDigestResponse__Output>): grpc.ClientUnaryCall;
  GetAuditDigest(argument: _shoumi_v1_GetAuditDigestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_GetAuditDigestResponse__Output>): grpc.ClientUnaryCall;
  GetAuditDigest(argument: _shoumi_v1_GetAuditDigestRequest, callback: grpc.requestCallback<_shoumi_v1_GetAuditDigestResponse__Output>): grpc.ClientUnaryCall;
  getAuditDigest(argument: _shoumi_v1_GetAuditDigestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_GetAuditDigestResponse__Output>): grpc.ClientUnaryCall;
  getAuditDigest(argument: _shoumi_v1_GetAuditDigestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_GetAuditDigestResponse__Output>): grpc.ClientUnaryCall;
  getAuditDigest(argument: _shoumi_v1_GetAuditDigestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_GetAuditDigestResponse__Output>): grpc.ClientUnaryCall;
  getAuditDigest(argument: _shoumi_v1_GetAuditDigestRequest, callback: grpc.requestCallback<_shoumi_v1_GetAuditDigestResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Day by day over the last N days: the fleet's compliance as it stood at the end of each day (the console's
   * trend). Days the collector did not run are absent, never guessed.
   */
  GetComplianceTrend(argument: _shoumi_v1_GetComplianceTrendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_GetComplianceTrendResponse__Output>): grpc.ClientUnaryCall;
  GetComplianceTrend(argument: _shoumi_v1_GetComplianceTrendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_GetComplianceTrendResponse__Output>): grpc.ClientUnaryCall;
  GetComplianceTrend(argument: _shoumi_v1_GetComplianceTrendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_GetComplianceTrendResponse__Output>): grpc.ClientUnaryCall;
  GetComplianceTrend(argument: _shoumi_v1_GetComplianceTrendRequest, callback: grpc.requestCallback<_shoumi_v1_GetComplianceTrendResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Day by day over the last N days: the fleet's compliance as it stood at the end of each day (the console's
   * trend). Days the collector did not run are absent, never guessed.
   */
  getComplianceTrend(argument: _shoumi_v1_GetComplianceTrendRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_GetComplianceTrendResponse__Output>): grpc.ClientUnaryCall;
  getComplianceTrend(argument: _shoumi_v1_GetComplianceTrendRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_GetComplianceTrendResponse__Output>): grpc.ClientUnaryCall;
  getComplianceTrend(argument: _shoumi_v1_GetComplianceTrendRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_GetComplianceTrendResponse__Output>): grpc.ClientUnaryCall;
  getComplianceTrend(argument: _shoumi_v1_GetComplianceTrendRequest, callback: grpc.requestCallback<_shoumi_v1_GetComplianceTrendResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ---- ledger (台帐, 3.7.2)
   */
  GetDevice(argument: _shoumi_v1_GetDeviceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_DeviceDetail__Output>): grpc.ClientUnaryCall;
  GetDevice(argument: _shoumi_v1_GetDeviceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_DeviceDetail__Output>): grpc.ClientUnaryCall;
  GetDevice(argument: _shoumi_v1_GetDeviceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_DeviceDetail__Output>): grpc.ClientUnaryCall;
  GetDevice(argument: _shoumi_v1_GetDeviceRequest, callback: grpc.requestCallback<_shoumi_v1_DeviceDetail__Output>): grpc.ClientUnaryCall;
  /**
   * ---- ledger (台帐, 3.7.2)
   */
  getDevice(argument: _shoumi_v1_GetDeviceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_DeviceDetail__Output>): grpc.ClientUnaryCall;
  getDevice(argument: _shoumi_v1_GetDeviceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_DeviceDetail__Output>): grpc.ClientUnaryCall;
  getDevice(argument: _shoumi_v1_GetDeviceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_DeviceDetail__Output>): grpc.ClientUnaryCall;
  getDevice(argument: _shoumi_v1_GetDeviceRequest, callback: grpc.requestCallback<_shoumi_v1_DeviceDetail__Output>): grpc.ClientUnaryCall;
  
  /**
   * ---- fleet queries
   */
  GetFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  GetFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  GetFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  GetFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  /**
   * ---- fleet queries
   */
  getFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  getFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  getFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  getFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  
  GetInspectionReport(argument: _shoumi_v1_GetInspectionReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_InspectionReport__Output>): grpc.ClientUnaryCall;
  GetInspectionReport(argument: _shoumi_v1_GetInspectionReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_InspectionReport__Output>): grpc.ClientUnaryCall;
  GetInspectionReport(argument: _shoumi_v1_GetInspectionReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_InspectionReport__Output>): grpc.ClientUnaryCall;
  GetInspectionReport(argument: _shoumi_v1_GetInspectionReportRequest, callback: grpc.requestCallback<_shoumi_v1_InspectionReport__Output>): grpc.ClientUnaryCall;
  getInspectionReport(argument: _shoumi_v1_GetInspectionReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_InspectionReport__Output>): grpc.ClientUnaryCall;
  getInspectionReport(argument: _shoumi_v1_GetInspectionReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_InspectionReport__Output>): grpc.ClientUnaryCall;
  getInspectionReport(argument: _shoumi_v1_GetInspectionReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_InspectionReport__Output>): grpc.ClientUnaryCall;
  getInspectionReport(argument: _shoumi_v1_GetInspectionReportRequest, callback: grpc.requestCallback<_shoumi_v1_InspectionReport__Output>): grpc.ClientUnaryCall;
  
  GetSweep(argument: _shoumi_v1_GetSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _shoumi_v1_GetSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _shoumi_v1_GetSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  GetSweep(argument: _shoumi_v1_GetSweepRequest, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _shoumi_v1_GetSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _shoumi_v1_GetSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _shoumi_v1_GetSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  getSweep(argument: _shoumi_v1_GetSweepRequest, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  
  /**
   * The whole CSV is validated first; nothing is written unless every row is good.
   */
  ImportLedger(argument: _shoumi_v1_ImportLedgerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ImportLedgerResponse__Output>): grpc.ClientUnaryCall;
  ImportLedger(argument: _shoumi_v1_ImportLedgerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ImportLedgerResponse__Output>): grpc.ClientUnaryCall;
  ImportLedger(argument: _shoumi_v1_ImportLedgerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ImportLedgerResponse__Output>): grpc.ClientUnaryCall;
  ImportLedger(argument: _shoumi_v1_ImportLedgerRequest, callback: grpc.requestCallback<_shoumi_v1_ImportLedgerResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The whole CSV is validated first; nothing is written unless every row is good.
   */
  importLedger(argument: _shoumi_v1_ImportLedgerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ImportLedgerResponse__Output>): grpc.ClientUnaryCall;
  importLedger(argument: _shoumi_v1_ImportLedgerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ImportLedgerResponse__Output>): grpc.ClientUnaryCall;
  importLedger(argument: _shoumi_v1_ImportLedgerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ImportLedgerResponse__Output>): grpc.ClientUnaryCall;
  importLedger(argument: _shoumi_v1_ImportLedgerRequest, callback: grpc.requestCallback<_shoumi_v1_ImportLedgerResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * A signed code that lets `shoumi-agent uninstall` remove the agent from that device, checked offline.
   */
  IssueUninstallCode(argument: _shoumi_v1_IssueUninstallCodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssueUninstallCodeResponse__Output>): grpc.ClientUnaryCall;
  IssueUninstallCode(argument: _shoumi_v1_IssueUninstallCodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_IssueUninstallCodeResponse__Output>): grpc.ClientUnaryCall;
  IssueUninstallCode(argument: _shoumi_v1_IssueUninstallCodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssueUninstallCodeResponse__Output>): grpc.ClientUnaryCall;
  IssueUninstallCode(argument: _shoumi_v1_IssueUninstallCodeRequest, callback: grpc.requestCallback<_shoumi_v1_IssueUninstallCodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * A signed code that lets `shoumi-agent uninstall` remove the agent from that device, checked offline.
   */
  issueUninstallCode(argument: _shoumi_v1_IssueUninstallCodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssueUninstallCodeResponse__Output>): grpc.ClientUnaryCall;
  issueUninstallCode(argument: _shoumi_v1_IssueUninstallCodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_IssueUninstallCodeResponse__Output>): grpc.ClientUnaryCall;
  issueUninstallCode(argument: _shoumi_v1_IssueUninstallCodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssueUninstallCodeResponse__Output>): grpc.ClientUnaryCall;
  issueUninstallCode(argument: _shoumi_v1_IssueUninstallCodeRequest, callback: grpc.requestCallback<_shoumi_v1_IssueUninstallCodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ---- audit trail (read-only: reading and verifying append nothing)
   */
  ListAudit(argument: _shoumi_v1_ListAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _shoumi_v1_ListAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _shoumi_v1_ListAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  ListAudit(argument: _shoumi_v1_ListAuditRequest, callback: grpc.requestCallback<_shoumi_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ---- audit trail (read-only: reading and verifying append nothing)
   */
  listAudit(argument: _shoumi_v1_ListAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _shoumi_v1_ListAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _shoumi_v1_ListAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  listAudit(argument: _shoumi_v1_ListAuditRequest, callback: grpc.requestCallback<_shoumi_v1_ListAuditResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The seals stored, newest first (auditor's and collector's), each with the position it covers.
   */
  ListAuditSeals(argument: _shoumi_v1_ListAuditSealsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListAuditSealsResponse__Output>): grpc.ClientUnaryCall;
  ListAuditSeals(argument: _shoumi_v1_ListAuditSealsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListAuditSealsResponse__Output>): grpc.ClientUnaryCall;
  ListAuditSeals(argument: _shoumi_v1_ListAuditSealsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListAuditSealsResponse__Output>): grpc.ClientUnaryCall;
  ListAuditSeals(argument: _shoumi_v1_ListAuditSealsRequest, callback: grpc.requestCallback<_shoumi_v1_ListAuditSealsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * The seals stored, newest first (auditor's and collector's), each with the position it covers.
   */
  listAuditSeals(argument: _shoumi_v1_ListAuditSealsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListAuditSealsResponse__Output>): grpc.ClientUnaryCall;
  listAuditSeals(argument: _shoumi_v1_ListAuditSealsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListAuditSealsResponse__Output>): grpc.ClientUnaryCall;
  listAuditSeals(argument: _shoumi_v1_ListAuditSealsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListAuditSealsResponse__Output>): grpc.ClientUnaryCall;
  listAuditSeals(argument: _shoumi_v1_ListAuditSealsRequest, callback: grpc.requestCallback<_shoumi_v1_ListAuditSealsResponse__Output>): grpc.ClientUnaryCall;
  
  ListCertificates(argument: _shoumi_v1_ListCertificatesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListCertificatesResponse__Output>): grpc.ClientUnaryCall;
  ListCertificates(argument: _shoumi_v1_ListCertificatesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListCertificatesResponse__Output>): grpc.ClientUnaryCall;
  ListCertificates(argument: _shoumi_v1_ListCertificatesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListCertificatesResponse__Output>): grpc.ClientUnaryCall;
  ListCertificates(argument: _shoumi_v1_ListCertificatesRequest, callback: grpc.requestCallback<_shoumi_v1_ListCertificatesResponse__Output>): grpc.ClientUnaryCall;
  listCertificates(argument: _shoumi_v1_ListCertificatesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListCertificatesResponse__Output>): grpc.ClientUnaryCall;
  listCertificates(argument: _shoumi_v1_ListCertificatesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListCertificatesResponse__Output>): grpc.ClientUnaryCall;
  listCertificates(argument: _shoumi_v1_ListCertificatesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListCertificatesResponse__Output>): grpc.ClientUnaryCall;
  listCertificates(argument: _shoumi_v1_ListCertificatesRequest, callback: grpc.requestCallback<_shoumi_v1_ListCertificatesResponse__Output>): grpc.ClientUnaryCall;
  
  ListDevices(argument: _shoumi_v1_ListDevicesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  ListDevices(argument: _shoumi_v1_ListDevicesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  ListDevices(argument: _shoumi_v1_ListDevicesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  ListDevices(argument: _shoumi_v1_ListDevicesRequest, callback: grpc.requestCallback<_shoumi_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  listDevices(argument: _shoumi_v1_ListDevicesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  listDevices(argument: _shoumi_v1_ListDevicesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  listDevices(argument: _shoumi_v1_ListDevicesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  listDevices(argument: _shoumi_v1_ListDevicesRequest, callback: grpc.requestCallback<_shoumi_v1_ListDevicesResponse__Output>): grpc.ClientUnaryCall;
  
  ListFindings(argument: _shoumi_v1_ListFindingsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListFindingsResponse__Output>): grpc.ClientUnaryCall;
  ListFindings(argument: _shoumi_v1_ListFindingsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListFindingsResponse__Output>): grpc.ClientUnaryCall;
  ListFindings(argument: _shoumi_v1_ListFindingsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListFindingsResponse__Output>): grpc.ClientUnaryCall;
  ListFindings(argument: _shoumi_v1_ListFindingsRequest, callback: grpc.requestCallback<_shoumi_v1_ListFindingsResponse__Output>): grpc.ClientUnaryCall;
  listFindings(argument: _shoumi_v1_ListFindingsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListFindingsResponse__Output>): grpc.ClientUnaryCall;
  listFindings(argument: _shoumi_v1_ListFindingsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListFindingsResponse__Output>): grpc.ClientUnaryCall;
  listFindings(argument: _shoumi_v1_ListFindingsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListFindingsResponse__Output>): grpc.ClientUnaryCall;
  listFindings(argument: _shoumi_v1_ListFindingsRequest, callback: grpc.requestCallback<_shoumi_v1_ListFindingsResponse__Output>): grpc.ClientUnaryCall;
  
  ListMedia(argument: _shoumi_v1_ListMediaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListMediaResponse__Output>): grpc.ClientUnaryCall;
  ListMedia(argument: _shoumi_v1_ListMediaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListMediaResponse__Output>): grpc.ClientUnaryCall;
  ListMedia(argument: _shoumi_v1_ListMediaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListMediaResponse__Output>): grpc.ClientUnaryCall;
  ListMedia(argument: _shoumi_v1_ListMediaRequest, callback: grpc.requestCallback<_shoumi_v1_ListMediaResponse__Output>): grpc.ClientUnaryCall;
  listMedia(argument: _shoumi_v1_ListMediaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListMediaResponse__Output>): grpc.ClientUnaryCall;
  listMedia(argument: _shoumi_v1_ListMediaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListMediaResponse__Output>): grpc.ClientUnaryCall;
  listMedia(argument: _shoumi_v1_ListMediaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListMediaResponse__Output>): grpc.ClientUnaryCall;
  listMedia(argument: _shoumi_v1_ListMediaRequest, callback: grpc.requestCallback<_shoumi_v1_ListMediaResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ---- any role: the policy in force, rule by rule (admin_rules.proto)
   */
  ListRules(argument: _shoumi_v1_ListRulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListRulesResponse__Output>): grpc.ClientUnaryCall;
  ListRules(argument: _shoumi_v1_ListRulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListRulesResponse__Output>): grpc.ClientUnaryCall;
  ListRules(argument: _shoumi_v1_ListRulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListRulesResponse__Output>): grpc.ClientUnaryCall;
  ListRules(argument: _shoumi_v1_ListRulesRequest, callback: grpc.requestCallback<_shoumi_v1_ListRulesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ---- any role: the policy in force, rule by rule (admin_rules.proto)
   */
  listRules(argument: _shoumi_v1_ListRulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListRulesResponse__Output>): grpc.ClientUnaryCall;
  listRules(argument: _shoumi_v1_ListRulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListRulesResponse__Output>): grpc.ClientUnaryCall;
  listRules(argument: _shoumi_v1_ListRulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListRulesResponse__Output>): grpc.ClientUnaryCall;
  listRules(argument: _shoumi_v1_ListRulesRequest, callback: grpc.requestCallback<_shoumi_v1_ListRulesResponse__Output>): grpc.ClientUnaryCall;
  
  ListSweepSchedules(argument: _shoumi_v1_ListSweepSchedulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListSweepSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSweepSchedules(argument: _shoumi_v1_ListSweepSchedulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListSweepSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSweepSchedules(argument: _shoumi_v1_ListSweepSchedulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListSweepSchedulesResponse__Output>): grpc.ClientUnaryCall;
  ListSweepSchedules(argument: _shoumi_v1_ListSweepSchedulesRequest, callback: grpc.requestCallback<_shoumi_v1_ListSweepSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSweepSchedules(argument: _shoumi_v1_ListSweepSchedulesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListSweepSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSweepSchedules(argument: _shoumi_v1_ListSweepSchedulesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListSweepSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSweepSchedules(argument: _shoumi_v1_ListSweepSchedulesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListSweepSchedulesResponse__Output>): grpc.ClientUnaryCall;
  listSweepSchedules(argument: _shoumi_v1_ListSweepSchedulesRequest, callback: grpc.requestCallback<_shoumi_v1_ListSweepSchedulesResponse__Output>): grpc.ClientUnaryCall;
  
  ListSweeps(argument: _shoumi_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _shoumi_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _shoumi_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  ListSweeps(argument: _shoumi_v1_ListSweepsRequest, callback: grpc.requestCallback<_shoumi_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _shoumi_v1_ListSweepsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _shoumi_v1_ListSweepsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _shoumi_v1_ListSweepsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  listSweeps(argument: _shoumi_v1_ListSweepsRequest, callback: grpc.requestCallback<_shoumi_v1_ListSweepsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ---- dispositions and inspection records (3.12.2)
   */
  MarkFinding(argument: _shoumi_v1_MarkFindingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_Disposition__Output>): grpc.ClientUnaryCall;
  MarkFinding(argument: _shoumi_v1_MarkFindingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_Disposition__Output>): grpc.ClientUnaryCall;
  MarkFinding(argument: _shoumi_v1_MarkFindingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_Disposition__Output>): grpc.ClientUnaryCall;
  MarkFinding(argument: _shoumi_v1_MarkFindingRequest, callback: grpc.requestCallback<_shoumi_v1_Disposition__Output>): grpc.ClientUnaryCall;
  /**
   * ---- dispositions and inspection records (3.12.2)
   */
  markFinding(argument: _shoumi_v1_MarkFindingRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_Disposition__Output>): grpc.ClientUnaryCall;
  markFinding(argument: _shoumi_v1_MarkFindingRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_Disposition__Output>): grpc.ClientUnaryCall;
  markFinding(argument: _shoumi_v1_MarkFindingRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_Disposition__Output>): grpc.ClientUnaryCall;
  markFinding(argument: _shoumi_v1_MarkFindingRequest, callback: grpc.requestCallback<_shoumi_v1_Disposition__Output>): grpc.ClientUnaryCall;
  
  /**
   * ---- registered removable media (3.7.3, 3.7.4)
   */
  RegisterMedium(argument: _shoumi_v1_RegisterMediumRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  RegisterMedium(argument: _shoumi_v1_RegisterMediumRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  RegisterMedium(argument: _shoumi_v1_RegisterMediumRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  RegisterMedium(argument: _shoumi_v1_RegisterMediumRequest, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  /**
   * ---- registered removable media (3.7.3, 3.7.4)
   */
  registerMedium(argument: _shoumi_v1_RegisterMediumRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  registerMedium(argument: _shoumi_v1_RegisterMediumRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  registerMedium(argument: _shoumi_v1_RegisterMediumRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  registerMedium(argument: _shoumi_v1_RegisterMediumRequest, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  
  /**
   * Refuses an administrator's certificates from the next call on (a person leaving, a lost identity).
   */
  RevokeAdmin(argument: _shoumi_v1_RevokeAdminRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_RevokeAdminResponse__Output>): grpc.ClientUnaryCall;
  RevokeAdmin(argument: _shoumi_v1_RevokeAdminRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_RevokeAdminResponse__Output>): grpc.ClientUnaryCall;
  RevokeAdmin(argument: _shoumi_v1_RevokeAdminRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_RevokeAdminResponse__Output>): grpc.ClientUnaryCall;
  RevokeAdmin(argument: _shoumi_v1_RevokeAdminRequest, callback: grpc.requestCallback<_shoumi_v1_RevokeAdminResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Refuses an administrator's certificates from the next call on (a person leaving, a lost identity).
   */
  revokeAdmin(argument: _shoumi_v1_RevokeAdminRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_RevokeAdminResponse__Output>): grpc.ClientUnaryCall;
  revokeAdmin(argument: _shoumi_v1_RevokeAdminRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_RevokeAdminResponse__Output>): grpc.ClientUnaryCall;
  revokeAdmin(argument: _shoumi_v1_RevokeAdminRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_RevokeAdminResponse__Output>): grpc.ClientUnaryCall;
  revokeAdmin(argument: _shoumi_v1_RevokeAdminRequest, callback: grpc.requestCallback<_shoumi_v1_RevokeAdminResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Refuses the device's certificates from the next connection on and cuts its live stream at once.
   */
  RevokeDevice(argument: _shoumi_v1_RevokeDeviceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_RevokeDeviceResponse__Output>): grpc.ClientUnaryCall;
  RevokeDevice(argument: _shoumi_v1_RevokeDeviceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_RevokeDeviceResponse__Output>): grpc.ClientUnaryCall;
  RevokeDevice(argument: _shoumi_v1_RevokeDeviceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_RevokeDeviceResponse__Output>): grpc.ClientUnaryCall;
  RevokeDevice(argument: _shoumi_v1_RevokeDeviceRequest, callback: grpc.requestCallback<_shoumi_v1_RevokeDeviceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Refuses the device's certificates from the next connection on and cuts its live stream at once.
   */
  revokeDevice(argument: _shoumi_v1_RevokeDeviceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_RevokeDeviceResponse__Output>): grpc.ClientUnaryCall;
  revokeDevice(argument: _shoumi_v1_RevokeDeviceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_RevokeDeviceResponse__Output>): grpc.ClientUnaryCall;
  revokeDevice(argument: _shoumi_v1_RevokeDeviceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_RevokeDeviceResponse__Output>): grpc.ClientUnaryCall;
  revokeDevice(argument: _shoumi_v1_RevokeDeviceRequest, callback: grpc.requestCallback<_shoumi_v1_RevokeDeviceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ---- fleet-wide sweeps
   */
  RunSweep(argument: _shoumi_v1_RunSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  RunSweep(argument: _shoumi_v1_RunSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  RunSweep(argument: _shoumi_v1_RunSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  RunSweep(argument: _shoumi_v1_RunSweepRequest, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  /**
   * ---- fleet-wide sweeps
   */
  runSweep(argument: _shoumi_v1_RunSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  runSweep(argument: _shoumi_v1_RunSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  runSweep(argument: _shoumi_v1_RunSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  runSweep(argument: _shoumi_v1_RunSweepRequest, callback: grpc.requestCallback<_shoumi_v1_SweepStatus__Output>): grpc.ClientUnaryCall;
  
  ScheduleSweep(argument: _shoumi_v1_ScheduleSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  ScheduleSweep(argument: _shoumi_v1_ScheduleSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  ScheduleSweep(argument: _shoumi_v1_ScheduleSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  ScheduleSweep(argument: _shoumi_v1_ScheduleSweepRequest, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  scheduleSweep(argument: _shoumi_v1_ScheduleSweepRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  scheduleSweep(argument: _shoumi_v1_ScheduleSweepRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  scheduleSweep(argument: _shoumi_v1_ScheduleSweepRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  scheduleSweep(argument: _shoumi_v1_ScheduleSweepRequest, callback: grpc.requestCallback<_shoumi_v1_SweepSchedule__Output>): grpc.ClientUnaryCall;
  
  /**
   * Stores a seal the auditor signed with their own key (auditor only), with an audit.sealed record.
   */
  SealAudit(argument: _shoumi_v1_SealAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SealAuditResponse__Output>): grpc.ClientUnaryCall;
  SealAudit(argument: _shoumi_v1_SealAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_SealAuditResponse__Output>): grpc.ClientUnaryCall;
  SealAudit(argument: _shoumi_v1_SealAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SealAuditResponse__Output>): grpc.ClientUnaryCall;
  SealAudit(argument: _shoumi_v1_SealAuditRequest, callback: grpc.requestCallback<_shoumi_v1_SealAuditResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Stores a seal the auditor signed with their own key (auditor only), with an audit.sealed record.
   */
  sealAudit(argument: _shoumi_v1_SealAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SealAuditResponse__Output>): grpc.ClientUnaryCall;
  sealAudit(argument: _shoumi_v1_SealAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_SealAuditResponse__Output>): grpc.ClientUnaryCall;
  sealAudit(argument: _shoumi_v1_SealAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_SealAuditResponse__Output>): grpc.ClientUnaryCall;
  sealAudit(argument: _shoumi_v1_SealAuditRequest, callback: grpc.requestCallback<_shoumi_v1_SealAuditResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * retire | lost | in_use again
   */
  SetMediumStatus(argument: _shoumi_v1_SetMediumStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  SetMediumStatus(argument: _shoumi_v1_SetMediumStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  SetMediumStatus(argument: _shoumi_v1_SetMediumStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  SetMediumStatus(argument: _shoumi_v1_SetMediumStatusRequest, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  /**
   * retire | lost | in_use again
   */
  setMediumStatus(argument: _shoumi_v1_SetMediumStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  setMediumStatus(argument: _shoumi_v1_SetMediumStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  setMediumStatus(argument: _shoumi_v1_SetMediumStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  setMediumStatus(argument: _shoumi_v1_SetMediumStatusRequest, callback: grpc.requestCallback<_shoumi_v1_MediumRecord__Output>): grpc.ClientUnaryCall;
  
  UpdateDevice(argument: _shoumi_v1_UpdateDeviceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_DeviceSummary__Output>): grpc.ClientUnaryCall;
  UpdateDevice(argument: _shoumi_v1_UpdateDeviceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_DeviceSummary__Output>): grpc.ClientUnaryCall;
  UpdateDevice(argument: _shoumi_v1_UpdateDeviceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_DeviceSummary__Output>): grpc.ClientUnaryCall;
  UpdateDevice(argument: _shoumi_v1_UpdateDeviceRequest, callback: grpc.requestCallback<_shoumi_v1_DeviceSummary__Output>): grpc.ClientUnaryCall;
  updateDevice(argument: _shoumi_v1_UpdateDeviceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_DeviceSummary__Output>): grpc.ClientUnaryCall;
  updateDevice(argument: _shoumi_v1_UpdateDeviceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_DeviceSummary__Output>): grpc.ClientUnaryCall;
  updateDevice(argument: _shoumi_v1_UpdateDeviceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_DeviceSummary__Output>): grpc.ClientUnaryCall;
  updateDevice(argument: _shoumi_v1_UpdateDeviceRequest, callback: grpc.requestCallback<_shoumi_v1_DeviceSummary__Output>): grpc.ClientUnaryCall;
  
  /**
   * Recomputes the chain from position 1 and names the first broken record.
   */
  VerifyAudit(argument: _shoumi_v1_VerifyAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_VerifyAuditResponse__Output>): grpc.ClientUnaryCall;
  VerifyAudit(argument: _shoumi_v1_VerifyAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_VerifyAuditResponse__Output>): grpc.ClientUnaryCall;
  VerifyAudit(argument: _shoumi_v1_VerifyAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_VerifyAuditResponse__Output>): grpc.ClientUnaryCall;
  VerifyAudit(argument: _shoumi_v1_VerifyAuditRequest, callback: grpc.requestCallback<_shoumi_v1_VerifyAuditResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Recomputes the chain from position 1 and names the first broken record.
   */
  verifyAudit(argument: _shoumi_v1_VerifyAuditRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_VerifyAuditResponse__Output>): grpc.ClientUnaryCall;
  verifyAudit(argument: _shoumi_v1_VerifyAuditRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_VerifyAuditResponse__Output>): grpc.ClientUnaryCall;
  verifyAudit(argument: _shoumi_v1_VerifyAuditRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_VerifyAuditResponse__Output>): grpc.ClientUnaryCall;
  verifyAudit(argument: _shoumi_v1_VerifyAuditRequest, callback: grpc.requestCallback<_shoumi_v1_VerifyAuditResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * ---- any role: who the collector takes the caller for
   */
  WhoAmI(argument: _shoumi_v1_WhoAmIRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_WhoAmIResponse__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _shoumi_v1_WhoAmIRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_WhoAmIResponse__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _shoumi_v1_WhoAmIRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_WhoAmIResponse__Output>): grpc.ClientUnaryCall;
  WhoAmI(argument: _shoumi_v1_WhoAmIRequest, callback: grpc.requestCallback<_shoumi_v1_WhoAmIResponse__Output>): grpc.ClientUnaryCall;
  /**
   * ---- any role: who the collector takes the caller for
   */
  whoAmI(argument: _shoumi_v1_WhoAmIRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_WhoAmIResponse__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _shoumi_v1_WhoAmIRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_WhoAmIResponse__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _shoumi_v1_WhoAmIRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_WhoAmIResponse__Output>): grpc.ClientUnaryCall;
  whoAmI(argument: _shoumi_v1_WhoAmIRequest, callback: grpc.requestCallback<_shoumi_v1_WhoAmIResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * ---- trust: enrolment and certificates (system administrator)
   */
  CreateEnrolmentTokens: grpc.handleUnaryCall<_shoumi_v1_CreateEnrolmentTokensRequest__Output, _shoumi_v1_CreateEnrolmentTokensResponse>;
  
  DeleteSweepSchedule: grpc.handleUnaryCall<_shoumi_v1_DeleteSweepScheduleRequest__Output, _shoumi_v1_SweepSchedule>;
  
  ExportLedger: grpc.handleUnaryCall<_shoumi_v1_ExportLedgerRequest__Output, _shoumi_v1_ExportLedgerResponse>;
  
  GetAuditDigest: grpc.handleUnaryCall<_shoumi_v1_GetAuditDigestRequest__Output, _shoumi_v1_GetAuditDigestResponse>;
  
  /**
   * Day by day over the last N days: the fleet's compliance as it stood at the end of each day (the console's
   * trend). Days the collector did not run are absent, never guessed.
   */
  GetComplianceTrend: grpc.handleUnaryCall<_shoumi_v1_GetComplianceTrendRequest__Output, _shoumi_v1_GetComplianceTrendResponse>;
  
  /**
   * ---- ledger (台帐, 3.7.2)
   */
  GetDevice: grpc.handleUnaryCall<_shoumi_v1_GetDeviceRequest__Output, _shoumi_v1_DeviceDetail>;
  
  /**
   * ---- fleet queries
   */
  GetFleetStatus: grpc.handleUnaryCall<_shoumi_v1_GetFleetStatusRequest__Output, _shoumi_v1_FleetStatus>;
  
  GetInspectionReport: grpc.handleUnaryCall<_shoumi_v1_GetInspectionReportRequest__Output, _shoumi_v1_InspectionReport>;
  
  GetSweep: grpc.handleUnaryCall<_shoumi_v1_GetSweepRequest__Output, _shoumi_v1_SweepStatus>;
  
  /**
   * The whole CSV is validated first; nothing is written unless every row is good.
   */
  ImportLedger: grpc.handleUnaryCall<_shoumi_v1_ImportLedgerRequest__Output, _shoumi_v1_ImportLedgerResponse>;
  
  /**
   * A signed code that lets `shoumi-agent uninstall` remove the agent from that device, checked offline.
   */
  IssueUninstallCode: grpc.handleUnaryCall<_shoumi_v1_IssueUninstallCodeRequest__Output, _shoumi_v1_IssueUninstallCodeResponse>;
  
  /**
   * ---- audit trail (read-only: reading and verifying append nothing)
   */
  ListAudit: grpc.handleUnaryCall<_shoumi_v1_ListAuditRequest__Output, _shoumi_v1_ListAuditResponse>;
  
  /**
   * The seals stored, newest first (auditor's and collector's), each with the position it covers.
   */
  ListAuditSeals: grpc.handleUnaryCall<_shoumi_v1_ListAuditSealsRequest__Output, _shoumi_v1_ListAuditSealsResponse>;
  
  ListCertificates: grpc.handleUnaryCall<_shoumi_v1_ListCertificatesRequest__Output, _shoumi_v1_ListCertificatesResponse>;
  
  ListDevices: grpc.handleUnaryCall<_shoumi_v1_ListDevicesRequest__Output, _shoumi_v1_ListDevicesResponse>;
  
  ListFindings: grpc.handleUnaryCall<_shoumi_v1_ListFindingsRequest__Output, _shoumi_v1_ListFindingsResponse>;
  
  ListMedia: grpc.handleUnaryCall<_shoumi_v1_ListMediaRequest__Output, _shoumi_v1_ListMediaResponse>;
  
  /**
   * ---- any role: the policy in force, rule by rule (admin_rules.proto)
   */
  ListRules: grpc.handleUnaryCall<_shoumi_v1_ListRulesRequest__Output, _shoumi_v1_ListRulesResponse>;
  
  ListSweepSchedules: grpc.handleUnaryCall<_shoumi_v1_ListSweepSchedulesRequest__Output, _shoumi_v1_ListSweepSchedulesResponse>;
  
  ListSweeps: grpc.handleUnaryCall<_shoumi_v1_ListSweepsRequest__Output, _shoumi_v1_ListSweepsResponse>;
  
  /**
   * ---- dispositions and inspection records (3.12.2)
   */
  MarkFinding: grpc.handleUnaryCall<_shoumi_v1_MarkFindingRequest__Output, _shoumi_v1_Disposition>;
  
  /**
   * ---- registered removable media (3.7.3, 3.7.4)
   */
  RegisterMedium: grpc.handleUnaryCall<_shoumi_v1_RegisterMediumRequest__Output, _shoumi_v1_MediumRecord>;
  
  /**
   * Refuses an administrator's certificates from the next call on (a person leaving, a lost identity).
   */
  RevokeAdmin: grpc.handleUnaryCall<_shoumi_v1_RevokeAdminRequest__Output, _shoumi_v1_RevokeAdminResponse>;
  
  /**
   * Refuses the device's certificates from the next connection on and cuts its live stream at once.
   */
  RevokeDevice: grpc.handleUnaryCall<_shoumi_v1_RevokeDeviceRequest__Output, _shoumi_v1_RevokeDeviceResponse>;
  
  /**
   * ---- fleet-wide sweeps
   */
  RunSweep: grpc.handleUnaryCall<_shoumi_v1_RunSweepRequest__Output, _shoumi_v1_SweepStatus>;
  
  ScheduleSweep: grpc.handleUnaryCall<_shoumi_v1_ScheduleSweepRequest__Output, _shoumi_v1_SweepSchedule>;
  
  /**
   * Stores a seal the auditor signed with their own key (auditor only), with an audit.sealed record.
   */
  SealAudit: grpc.handleUnaryCall<_shoumi_v1_SealAuditRequest__Output, _shoumi_v1_SealAuditResponse>;
  
  /**
   * retire | lost | in_use again
   */
  SetMediumStatus: grpc.handleUnaryCall<_shoumi_v1_SetMediumStatusRequest__Output, _shoumi_v1_MediumRecord>;
  
  UpdateDevice: grpc.handleUnaryCall<_shoumi_v1_UpdateDeviceRequest__Output, _shoumi_v1_DeviceSummary>;
  
  /**
   * Recomputes the chain from position 1 and names the first broken record.
   */
  VerifyAudit: grpc.handleUnaryCall<_shoumi_v1_VerifyAuditRequest__Output, _shoumi_v1_VerifyAuditResponse>;
  
  /**
   * ---- any role: who the collector takes the caller for
   */
  WhoAmI: grpc.handleUnaryCall<_shoumi_v1_WhoAmIRequest__Output, _shoumi_v1_WhoAmIResponse>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  CreateEnrolmentTokens: MethodDefinition<_shoumi_v1_CreateEnrolmentTokensRequest, _shoumi_v1_CreateEnrolmentTokensResponse, _shoumi_v1_CreateEnrolmentTokensRequest__Output, _shoumi_v1_CreateEnrolmentTokensResponse__Output>
  DeleteSweepSchedule: MethodDefinition<_shoumi_v1_DeleteSweepScheduleRequest, _shoumi_v1_SweepSchedule, _shoumi_v1_DeleteSweepScheduleRequest__Output, _shoumi_v1_SweepSchedule__Output>
  ExportLedger: MethodDefinition<_shoumi_v1_ExportLedgerRequest, _shoumi_v1_ExportLedgerResponse, _shoumi_v1_ExportLedgerRequest__Output, _shoumi_v1_ExportLedgerResponse__Output>
  GetAuditDigest: MethodDefinition<_shoumi_v1_GetAuditDigestRequest, _shoumi_v1_GetAuditDigestResponse, _shoumi_v1_GetAuditDigestRequest__Output, _shoumi_v1_GetAuditDigestResponse__Output>
  GetComplianceTrend: MethodDefinition<_shoumi_v1_GetComplianceTrendRequest, _shoumi_v1_GetComplianceTrendResponse, _shoumi_v1_GetComplianceTrendRequest__Output, _shoumi_v1_GetComplianceTrendResponse__Output>
  GetDevice: MethodDefinition<_shoumi_v1_GetDeviceRequest, _shoumi_v1_DeviceDetail, _shoumi_v1_GetDeviceRequest__Output, _shoumi_v1_DeviceDetail__Output>
  GetFleetStatus: MethodDefinition<_shoumi_v1_GetFleetStatusRequest, _shoumi_v1_FleetStatus, _shoumi_v1_GetFleetStatusRequest__Output, _shoumi_v1_FleetStatus__Output>
  GetInspectionReport: MethodDefinition<_shoumi_v1_GetInspectionReportRequest, _shoumi_v1_InspectionReport, _shoumi_v1_GetInspectionReportRequest__Output, _shoumi_v1_InspectionReport__Output>
  GetSweep: MethodDefinition<_shoumi_v1_GetSweepRequest, _shoumi_v1_SweepStatus, _shoumi_v1_GetSweepRequest__Output, _shoumi_v1_SweepStatus__Output>
  ImportLedger: MethodDefinition<_shoumi_v1_ImportLedgerRequest, _shoumi_v1_ImportLedgerResponse, _shoumi_v1_ImportLedgerRequest__Output, _shoumi_v1_ImportLedgerResponse__Output>
  IssueUninstallCode: MethodDefinition<_shoumi_v1_IssueUninstallCodeRequest, _shoumi_v1_IssueUninstallCodeResponse, _shoumi_v1_IssueUninstallCodeRequest__Output, _shoumi_v1_IssueUninstallCodeResponse__Output>
  ListAudit: MethodDefinition<_shoumi_v1_ListAuditRequest, _shoumi_v1_ListAuditResponse, _shoumi_v1_ListAuditRequest__Output, _shoumi_v1_ListAuditResponse__Output>
  ListAuditSeals: MethodDefinition<_shoumi_v1_ListAuditSealsRequest, _shoumi_v1_ListAuditSealsResponse, _shoumi_v1_ListAuditSealsRequest__Output, _shoumi_v1_ListAuditSealsResponse__Output>
  ListCertificates: MethodDefinition<_shoumi_v1_ListCertificatesRequest, _shoumi_v1_ListCertificatesResponse, _shoumi_v1_ListCertificatesRequest__Output, _shoumi_v1_ListCertificatesResponse__Output>
  ListDevices: MethodDefinition<_shoumi_v1_ListDevicesRequest, _shoumi_v1_ListDevicesResponse, _shoumi_v1_ListDevicesRequest__Output, _shoumi_v1_ListDevicesResponse__Output>
  ListFindings: MethodDefinition<_shoumi_v1_ListFindingsRequest, _shoumi_v1_ListFindingsResponse, _shoumi_v1_ListFindingsRequest__Output, _shoumi_v1_ListFindingsResponse__Output>
  ListMedia: MethodDefinition<_shoumi_v1_ListMediaRequest, _shoumi_v1_ListMediaResponse, _shoumi_v1_ListMediaRequest__Output, _shoumi_v1_ListMediaResponse__Output>
  ListRules: MethodDefinition<_shoumi_v1_ListRulesRequest, _shoumi_v1_ListRulesResponse, _shoumi_v1_ListRulesRequest__Output, _shoumi_v1_ListRulesResponse__Output>
  ListSweepSchedules: MethodDefinition<_shoumi_v1_ListSweepSchedulesRequest, _shoumi_v1_ListSweepSchedulesResponse, _shoumi_v1_ListSweepSchedulesRequest__Output, _shoumi_v1_ListSweepSchedulesResponse__Output>
  ListSweeps: MethodDefinition<_shoumi_v1_ListSweepsRequest, _shoumi_v1_ListSweepsResponse, _shoumi_v1_ListSweepsRequest__Output, _shoumi_v1_ListSweepsResponse__Output>
  MarkFinding: MethodDefinition<_shoumi_v1_MarkFindingRequest, _shoumi_v1_Disposition, _shoumi_v1_MarkFindingRequest__Output, _shoumi_v1_Disposition__Output>
  RegisterMedium: MethodDefinition<_shoumi_v1_RegisterMediumRequest, _shoumi_v1_MediumRecord, _shoumi_v1_RegisterMediumRequest__Output, _shoumi_v1_MediumRecord__Output>
  RevokeAdmin: MethodDefinition<_shoumi_v1_RevokeAdminRequest, _shoumi_v1_RevokeAdminResponse, _shoumi_v1_RevokeAdminRequest__Output, _shoumi_v1_RevokeAdminResponse__Output>
  RevokeDevice: MethodDefinition<_shoumi_v1_RevokeDeviceRequest, _shoumi_v1_RevokeDeviceResponse, _shoumi_v1_RevokeDeviceRequest__Output, _shoumi_v1_RevokeDeviceResponse__Output>
  RunSweep: MethodDefinition<_shoumi_v1_RunSweepRequest, _shoumi_v1_SweepStatus, _shoumi_v1_RunSweepRequest__Output, _shoumi_v1_SweepStatus__Output>
  ScheduleSweep: MethodDefinition<_shoumi_v1_ScheduleSweepRequest, _shoumi_v1_SweepSchedule, _shoumi_v1_ScheduleSweepRequest__Output, _shoumi_v1_SweepSchedule__Output>
  SealAudit: MethodDefinition<_shoumi_v1_SealAuditRequest, _shoumi_v1_SealAuditResponse, _shoumi_v1_SealAuditRequest__Output, _shoumi_v1_SealAuditResponse__Output>
  SetMediumStatus: MethodDefinition<_shoumi_v1_SetMediumStatusRequest, _shoumi_v1_MediumRecord, _shoumi_v1_SetMediumStatusRequest__Output, _shoumi_v1_MediumRecord__Output>
  UpdateDevice: MethodDefinition<_shoumi_v1_UpdateDeviceRequest, _shoumi_v1_DeviceSummary, _shoumi_v1_UpdateDeviceRequest__Output, _shoumi_v1_DeviceSummary__Output>
  VerifyAudit: MethodDefinition<_shoumi_v1_VerifyAuditRequest, _shoumi_v1_VerifyAuditResponse, _shoumi_v1_VerifyAuditRequest__Output, _shoumi_v1_VerifyAuditResponse__Output>
  WhoAmI: MethodDefinition<_shoumi_v1_WhoAmIRequest, _shoumi_v1_WhoAmIResponse, _shoumi_v1_WhoAmIRequest__Output, _shoumi_v1_WhoAmIResponse__Output>
}
