// Original file: proto/shoumi/v1/admin.proto


export interface GetComplianceTrendRequest {
  /**
   * How many days back from today (in the collector's time zone); 30 when 0, at most 400.
   */
  'days'?: (number);
}

export interface GetComplianceTrendRequest__Output {
  /**
   * How many days back from today (in the collector's time zone); 30 when 0, at most 400.
   */
  'days': (number);
}
