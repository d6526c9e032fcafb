// Original file: proto/shoumi/v1/admin_sweeps.proto

import type { SweepStatus as _shoumi_v1_SweepStatus, SweepStatus__Output as _shoumi_v1_SweepStatus__Output } from '../../shoumi/v1/SweepStatus';

export interface ListSweepsResponse {
  'sweeps'?: (_shoumi_v1_SweepStatus)[];
}

export interface ListSweepsResponse__Output {
  'sweeps': (_shoumi_v1_SweepStatus__Output)[];
}
