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
}
