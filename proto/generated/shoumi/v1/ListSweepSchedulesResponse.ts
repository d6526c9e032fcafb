// Original file: proto/shoumi/v1/admin_sweeps.proto

import type { SweepSchedule as _shoumi_v1_SweepSchedule, SweepSchedule__Output as _shoumi_v1_SweepSchedule__Output } from '../../shoumi/v1/SweepSchedule';

export interface ListSweepSchedulesResponse {
  'schedules'?: (_shoumi_v1_SweepSchedule)[];
}

export interface ListSweepSchedulesResponse__Output {
  'schedules': (_shoumi_v1_SweepSchedule__Output)[];
}
