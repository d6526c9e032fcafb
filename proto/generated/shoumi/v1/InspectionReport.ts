// Original file: proto/shoumi/v1/admin_reports.proto

import type { InspectedDevice as _shoumi_v1_InspectedDevice, InspectedDevice__Output as _shoumi_v1_InspectedDevice__Output } from '../../shoumi/v1/InspectedDevice';
import type { InspectionItem as _shoumi_v1_InspectionItem, InspectionItem__Output as _shoumi_v1_InspectionItem__Output } from '../../shoumi/v1/InspectionItem';
import type { InspectionProblem as _shoumi_v1_InspectionProblem, InspectionProblem__Output as _shoumi_v1_InspectionProblem__Output } from '../../shoumi/v1/InspectionProblem';
import type { Long } from '@grpc/proto-loader';

export interface InspectionReport {
  /**
   * Set for a sweep report; from_ms/to_ms are then the sweep's start and end (its last answer if unfinished).
   */
  'sweepId'?: (string);
  'fromMs'?: (number | string | Long);
  'toMs'?: (number | string | Long);
  'generatedAtMs'?: (number | string | Long);
  'inspector'?: (string);
  'policyName'?: (string);
  'policyVersion'?: (string);
  'devices'?: (_shoumi_v1_InspectedDevice)[];
  'items'?: (_shoumi_v1_InspectionItem)[];
  'problems'?: (_shoumi_v1_InspectionProblem)[];
  /**
   * 被检查单位 from the collector's `serve --unit`; inspected_unit_configured false when it was not given.
   */
  'inspectedUnit'?: (string);
  'inspectedUnitConfigured'?: (boolean);
}

export interface InspectionReport__Output {
  /**
   * Set for a sweep report; from_ms/to_ms are then the sweep's start and end (its last answer if unfinished).
   */
  'sweepId': (string);
  'fromMs': (number);
  'toMs': (number);
  'generatedAtMs': (number);
  'inspector': (string);
  'policyName': (string);
  'policyVersion': (string);
  'devices': (_shoumi_v1_InspectedDevice__Output)[];
  'items': (_shoumi_v1_InspectionItem__Output)[];
  'problems': (_shoumi_v1_InspectionProblem__Output)[];
  /**
   * 被检查单位 from the collector's `serve --unit`; inspected_unit_configured false when it was not given.
   */
  'inspectedUnit': (string);
  'inspectedUnitConfigured': (boolean);
}
