// Original file: proto/shoumi/v1/admin_sweeps.proto

import type { Long } from '@grpc/proto-loader';

export interface SweepSchedule {
  'scheduleId'?: (string);
  'cron'?: (string);
  'timezone'?: (string);
  'ruleIds'?: (string)[];
  'createdAtMs'?: (number | string | Long);
  'createdBy'?: (string);
  'lastFiredMs'?: (number | string | Long);
  'nextFireMs'?: (number | string | Long);
  'lastSweepId'?: (string);
}

export interface SweepSchedule__Output {
  'scheduleId': (string);
  'cron': (string);
  'timezone': (string);
  'ruleIds': (string)[];
  'createdAtMs': (number);
  'createdBy': (string);
  'lastFiredMs': (number);
  'nextFireMs': (number);
  'lastSweepId': (string);
}
