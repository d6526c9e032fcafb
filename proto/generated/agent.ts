import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Ack as _shoumi_v1_Ack, Ack__Output as _shoumi_v1_Ack__Output } from './shoumi/v1/Ack';
import type { AgentMessage as _shoumi_v1_AgentMessage, AgentMessage__Output as _shoumi_v1_AgentMessage__Output } from './shoumi/v1/AgentMessage';
import type { AgentServiceClient as _shoumi_v1_AgentServiceClient, AgentServiceDefinition as _shoumi_v1_AgentServiceDefinition } from './shoumi/v1/AgentService';
import type { CollectorMessage as _shoumi_v1_CollectorMessage, CollectorMessage__Output as _shoumi_v1_CollectorMessage__Output } from './shoumi/v1/CollectorMessage';
import type { Disk as _shoumi_v1_Disk, Disk__Output as _shoumi_v1_Disk__Output } from './shoumi/v1/Disk';
import type { EnrolRequest as _shoumi_v1_EnrolRequest, EnrolRequest__Output as _shoumi_v1_EnrolRequest__Output } from './shoumi/v1/EnrolRequest';
import type { EnrolmentServiceClient as _shoumi_v1_EnrolmentServiceClient, EnrolmentServiceDefinition as _shoumi_v1_EnrolmentServiceDefinition } from './shoumi/v1/EnrolmentService';
import type { Finding as _shoumi_v1_Finding, Finding__Output as _shoumi_v1_Finding__Output } from './shoumi/v1/Finding';
import type { FindingBatch as _shoumi_v1_FindingBatch, FindingBatch__Output as _shoumi_v1_FindingBatch__Output } from './shoumi/v1/FindingBatch';
import type { HardwareIdentity as _shoumi_v1_HardwareIdentity, HardwareIdentity__Output as _shoumi_v1_HardwareIdentity__Output } from './shoumi/v1/HardwareIdentity';
import type { Heartbeat as _shoumi_v1_Heartbeat, Heartbeat__Output as _shoumi_v1_Heartbeat__Output } from './shoumi/v1/Heartbeat';
import type { HeartbeatReply as _shoumi_v1_HeartbeatReply, HeartbeatReply__Output as _shoumi_v1_HeartbeatReply__Output } from './shoumi/v1/HeartbeatReply';
import type { Hello as _shoumi_v1_Hello, Hello__Output as _shoumi_v1_Hello__Output } from './shoumi/v1/Hello';
import type { IssuedCertificate as _shoumi_v1_IssuedCertificate, IssuedCertificate__Output as _shoumi_v1_IssuedCertificate__Output } from './shoumi/v1/IssuedCertificate';
import type { LedgerSlice as _shoumi_v1_LedgerSlice, LedgerSlice__Output as _shoumi_v1_LedgerSlice__Output } from './shoumi/v1/LedgerSlice';
import type { PolicyBundle as _shoumi_v1_PolicyBundle, PolicyBundle__Output as _shoumi_v1_PolicyBundle__Output } from './shoumi/v1/PolicyBundle';
import type { Refusal as _shoumi_v1_Refusal, Refusal__Output as _shoumi_v1_Refusal__Output } from './shoumi/v1/Refusal';
import type { RegisteredMedium as _shoumi_v1_RegisteredMedium, RegisteredMedium__Output as _shoumi_v1_RegisteredMedium__Output } from './shoumi/v1/RegisteredMedium';
import type { RenewRequest as _shoumi_v1_RenewRequest, RenewRequest__Output as _shoumi_v1_RenewRequest__Output } from './shoumi/v1/RenewRequest';
import type { SweepCommand as _shoumi_v1_SweepCommand, SweepCommand__Output as _shoumi_v1_SweepCommand__Output } from './shoumi/v1/SweepCommand';
import type { SweepResult as _shoumi_v1_SweepResult, SweepResult__Output as _shoumi_v1_SweepResult__Output } from './shoumi/v1/SweepResult';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shoumi: {
    v1: {
      Ack: MessageTypeDefinition<_shoumi_v1_Ack, _shoumi_v1_Ack__Output>
      AgentMessage: MessageTypeDefinition<_shoumi_v1_AgentMessage, _shoumi_v1_AgentMessage__Output>
      AgentService: SubtypeConstructor<typeof grpc.Client, _shoumi_v1_AgentServiceClient> & { service: _shoumi_v1_AgentServiceDefinition }
      Classification: EnumTypeDefinition
      CollectorMessage: MessageTypeDefinition<_shoumi_v1_CollectorMessage, _shoumi_v1_CollectorMessage__Output>
      Disk: MessageTypeDefinition<_shoumi_v1_Disk, _shoumi_v1_Disk__Output>
      EnrolRequest: MessageTypeDefinition<_shoumi_v1_EnrolRequest, _shoumi_v1_EnrolRequest__Output>
      EnrolmentService: SubtypeConstructor<typeof grpc.Client, _shoumi_v1_EnrolmentServiceClient> & { service: _shoumi_v1_EnrolmentServiceDefinition }
      Finding: MessageTypeDefinition<_shoumi_v1_Finding, _shoumi_v1_Finding__Output>
      FindingBatch: MessageTypeDefinition<_shoumi_v1_FindingBatch, _shoumi_v1_FindingBatch__Output>
      FindingStatus: EnumTypeDefinition
      HardwareIdentity: MessageTypeDefinition<_shoumi_v1_HardwareIdentity, _shoumi_v1_HardwareIdentity__Output>
      Heartbeat: MessageTypeDefinition<_shoumi_v1_Heartbeat, _shoumi_v1_Heartbeat__Output>
      HeartbeatReply: MessageTypeDefinition<_shoumi_v1_HeartbeatReply, _shoumi_v1_HeartbeatReply__Output>
      Hello: MessageTypeDefinition<_shoumi_v1_Hello, _shoumi_v1_Hello__Output>
      IssuedCertificate: MessageTypeDefinition<_shoumi_v1_IssuedCertificate, _shoumi_v1_IssuedCertificate__Output>
      LedgerSlice: MessageTypeDefinition<_shoumi_v1_LedgerSlice, _shoumi_v1_LedgerSlice__Output>
      MediumStatus: EnumTypeDefinition
      PolicyBundle: MessageTypeDefinition<_shoumi_v1_PolicyBundle, _shoumi_v1_PolicyBundle__Output>
      Refusal: MessageTypeDefinition<_shoumi_v1_Refusal, _shoumi_v1_Refusal__Output>
      RegisteredMedium: MessageTypeDefinition<_shoumi_v1_RegisteredMedium, _shoumi_v1_RegisteredMedium__Output>
      RenewRequest: MessageTypeDefinition<_shoumi_v1_RenewRequest, _shoumi_v1_RenewRequest__Output>
      Severity: EnumTypeDefinition
      SweepCommand: MessageTypeDefinition<_shoumi_v1_SweepCommand, _shoumi_v1_SweepCommand__Output>
      SweepResult: MessageTypeDefinition<_shoumi_v1_SweepResult, _shoumi_v1_SweepResult__Output>
    }
  }
}

