// Original file: proto/shoumi/v1/admin.proto

import type { FindingStatus as _shoumi_v1_FindingStatus, FindingStatus__Output as _shoumi_v1_FindingStatus__Output } from '../../shoumi/v1/FindingStatus';
import type { Severity as _shoumi_v1_Severity, Severity__Output as _shoumi_v1_Severity__Output } from '../../shoumi/v1/Severity';
import type { Disposition as _shoumi_v1_Disposition, Disposition__Output as _shoumi_v1_Disposition__Output } from '../../shoumi/v1/Disposition';
import type { Long } from '@grpc/proto-loader';

export interface StoredFinding {
  'deviceId'?: (string);
  'hostname'?: (string);
  /**
   * The agent's sequence number (> 0), or a collector-made finding's (< 0: cross-use, silent agent).
   */
  'seq'?: (number | string | Long);
  'ruleId'?: (string);
  'clause'?: (string);
  'subject'?: (string);
  'status'?: (_shoumi_v1_FindingStatus);
  'severity'?: (_shoumi_v1_Severity);
  'evidenceJson'?: (string);
  'observedAtMs'?: (number | string | Long);
  'receivedAtMs'?: (number | string | Long);
  'reason'?: (string);
  'sweepId'?: (string);
  /**
   * "agent" or "collector": who judged it.
   */
  'origin'?: (string);
  /**
   * The corrective measure recorded for this (device, rule, subject), if any.
   */
  'disposition'?: (_shoumi_v1_Disposition | null);
  /**
   * A removal (the agent saying the subject is no longer present), not a verdict: only in history.
   */
  'gone'?: (boolean);
  /**
   * The reason as a catalogue code and its parameters, for showing it in the reader's language; "" and empty
   * for findings stored before codes existed, which are shown by `reason`.
   */
  'reasonCode'?: (string);
  'reasonParams'?: ({[key: string]: string});
  /**
   * The device's asset number (资产编号) from the ledger, so that cloned machines sharing a hostname can be
   * told apart; "" when the ledger has none.
   */
  'assetNumber'?: (string);
}

export interface StoredFinding__Output {
  'deviceId': (string);
  'hostname': (string);
  /**
   * The agent's sequence number (> 0), or a collector-made finding's (< 0: cross-use, silent agent).
   */
  'seq': (number);
  'ruleId': (string);
  'clause': (string);
  'subject': (string);
  'status': (_shoumi_v1_FindingStatus__Output);
  'severity': (_shoumi_v1_Severity__Output);
  'evidenceJson': (string);
  'observedAtMs': (number);
  'receivedAtMs': (number);
  'reason': (string);
  'sweepId': (string);
  /**
   * "agent" or "collector": who judged it.
   */
  'origin': (string);
  /**
   * The corrective measure recorded for this (device, rule, subject), if any.
   */
  'disposition': (_shoumi_v1_Disposition__Output | null);
  /**
   * A removal (the agent saying the subject is no longer present), not a verdict: only in history.
   */
  'gone': (boolean);
  /**
   * The reason as a catalogue code and its parameters, for showing it in the reader's language; "" and empty
   * for findings stored before codes existed, which are shown by `reason`.
   */
  'reasonCode': (string);
  'reasonParams': ({[key: string]: string});
  /**
   * The device's asset number (资产编号) from the ledger, so that cloned machines sharing a hostname can be
   * told apart; "" when the ledger has none.
   */
  'assetNumber': (string);
}
