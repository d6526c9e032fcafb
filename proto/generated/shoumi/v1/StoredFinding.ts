// Original file: proto/shoumi/v1/admin.proto

import type { FindingStatus as _shoumi_v1_FindingStatus, FindingStatus__Output as _shoumi_v1_FindingStatus__Output } from '../../shoumi/v1/FindingStatus';
import type { Severity as _shoumi_v1_Severity, Severity__Output as _shoumi_v1_Severity__Output } from '../../shoumi/v1/Severity';
import type { Long } from '@grpc/proto-loader';

export interface StoredFinding {
  'deviceId'?: (string);
  'hostname'?: (string);
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
}

export interface StoredFinding__Output {
  'deviceId': (string);
  'hostname': (string);
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
}
