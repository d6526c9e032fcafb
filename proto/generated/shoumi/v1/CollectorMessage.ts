// Original file: proto/shoumi/v1/agent.proto

import type { Ack as _shoumi_v1_Ack, Ack__Output as _shoumi_v1_Ack__Output } from '../../shoumi/v1/Ack';
import type { PolicyBundle as _shoumi_v1_PolicyBundle, PolicyBundle__Output as _shoumi_v1_PolicyBundle__Output } from '../../shoumi/v1/PolicyBundle';
import type { SweepCommand as _shoumi_v1_SweepCommand, SweepCommand__Output as _shoumi_v1_SweepCommand__Output } from '../../shoumi/v1/SweepCommand';
import type { HeartbeatReply as _shoumi_v1_HeartbeatReply, HeartbeatReply__Output as _shoumi_v1_HeartbeatReply__Output } from '../../shoumi/v1/HeartbeatReply';

export interface CollectorMessage {
  'ack'?: (_shoumi_v1_Ack | null);
  'policy'?: (_shoumi_v1_PolicyBundle | null);
  'sweep'?: (_shoumi_v1_SweepCommand | null);
  'heartbeatReply'?: (_shoumi_v1_HeartbeatReply | null);
  'body'?: "ack"|"policy"|"sweep"|"heartbeatReply";
}

export interface CollectorMessage__Output {
  'ack'?: (_shoumi_v1_Ack__Output | null);
  'policy'?: (_shoumi_v1_PolicyBundle__Output | null);
  'sweep'?: (_shoumi_v1_SweepCommand__Output | null);
  'heartbeatReply'?: (_shoumi_v1_HeartbeatReply__Output | null);
  'body'?: "ack"|"policy"|"sweep"|"heartbeatReply";
}
