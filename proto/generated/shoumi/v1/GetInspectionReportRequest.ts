// Original file: proto/shoumi/v1/admin_reports.proto

import type { Long } from '@grpc/proto-loader';

export interface GetInspectionReportRequest {
  /**
   * Either a sweep, or a time window (Unix epoch ms, UTC, both ends inclusive).
   */
  'sweepId'?: (string);
  'fromMs'?: (number | string | Long);
  'toMs'?: (number | string | Long);
  /**
   * Name of the person who inspects (检查人); the admin identity when empty.
   */
  'inspector'?: (string);
}

export interface GetInspectionReportRequest__Output {
  /**
   * Either a sweep, or a time window (Unix epoch ms, UTC, both ends inclusive).
   */
  'sweepId': (string);
  'fromMs': (number);
  'toMs': (number);
  /**
   * Name of the person who inspects (检查人); the admin identity when empty.
   */
  'inspector': (string);
}
