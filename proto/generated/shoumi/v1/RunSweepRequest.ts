// Original file: proto/shoumi/v1/admin_sweeps.proto


export interface RunSweepRequest {
  /**
   * Empty: every rule of the policy.
   */
  'ruleIds'?: (string)[];
}

export interface RunSweepRequest__Output {
  /**
   * Empty: every rule of the policy.
   */
  'ruleIds': (string)[];
}
