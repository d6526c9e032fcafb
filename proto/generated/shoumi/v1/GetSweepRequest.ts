// Original file: proto/shoumi/v1/admin_sweeps.proto


export interface GetSweepRequest {
  'sweepId'?: (string);
}

export interface GetSweepRequest__Output {
  'sweepId': (string);
}
