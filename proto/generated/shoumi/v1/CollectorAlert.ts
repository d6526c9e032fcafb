// Original file: proto/shoumi/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One condition of the collector, not of a device: generic, so that any collector-level alert can use it.
 */
export interface CollectorAlert {
  /**
   * Stable id of the condition, e.g. "disk_reserve".
   */
  'code'?: (string);
  /**
   * "error" (something is refused or at risk now) or "warning".
   */
  'severity'?: (string);
  'messageZh'?: (string);
  'messageEn'?: (string);
  /**
   * When the condition began (UTC).
   */
  'sinceMs'?: (number | string | Long);
}

/**
 * One condition of the collector, not of a device: generic, so that any collector-level alert can use it.
 */
export interface CollectorAlert__Output {
  /**
   * Stable id of the condition, e.g. "disk_reserve".
   */
  'code': (string);
  /**
   * "error" (something is refused or at risk now) or "warning".
   */
  'severity': (string);
  'messageZh': (string);
  'messageEn': (string);
  /**
   * When the condition began (UTC).
   */
  'sinceMs': (number);
}
