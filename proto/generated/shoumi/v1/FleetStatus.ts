// Original file: proto/shoumi/v1/admin.proto

import type { ClauseCount as _shoumi_v1_ClauseCount, ClauseCount__Output as _shoumi_v1_ClauseCount__Output } from '../../shoumi/v1/ClauseCount';
import type { DeviceSummary as _shoumi_v1_DeviceSummary, DeviceSummary__Output as _shoumi_v1_DeviceSummary__Output } from '../../shoumi/v1/DeviceSummary';
import type { CollectorAlert as _shoumi_v1_CollectorAlert, CollectorAlert__Output as _shoumi_v1_CollectorAlert__Output } from '../../shoumi/v1/CollectorAlert';
import type { Long } from '@grpc/proto-loader';

export interface FleetStatus {
  'devices'?: (number);
  'compliant'?: (number);
  'failing'?: (number);
  'neverSeen'?: (number);
  'byClause'?: (_shoumi_v1_ClauseCount)[];
  'deviceList'?: (_shoumi_v1_DeviceSummary)[];
  'generatedAtMs'?: (number | string | Long);
  /**
   * Seen, nothing failing, but not yet judged on every rule (未完成检查): never counted compliant.
   */
  'notYetJudged'?: (number);
  /**
   * Conditions of the collector itself the office must see (the disk below its reserve, ...); shoumictl
   * status prints each as a line above its table. Empty while all is well.
   */
  'collectorAlerts'?: (_shoumi_v1_CollectorAlert)[];
}

export interface FleetStatus__Output {
  'devices': (number);
  'compliant': (number);
  'failing': (number);
  'neverSeen': (number);
  'byClause': (_shoumi_v1_ClauseCount__Output)[];
  'deviceList': (_shoumi_v1_DeviceSummary__Output)[];
  'generatedAtMs': (number);
  /**
   * Seen, nothing failing, but not yet judged on every rule (未完成检查): never counted compliant.
   */
  'notYetJudged': (number);
  /**
   * Conditions of the collector itself the office must see (the disk below its reserve, ...); shoumictl
   * status prints each as a line above its table. Empty while all is well.
   */
  'collectorAlerts': (_shoumi_v1_CollectorAlert__Output)[];
}
