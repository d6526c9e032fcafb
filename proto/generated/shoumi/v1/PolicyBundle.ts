// Original file: proto/shoumi/v1/agent.proto

import type { LedgerSlice as _shoumi_v1_LedgerSlice, LedgerSlice__Output as _shoumi_v1_LedgerSlice__Output } from '../../shoumi/v1/LedgerSlice';

export interface PolicyBundle {
  /**
   * Content hash of policy_yaml plus the ledger slice; changes whenever either changes.
   */
  'version'?: (string);
  /**
   * The policy document (policies/baseline.yaml format), validated by the collector before sending.
   */
  'policyYaml'?: (string);
  'ledger'?: (_shoumi_v1_LedgerSlice | null);
}

export interface PolicyBundle__Output {
  /**
   * Content hash of policy_yaml plus the ledger slice; changes whenever either changes.
   */
  'version': (string);
  /**
   * The policy document (policies/baseline.yaml format), validated by the collector before sending.
   */
  'policyYaml': (string);
  'ledger': (_shoumi_v1_LedgerSlice__Output | null);
}
