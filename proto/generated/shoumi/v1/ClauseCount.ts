// Original file: proto/shoumi/v1/admin.proto


export interface ClauseCount {
  'clause'?: (string);
  'failingDevices'?: (number);
  'failingFindings'?: (number);
}

export interface ClauseCount__Output {
  'clause': (string);
  'failingDevices': (number);
  'failingFindings': (number);
}
