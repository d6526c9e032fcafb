// Original file: proto/shoumi/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface Heartbeat {
  'sentAtMs'?: (number | string | Long);
  'outboxDepth'?: (number | string | Long);
}

export interface Heartbeat__Output {
  'sentAtMs': (number);
  'outboxDepth': (number);
}
