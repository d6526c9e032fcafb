// Original file: proto/shoumi/v1/agent.proto

import type { Finding as _shoumi_v1_Finding, Finding__Output as _shoumi_v1_Finding__Output } from '../../shoumi/v1/Finding';

export interface FindingBatch {
  'findings'?: (_shoumi_v1_Finding)[];
}

export interface FindingBatch__Output {
  'findings': (_shoumi_v1_Finding__Output)[];
}
