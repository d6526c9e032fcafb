// Original file: proto/shoumi/v1/admin_rules.proto

import type { Severity as _shoumi_v1_Severity, Severity__Output as _shoumi_v1_Severity__Output } from '../../shoumi/v1/Severity';
import type { RuleText as _shoumi_v1_RuleText, RuleText__Output as _shoumi_v1_RuleText__Output } from '../../shoumi/v1/RuleText';

export interface PolicyRule {
  'ruleId'?: (string);
  'clause'?: (string);
  'severity'?: (_shoumi_v1_Severity);
  'title'?: (_shoumi_v1_RuleText | null);
  'rationale'?: (_shoumi_v1_RuleText | null);
  'remediation'?: (_shoumi_v1_RuleText | null);
  /**
   * The rule's parameters in force, as JSON (an object).
   */
  'paramsJson'?: (string);
}

export interface PolicyRule__Output {
  'ruleId': (string);
  'clause': (string);
  'severity': (_shoumi_v1_Severity__Output);
  'title': (_shoumi_v1_RuleText__Output | null);
  'rationale': (_shoumi_v1_RuleText__Output | null);
  'remediation': (_shoumi_v1_RuleText__Output | null);
  /**
   * The rule's parameters in force, as JSON (an object).
   */
  'paramsJson': (string);
}
