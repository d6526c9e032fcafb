// Original file: proto/shoumi/v1/admin_rules.proto

import type { PolicyRule as _shoumi_v1_PolicyRule, PolicyRule__Output as _shoumi_v1_PolicyRule__Output } from '../../shoumi/v1/PolicyRule';

export interface ListRulesResponse {
  'policyName'?: (string);
  'policyVersion'?: (string);
  'rules'?: (_shoumi_v1_PolicyRule)[];
}

export interface ListRulesResponse__Output {
  'policyName': (string);
  'policyVersion': (string);
  'rules': (_shoumi_v1_PolicyRule__Output)[];
}
