// Original file: proto/shoumi/v1/admin_reports.proto


export interface InspectionItem {
  'ruleId'?: (string);
  'clause'?: (string);
  'titleZh'?: (string);
  'titleEn'?: (string);
}

export interface InspectionItem__Output {
  'ruleId': (string);
  'clause': (string);
  'titleZh': (string);
  'titleEn': (string);
}
