// Original file: proto/shoumi/v1/admin_audit.proto

import type { AuditProblem as _shoumi_v1_AuditProblem, AuditProblem__Output as _shoumi_v1_AuditProblem__Output } from '../../shoumi/v1/AuditProblem';
import type { Long } from '@grpc/proto-loader';

export interface VerifyAuditResponse {
  'ok'?: (boolean);
  'recordsChecked'?: (number | string | Long);
  'headPosition'?: (number | string | Long);
  'headHash'?: (string);
  'headAlgorithm'?: (string);
  'headAtMs'?: (number | string | Long);
  'digestChecked'?: (boolean);
  'problem'?: (_shoumi_v1_AuditProblem | null);
}

export interface VerifyAuditResponse__Output {
  'ok': (boolean);
  'recordsChecked': (number);
  'headPosition': (number);
  'headHash': (string);
  'headAlgorithm': (string);
  'headAtMs': (number);
  'digestChecked': (boolean);
  'problem': (_shoumi_v1_AuditProblem__Output | null);
}
