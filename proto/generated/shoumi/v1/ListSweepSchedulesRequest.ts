// Original file: proto/shoumi/v1/admin_sweeps.proto


export interface ListSweepSchedulesRequest {
}

export interface ListSweepSchedulesRequest__Output {
}
