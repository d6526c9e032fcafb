// Original file: proto/shoumi/v1/admin_audit.proto


export interface GetAuditDigestRequest {
}

export interface GetAuditDigestRequest__Output {
}
