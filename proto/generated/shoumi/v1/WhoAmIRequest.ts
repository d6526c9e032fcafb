// Original file: proto/shoumi/v1/admin_trust.proto


export interface WhoAmIRequest {
}

export interface WhoAmIRequest__Output {
}
