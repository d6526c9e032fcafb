// Original file: proto/shoumi/v1/agent.proto


export interface SweepCommand {
  'sweepId'?: (string);
  /**
   * Empty: every rule of the policy.
   */
  'ruleIds'?: (string)[];
}

export interface SweepCommand__Output {
  'sweepId': (string);
  /**
   * Empty: every rule of the policy.
   */
  'ruleIds': (string)[];
}
