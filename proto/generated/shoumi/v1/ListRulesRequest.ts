// Original file: proto/shoumi/v1/admin_rules.proto


export interface ListRulesRequest {
  /**
   * Only this rule id, or every rule of this clause (e.g. "3.7.4"); "" for every rule.
   */
  'ruleId'?: (string);
  'clause'?: (string);
}

export interface ListRulesRequest__Output {
  /**
   * Only this rule id, or every rule of this clause (e.g. "3.7.4"); "" for every rule.
   */
  'ruleId': (string);
  'clause': (string);
}
