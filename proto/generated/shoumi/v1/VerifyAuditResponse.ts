// Original file: proto/shoumi/v1/admin_audit.proto

import type { AuditProblem as _shoumi_v1_AuditProblem, AuditProblem__Output as _shoumi_v1_AuditProblem__Output } from '../../shoumi/v1/AuditProblem';
import type { SealCovered as _shoumi_v1_SealCovered, SealCovered__Output as _shoumi_v1_SealCovered__Output } from '../../shoumi/v1/SealCovered';
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
  /**
   * Valid seals whose hash the chain still holds at their position.
   */
  'sealsChecked'?: (number | string | Long);
  'newestAuditorSeal'?: (_shoumi_v1_SealCovered | null);
  'newestCollectorSeal'?: (_shoumi_v1_SealCovered | null);
  /**
   * Records after the newest matching seal (all of them when none matches).
   */
  'unsealedRecords'?: (number | string | Long);
  /**
   * Where the newest epoch began (0 unless serve --new-audit-epoch restarted the chain).
   */
  'epochStart'?: (number | string | Long);
  /**
   * What was found in the chains before the newest epoch.
   */
  'earlierEpochProblems'?: (_shoumi_v1_AuditProblem)[];
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
  /**
   * Valid seals whose hash the chain still holds at their position.
   */
  'sealsChecked': (number);
  'newestAuditorSeal': (_shoumi_v1_SealCovered__Output | null);
  'newestCollectorSeal': (_shoumi_v1_SealCovered__Output | null);
  /**
   * Records after the newest matching seal (all of them when none matches).
   */
  'unsealedRecords': (number);
  /**
   * Where the newest epoch began (0 unless serve --new-audit-epoch restarted the chain).
   */
  'epochStart': (number);
  /**
   * What was found in the chains before the newest epoch.
   */
  'earlierEpochProblems': (_shoumi_v1_AuditProblem__Output)[];
}
