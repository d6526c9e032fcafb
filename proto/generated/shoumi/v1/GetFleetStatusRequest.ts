// Original file: proto/shoumi/v1/admin.proto


export interface GetFleetStatusRequest {
}

export interface GetFleetStatusRequest__Output {
}
