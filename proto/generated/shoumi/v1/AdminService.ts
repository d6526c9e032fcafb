// Original file: proto/shoumi/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { FleetStatus as _shoumi_v1_FleetStatus, FleetStatus__Output as _shoumi_v1_FleetStatus__Output } from '../../shoumi/v1/FleetStatus';
import type { GetFleetStatusRequest as _shoumi_v1_GetFleetStatusRequest, GetFleetStatusRequest__Output as _shoumi_v1_GetFleetStatusRequest__Output } from '../../shoumi/v1/GetFleetStatusRequest';
import type { ListDevicesRequest as _shoumi_v1_ListDevicesRequest, ListDevicesRequest__Output as _shoumi_v1_ListDevicesRequest__Output } from '../../shoumi/v1/ListDevicesRequest';
import type { ListDevicesResponse as _shoumi_v1_ListDevicesResponse, ListDevicesResponse__Output as _shoumi_v1_ListDevicesResponse__Output } from '../../shoumi/v1/ListDevicesResponse';
import type { ListFindingsRequest as _shoumi_v1_ListFindingsRequest, ListFindingsRequest__Output as _shoumi_v1_ListFindingsRequest__Output } from '../../shoumi/v1/ListFindingsRequest';
import type { ListFindingsResponse as _shoumi_v1_ListFindingsResponse, ListFindingsResponse__Output as _shoumi_v1_ListFindingsResponse__Output } from '../../shoumi/v1/ListFindingsResponse';

export interface AdminServiceClient extends grpc.Client {
  GetFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  GetFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  GetFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  GetFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  getFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  getFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  getFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  getFleetStatus(argument: _shoumi_v1_GetFleetStatusRequest, callback: grpc.requestCallback<_shoumi_v1_FleetStatus__Output>): grpc.ClientUnaryCall;
  
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
  
}

export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  GetFleetStatus: grpc.handleUnaryCall<_shoumi_v1_GetFleetStatusRequest__Output, _shoumi_v1_FleetStatus>;
  
  ListDevices: grpc.handleUnaryCall<_shoumi_v1_ListDevicesRequest__Output, _shoumi_v1_ListDevicesResponse>;
  
  ListFindings: grpc.handleUnaryCall<_shoumi_v1_ListFindingsRequest__Output, _shoumi_v1_ListFindingsResponse>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  GetFleetStatus: MethodDefinition<_shoumi_v1_GetFleetStatusRequest, _shoumi_v1_FleetStatus, _shoumi_v1_GetFleetStatusRequest__Output, _shoumi_v1_FleetStatus__Output>
  ListDevices: MethodDefinition<_shoumi_v1_ListDevicesRequest, _shoumi_v1_ListDevicesResponse, _shoumi_v1_ListDevicesRequest__Output, _shoumi_v1_ListDevicesResponse__Output>
  ListFindings: MethodDefinition<_shoumi_v1_ListFindingsRequest, _shoumi_v1_ListFindingsResponse, _shoumi_v1_ListFindingsRequest__Output, _shoumi_v1_ListFindingsResponse__Output>
}
