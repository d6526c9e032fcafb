// Original file: proto/shoumi/v1/admin_reports.proto


export interface MarkFindingRequest {
  'deviceId'?: (string);
  'ruleId'?: (string);
  'subject'?: (string);
  'measure'?: (string);
  'completed'?: (boolean);
}

export interface MarkFindingRequest__Output {
  'deviceId': (string);
  'ruleId': (string);
  'subject': (string);
  'measure': (string);
  'completed': (boolean);
}
