// Original file: proto/shoumi/v1/admin_reports.proto

import type { Long } from '@grpc/proto-loader';

export interface Disposition {
  'deviceId'?: (string);
  'ruleId'?: (string);
  'subject'?: (string);
  /**
   * The corrective measure, in the admin's words.
   */
  'measure'?: (string);
  'completed'?: (boolean);
  'completedAtMs'?: (number | string | Long);
  'recordedBy'?: (string);
  'recordedAtMs'?: (number | string | Long);
  'auditPosition'?: (number | string | Long);
}

export interface Disposition__Output {
  'deviceId': (string);
  'ruleId': (string);
  'subject': (string);
  /**
   * The corrective measure, in the admin's words.
   */
  'measure': (string);
  'completed': (boolean);
  'completedAtMs': (number);
  'recordedBy': (string);
  'recordedAtMs': (number);
  'auditPosition': (number);
}
