// Original file: proto/shoumi/v1/admin.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';
import type { Long } from '@grpc/proto-loader';

export interface ListFindingsRequest {
  'deviceId'?: (string);
  'clause'?: (string);
  /**
   * Only current findings whose status is fail or error.
   */
  'openOnly'?: (boolean);
  'limit'?: (number);
  /**
   * Pagination cursor from the previous response.
   */
  'pageToken'?: (string);
  /**
   * Every stored finding in sequence order instead of the current finding per (device, rule, subject).
   */
  'history'?: (boolean);
  'ruleId'?: (string);
  'department'?: (string);
  'classification'?: (_shoumi_v1_Classification);
  /**
   * Only findings with this status (pass | fail | error | not_applicable); "" for all.
   */
  'status'?: (string);
  /**
   * Observed-at window, Unix epoch ms (UTC); 0 leaves that side open.
   */
  'fromMs'?: (number | string | Long);
  'toMs'?: (number | string | Long);
  'sweepId'?: (string);
  /**
   * With history: newest first (each device's findings newest first, devices in descending id order).
   */
  'newestFirst'?: (boolean);
}

export interface ListFindingsRequest__Output {
  'deviceId': (string);
  'clause': (string);
  /**
   * Only current findings whose status is fail or error.
   */
  'openOnly': (boolean);
  'limit': (number);
  /**
   * Pagination cursor from the previous response.
   */
  'pageToken': (string);
  /**
   * Every stored finding in sequence order instead of the current finding per (device, rule, subject).
   */
  'history': (boolean);
  'ruleId': (string);
  'department': (string);
  'classification': (_shoumi_v1_Classification__Output);
  /**
   * Only findings with this status (pass | fail | error | not_applicable); "" for all.
   */
  'status': (string);
  /**
   * Observed-at window, Unix epoch ms (UTC); 0 leaves that side open.
   */
  'fromMs': (number);
  'toMs': (number);
  'sweepId': (string);
  /**
   * With history: newest first (each device's findings newest first, devices in descending id order).
   */
  'newestFirst': (boolean);
}
