// Original file: proto/shoumi/v1/agent.proto

import type { Long } from '@grpc/proto-loader';

export interface HeartbeatReply {
  'echoSentAtMs'?: (number | string | Long);
  'collectorTimeMs'?: (number | string | Long);
}

export interface HeartbeatReply__Output {
  'echoSentAtMs': (number);
  'collectorTimeMs': (number);
}
