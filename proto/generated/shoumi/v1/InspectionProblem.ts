// Original file: proto/shoumi/v1/admin_reports.proto

import type { Classification as _shoumi_v1_Classification, Classification__Output as _shoumi_v1_Classification__Output } from '../../shoumi/v1/Classification';
import type { FindingStatus as _shoumi_v1_FindingStatus, FindingStatus__Output as _shoumi_v1_FindingStatus__Output } from '../../shoumi/v1/FindingStatus';
import type { Severity as _shoumi_v1_Severity, Severity__Output as _shoumi_v1_Severity__Output } from '../../shoumi/v1/Severity';
import type { Disposition as _shoumi_v1_Disposition, Disposition__Output as _shoumi_v1_Disposition__Output } from '../../shoumi/v1/Disposition';
import type { Long } from '@grpc/proto-loader';

export interface InspectionProblem {
  'deviceId'?: (string);
  'hostname'?: (string);
  'assetNumber'?: (string);
  'classification'?: (_shoumi_v1_Classification);
  'responsiblePerson'?: (string);
  'department'?: (string);
  'ruleId'?: (string);
  'clause'?: (string);
  'subject'?: (string);
  'status'?: (_shoumi_v1_FindingStatus);
  'severity'?: (_shoumi_v1_Severity);
  'reason'?: (string);
  'observedAtMs'?: (number | string | Long);
  'disposition'?: (_shoumi_v1_Disposition | null);
  'remediationZh'?: (string);
  'remediationEn'?: (string);
  'titleZh'?: (string);
  'titleEn'?: (string);
  /**
   * The key's newest status in the report's scope: PASS means it was put right within the scope.
   */
  'latestStatus'?: (_shoumi_v1_FindingStatus);
  /**
   * The key's current status in the store when the report was made; FINDING_STATUS_UNSPECIFIED: it has no
   * current finding (the subject is gone). A completed measure beside FAIL or ERROR here is flagged.
   */
  'currentStatus'?: (_shoumi_v1_FindingStatus);
  'currentObservedAtMs'?: (number | string | Long);
  /**
   * The failing observation's reason as a catalogue code and its parameters (StoredFinding.reason_code):
   * the record shows it in its own language, `reason` (English) when the code is "" or unknown.
   */
  'reasonCode'?: (string);
  'reasonParams'?: ({[key: string]: string});
}

export interface InspectionProblem__Output {
  'deviceId': (string);
  'hostname': (string);
  'assetNumber': (string);
  'classification': (_shoumi_v1_Classification__Output);
  'responsiblePerson': (string);
  'department': (string);
  'ruleId': (string);
  'clause': (string);
  'subject': (string);
  'status': (_shoumi_v1_FindingStatus__Output);
  'severity': (_shoumi_v1_Severity__Output);
  'reason': (string);
  'observedAtMs': (number);
  'disposition': (_shoumi_v1_Disposition__Output | null);
  'remediationZh': (string);
  'remediationEn': (string);
  'titleZh': (string);
  'titleEn': (string);
  /**
   * The key's newest status in the report's scope: PASS means it was put right within the scope.
   */
  'latestStatus': (_shoumi_v1_FindingStatus__Output);
  /**
   * The key's current status in the store when the report was made; FINDING_STATUS_UNSPECIFIED: it has no
   * current finding (the subject is gone). A completed measure beside FAIL or ERROR here is flagged.
   */
  'currentStatus': (_shoumi_v1_FindingStatus__Output);
  'currentObservedAtMs': (number);
  /**
   * The failing observation's reason as a catalogue code and its parameters (StoredFinding.reason_code):
   * the record shows it in its own language, `reason` (English) when the code is "" or unknown.
   */
  'reasonCode': (string);
  'reasonParams': ({[key: string]: string});
}
