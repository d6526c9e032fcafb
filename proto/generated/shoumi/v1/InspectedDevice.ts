// Original file: proto/shoumi/v1/admin_reports.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';
import type { Long } from '@grpc/proto-loader';

/**
 * One computer of the ledger in the report's scope (检查对象), inspected or not.
 */
export interface InspectedDevice {
  'deviceId'?: (string);
  'hostname'?: (string);
  'assetNumber'?: (string);
  'classification'?: (_shoumi_v1_Classification);
  'responsiblePerson'?: (string);
  'department'?: (string);
  'location'?: (string);
  /**
   * Inspected: answered (sweep), inspected (window). Not inspected: failed, offline, pending (sweep targets),
   * never_reported (its agent had never reported), no_report (window: nothing observed in it).
   */
  'coverage'?: (string);
  /**
   * Finding keys (rule x subject) judged in the scope, and how many of them failed or erred.
   */
  'findings'?: (number);
  'problems'?: (number);
  /**
   * Sweep: when the agent answered (0: it did not). Window: its last observation in the window.
   */
  'answeredAtMs'?: (number | string | Long);
  /**
   * Why the sweep failed on this device, as its agent said.
   */
  'coverageError'?: (string);
  /**
   * Its ledger status when the report was made: in_service | under_repair | retired.
   */
  'ledgerStatus'?: (string);
  /**
   * Rules its agent judges that have no verdict from it in the scope.
   */
  'unjudgedItems'?: (number);
}

/**
 * One computer of the ledger in the report's scope (检查对象), inspected or not.
 */
export interface InspectedDevice__Output {
  'deviceId': (string);
  'hostname': (string);
  'assetNumber': (string);
  'classification': (_shoumi_v1_Classification__Output);
  'responsiblePerson': (string);
  'department': (string);
  'location': (string);
  /**
   * Inspected: answered (sweep), inspected (window). Not inspected: failed, offline, pending (sweep targets),
   * never_reported (its agent had never reported), no_report (window: nothing observed in it).
   */
  'coverage': (string);
  /**
   * Finding keys (rule x subject) judged in the scope, and how many of them failed or erred.
   */
  'findings': (number);
  'problems': (number);
  /**
   * Sweep: when the agent answered (0: it did not). Window: its last observation in the window.
   */
  'answeredAtMs': (number);
  /**
   * Why the sweep failed on this device, as its agent said.
   */
  'coverageError': (string);
  /**
   * Its ledger status when the report was made: in_service | under_repair | retired.
   */
  'ledgerStatus': (string);
  /**
   * Rules its agent judges that have no verdict from it in the scope.
   */
  'unjudgedItems': (number);
}
