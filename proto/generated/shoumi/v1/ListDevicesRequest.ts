// Original file: proto/shoumi/v1/admin.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';

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
}
