// Original file: proto/shoumi/v1/admin_sweeps.proto

import type { SweepTarget as _shoumi_v1_SweepTarget, SweepTarget__Output as _shoumi_v1_SweepTarget__Output } from '../../shoumi/v1/SweepTarget';
import type { Long } from '@grpc/proto-loader';

export interface SweepStatus {
  'sweepId'?: (string);
  'createdAtMs'?: (number | string | Long);
  'requestedBy'?: (string);
  /**
   * "" for a manual sweep, else the schedule that fired it.
   */
  'scheduleId'?: (string);
  'ruleIds'?: (string)[];
  'targets'?: (number);
  'answered'?: (number);
  'failed'?: (number);
  /**
   * Not connected when the sweep was pushed and not answered since.
   */
  'offline'?: (number);
  /**
   * Sent to a connected agent, no answer yet.
   */
  'waiting'?: (number);
  /**
   * Set when every target has answered or failed.
   */
  'completedAtMs'?: (number | string | Long);
  /**
   * Filled by GetSweep; empty in lists.
   */
  'targetList'?: (_shoumi_v1_SweepTarget)[];
}

export interface SweepStatus__Output {
  'sweepId': (string);
  'createdAtMs': (number);
  'requestedBy': (string);
  /**
   * "" for a manual sweep, else the schedule that fired it.
   */
  'scheduleId': (string);
  'ruleIds': (string)[];
  'targets': (number);
  'answered': (number);
  'failed': (number);
  /**
   * Not connected when the sweep was pushed and not answered since.
   */
  'offline': (number);
  /**
   * Sent to a connected agent, no answer yet.
   */
  'waiting': (number);
  /**
   * Set when every target has answered or failed.
   */
  'completedAtMs': (number);
  /**
   * Filled by GetSweep; empty in lists.
   */
  'targetList': (_shoumi_v1_SweepTarget__Output)[];
}
