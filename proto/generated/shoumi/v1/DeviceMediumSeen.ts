// Original file: proto/shoumi/v1/admin_ledger.proto

import type { Long } from '@grpc/proto-loader';

export interface DeviceMediumSeen {
  'vendorId'?: (string);
  'productId'?: (string);
  'serial'?: (string);
  'firstSeenMs'?: (number | string | Long);
  'lastSeenMs'?: (number | string | Long);
  /**
   * Whether the media ledger holds it, and its status there (in_use | retired | lost; "" when unregistered).
   */
  'registered'?: (boolean);
  'status'?: (string);
}

export interface DeviceMediumSeen__Output {
  'vendorId': (string);
  'productId': (string);
  'serial': (string);
  'firstSeenMs': (number);
  'lastSeenMs': (number);
  /**
   * Whether the media ledger holds it, and its status there (in_use | retired | lost; "" when unregistered).
   */
  'registered': (boolean);
  'status': (string);
}
