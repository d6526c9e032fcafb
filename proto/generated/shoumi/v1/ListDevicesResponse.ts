// Original file: proto/shoumi/v1/admin.proto

import type { DeviceSummary as _shoumi_v1_DeviceSummary, DeviceSummary__Output as _shoumi_v1_DeviceSummary__Output } from '../../shoumi/v1/DeviceSummary';

export interface ListDevicesResponse {
  'devices'?: (_shoumi_v1_DeviceSummary)[];
  'nextAfterDeviceId'?: (string);
  /**
   * Devices matching the filters, all pages together.
   */
  'total'?: (number);
}

export interface ListDevicesResponse__Output {
  'devices': (_shoumi_v1_DeviceSummary__Output)[];
  'nextAfterDeviceId': (string);
  /**
   * Devices matching the filters, all pages together.
   */
  'total': (number);
}
