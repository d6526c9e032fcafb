// Original file: proto/shoumi/v1/admin_audit.proto


export interface ListAuditSealsRequest {
  'limit'?: (number);
}

export interface ListAuditSealsRequest__Output {
  'limit': (number);
}
