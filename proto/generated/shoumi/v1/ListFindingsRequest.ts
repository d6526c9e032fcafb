// Original file: proto/shoumi/v1/admin.proto


export interface ListFindingsRequest {
  'deviceId'?: (string);
  'clause'?: (string);
  /**
   * Only current findings whose status is fail or error.
   */
  'openOnly'?: (boolean);
  'limit'?: (number);
  /**
   * Pagination cursor from the previous response.
   */
  'pageToken'?: (string);
  /**
   * Every stored finding in sequence order instead of the current finding per (device, rule, subject).
   */
  'history'?: (boolean);
}

export interface ListFindingsRequest__Output {
  'deviceId': (string);
  'clause': (string);
  /**
   * Only current findings whose status is fail or error.
   */
  'openOnly': (boolean);
  'limit': (number);
  /**
   * Pagination cursor from the previous response.
   */
  'pageToken': (string);
  /**
   * Every stored finding in sequence order instead of the current finding per (device, rule, subject).
   */
  'history': (boolean);
}
