// Original file: proto/shoumi/v1/admin_sweeps.proto


export interface DeleteSweepScheduleRequest {
  'scheduleId'?: (string);
}

export interface DeleteSweepScheduleRequest__Output {
  'scheduleId': (string);
}
