// Original file: proto/shoumi/v1/admin_sweeps.proto


export interface ScheduleSweepRequest {
  /**
   * Five- or six-field cron expression, e.g. "0 9 * * 1" (Mondays 09:00).
   */
  'cron'?: (string);
  /**
   * IANA time zone the expression is read in; "" for the collector's own.
   */
  'timezone'?: (string);
  'ruleIds'?: (string)[];
}

export interface ScheduleSweepRequest__Output {
  /**
   * Five- or six-field cron expression, e.g. "0 9 * * 1" (Mondays 09:00).
   */
  'cron': (string);
  /**
   * IANA time zone the expression is read in; "" for the collector's own.
   */
  'timezone': (string);
  'ruleIds': (string)[];
}
