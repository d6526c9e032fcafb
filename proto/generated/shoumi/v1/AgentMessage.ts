// Original file: proto/shoumi/v1/agent.proto

import type { Hello as _shoumi_v1_Hello, Hello__Output as _shoumi_v1_Hello__Output } from '../../shoumi/v1/Hello';
import type { FindingBatch as _shoumi_v1_FindingBatch, FindingBatch__Output as _shoumi_v1_FindingBatch__Output } from '../../shoumi/v1/FindingBatch';
import type { Heartbeat as _shoumi_v1_Heartbeat, Heartbeat__Output as _shoumi_v1_Heartbeat__Output } from '../../shoumi/v1/Heartbeat';
import type { SweepResult as _shoumi_v1_SweepResult, SweepResult__Output as _shoumi_v1_SweepResult__Output } from '../../shoumi/v1/SweepResult';

export interface AgentMessage {
  'hello'?: (_shoumi_v1_Hello | null);
  'findings'?: (_shoumi_v1_FindingBatch | null);
  'heartbeat'?: (_shoumi_v1_Heartbeat | null);
  'sweepResult'?: (_shoumi_v1_SweepResult | null);
  'body'?: "hello"|"findings"|"heartbeat"|"sweepResult";
}

export interface AgentMessage__Output {
  'hello'?: (_shoumi_v1_Hello__Output | null);
  'findings'?: (_shoumi_v1_FindingBatch__Output | null);
  'heartbeat'?: (_shoumi_v1_Heartbeat__Output | null);
  'sweepResult'?: (_shoumi_v1_SweepResult__Output | null);
  'body'?: "hello"|"findings"|"heartbeat"|"sweepResult";
}
