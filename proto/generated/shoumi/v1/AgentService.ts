// Original file: proto/shoumi/v1/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AgentMessage as _shoumi_v1_AgentMessage, AgentMessage__Output as _shoumi_v1_AgentMessage__Output } from '../../shoumi/v1/AgentMessage';
import type { CollectorMessage as _shoumi_v1_CollectorMessage, CollectorMessage__Output as _shoumi_v1_CollectorMessage__Output } from '../../shoumi/v1/CollectorMessage';
import type { IssuedCertificate as _shoumi_v1_IssuedCertificate, IssuedCertificate__Output as _shoumi_v1_IssuedCertificate__Output } from '../../shoumi/v1/IssuedCertificate';
import type { RenewRequest as _shoumi_v1_RenewRequest, RenewRequest__Output as _shoumi_v1_RenewRequest__Output } from '../../shoumi/v1/RenewRequest';

export interface AgentServiceClient extends grpc.Client {
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoumi_v1_AgentMessage, _shoumi_v1_CollectorMessage__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoumi_v1_AgentMessage, _shoumi_v1_CollectorMessage__Output>;
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoumi_v1_AgentMessage, _shoumi_v1_CollectorMessage__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoumi_v1_AgentMessage, _shoumi_v1_CollectorMessage__Output>;
  
  /**
   * A new certificate for a new key before the current one expires. mTLS like Connect: the device id is the
   * one in the certificate presented, never one from the request.
   */
  Renew(argument: _shoumi_v1_RenewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  Renew(argument: _shoumi_v1_RenewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  Renew(argument: _shoumi_v1_RenewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  Renew(argument: _shoumi_v1_RenewRequest, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  /**
   * A new certificate for a new key before the current one expires. mTLS like Connect: the device id is the
   * one in the certificate presented, never one from the request.
   */
  renew(argument: _shoumi_v1_RenewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  renew(argument: _shoumi_v1_RenewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  renew(argument: _shoumi_v1_RenewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  renew(argument: _shoumi_v1_RenewRequest, callback: grpc.requestCallback<_shoumi_v1_IssuedCertificate__Output>): grpc.ClientUnaryCall;
  
}

export interface AgentServiceHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_shoumi_v1_AgentMessage__Output, _shoumi_v1_CollectorMessage>;
  
  /**
   * A new certificate for a new key before the current one expires. mTLS like Connect: the device id is the
   * one in the certificate presented, never one from the request.
   */
  Renew: grpc.handleUnaryCall<_shoumi_v1_RenewRequest__Output, _shoumi_v1_IssuedCertificate>;
  
}

export interface AgentServiceDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_shoumi_v1_AgentMessage, _shoumi_v1_CollectorMessage, _shoumi_v1_AgentMessage__Output, _shoumi_v1_CollectorMessage__Output>
  Renew: MethodDefinition<_shoumi_v1_RenewRequest, _shoumi_v1_IssuedCertificate, _shoumi_v1_RenewRequest__Output, _shoumi_v1_IssuedCertificate__Output>
}
