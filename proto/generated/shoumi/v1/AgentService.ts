// Original file: proto/shoumi/v1/agent.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AgentMessage as _shoumi_v1_AgentMessage, AgentMessage__Output as _shoumi_v1_AgentMessage__Output } from '../../shoumi/v1/AgentMessage';
import type { CollectorMessage as _shoumi_v1_CollectorMessage, CollectorMessage__Output as _shoumi_v1_CollectorMessage__Output } from '../../shoumi/v1/CollectorMessage';

export interface AgentServiceClient extends grpc.Client {
  Connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoumi_v1_AgentMessage, _shoumi_v1_CollectorMessage__Output>;
  Connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoumi_v1_AgentMessage, _shoumi_v1_CollectorMessage__Output>;
  connect(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoumi_v1_AgentMessage, _shoumi_v1_CollectorMessage__Output>;
  connect(options?: grpc.CallOptions): grpc.ClientDuplexStream<_shoumi_v1_AgentMessage, _shoumi_v1_CollectorMessage__Output>;
  
}

export interface AgentServiceHandlers extends grpc.UntypedServiceImplementation {
  Connect: grpc.handleBidiStreamingCall<_shoumi_v1_AgentMessage__Output, _shoumi_v1_CollectorMessage>;
  
}

export interface AgentServiceDefinition extends grpc.ServiceDefinition {
  Connect: MethodDefinition<_shoumi_v1_AgentMessage, _shoumi_v1_CollectorMessage, _shoumi_v1_AgentMessage__Output, _shoumi_v1_CollectorMessage__Output>
}
