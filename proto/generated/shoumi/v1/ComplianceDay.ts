// Original file: proto/shoumi/v1/admin.proto

import type { ClauseCount as _shoumi_v1_ClauseCount, ClauseCount__Output as _shoumi_v1_ClauseCount__Output } from '../../shoumi/v1/ClauseCount';
import type { Long } from '@grpc/proto-loader';

/**
 * The fleet as it stood at the end of one day (or now, for today).
 */
export interface ComplianceDay {
  /**
   * YYYY-MM-DD in the collector's time zone.
   */
  'day'?: (string);
  'devices'?: (number);
  'compliant'?: (number);
  'failing'?: (number);
  'notYetJudged'?: (number);
  'neverSeen'?: (number);
  'silent'?: (number);
  'byClause'?: (_shoumi_v1_ClauseCount)[];
  'recordedAtMs'?: (number | string | Long);
}

/**
 * The fleet as it stood at the end of one day (or now, for today).
 */
export interface ComplianceDay__Output {
  /**
   * YYYY-MM-DD in the collector's time zone.
   */
  'day': (string);
  'devices': (number);
  'compliant': (number);
  'failing': (number);
  'notYetJudged': (number);
  'neverSeen': (number);
  'silent': (number);
  'byClause': (_shoumi_v1_ClauseCount__Output)[];
  'recordedAtMs': (number);
}
