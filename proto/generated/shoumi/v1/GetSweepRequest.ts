// Original file: proto/shoumi/v1/admin_sweeps.proto


export interface GetSweepRequest {
  'sweepId'?: (string);
  /**
   * true: coverage counts only, target_list left empty (for polling a sweep of a large fleet).
   */
  'countsOnly'?: (boolean);
}

export interface GetSweepRequest__Output {
  'sweepId': (string);
  /**
   * true: coverage counts only, target_list left empty (for polling a sweep of a large fleet).
   */
  'countsOnly': (boolean);
}
