// Original file: proto/shoumi/v1/admin_sweeps.proto


export interface ListSweepsRequest {
  'limit'?: (number);
}

export interface ListSweepsRequest__Output {
  'limit': (number);
}
