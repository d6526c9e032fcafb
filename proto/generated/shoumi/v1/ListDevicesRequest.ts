// Original file: proto/shoumi/v1/admin.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';
import type { Long } from '@grpc/proto-loader';

export interface ListDevicesRequest {
  'limit'?: (number);
  'afterDeviceId'?: (string);
  /**
   * Filters; empty or unspecified matches every device.
   */
  'department'?: (string);
  'classification'?: (_shoumi_v1_Classification);
  /**
   * in_service | under_repair | retired
   */
  'status'?: (string);
  /**
   * Clause ("3.7.4") or rule id: devices with an open (fail or error) current finding under it.
   */
  'clause'?: (string);
  'ruleId'?: (string);
  /**
   * compliant | failing | not_judged | never_seen | silent (seen before, not within the silence rule's window)
   */
  'state'?: (string);
  /**
   * connected | disconnected: whether the device's agent holds a stream to this collector now.
   */
  'online'?: (string);
  /**
   * Last seen at or after / before these instants (0: no bound).
   */
  'seenFromMs'?: (number | string | Long);
  'seenToMs'?: (number | string | Long);
  /**
   * Part of an asset number or hostname, case-insensitive.
   */
  'search'?: (string);
}

export interface ListDevicesRequest__Output {
  'limit': (number);
  'afterDeviceId': (string);
  /**
   * Filters; empty or unspecified matches every device.
   */
  'department': (string);
  'classification': (_shoumi_v1_Classification__Output);
  /**
   * in_service | under_repair | retired
   */
  'status': (string);
  /**
   * Clause ("3.7.4") or rule id: devices with an open (fail or error) current finding under it.
   */
  'clause': (string);
  'ruleId': (string);
  /**
   * compliant | failing | not_judged | never_seen | silent (seen before, not within the silence rule's window)
   */
  'state': (string);
  /**
   * connected | disconnected: whether the device's agent holds a stream to this collector now.
   */
  'online': (string);
  /**
   * Last seen at or after / before these instants (0: no bound).
   */
  'seenFromMs': (number);
  'seenToMs': (number);
  /**
   * Part of an asset number or hostname, case-insensitive.
   */
  'search': (string);
}
