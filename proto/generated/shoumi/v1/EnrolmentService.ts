// Original file: proto/shoumi/v1/enrolment.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { EnrolRequest as _shoumi_v1_EnrolRequest, EnrolRequest__Output as _shoumi_v1_EnrolRequest__Output } from '../../shoumi/v1/EnrolRequest';
import type { IssuedCertificate as _shoumi_v1_IssuedCertificate, IssuedCertificate__Output as _shoumi_v1_IssuedCertificate__Output } from '../../shoumi/v1/IssuedCertificate';

export interface EnrolmentServiceClient extends grpc.Client {
  Enrol(argument: _shoumi_v1_EnrolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  Enrol(argument: _shoumi_v1_EnrolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  Enrol(argument: _shoumi_v1_EnrolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  Enrol(argument: _shoumi_v1_EnrolRequest, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  enrol(argument: _shoumi_v1_EnrolRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  enrol(argument: _shoumi_v1_EnrolRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  enrol(argument: _shoumi_v1_EnrolRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  enrol(argument: _shoumi_v1_EnrolRequest, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  
}

export interface EnrolmentServiceHandlers extends grpc.UntypedServiceImplementation {
  Enrol: grpc.handleUnaryCall<_shoumi_v1_EnrolRequest__Output, _shoumi_v1_IssuedCertificate>;
  
}

export interface EnrolmentServiceDefinition extends grpc.ServiceDefinition {
  Enrol: MethodDefinition<_shoumi_v1_EnrolRequest, _shoumi_v1_IssuedCertificate, _shoumi_v1_EnrolRequest__Output, _shoumi_v1_IssuedCertificate__Output>
}
