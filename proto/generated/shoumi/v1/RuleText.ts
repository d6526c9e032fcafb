// Original file: proto/shoumi/v1/admin_rules.proto


export interface RuleText {
  'zh'?: (string);
  'en'?: (string);
}

export interface RuleText__Output {
  'zh': (string);
  'en': (string);
}
