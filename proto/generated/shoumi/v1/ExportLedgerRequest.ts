// Original file: proto/shoumi/v1/admin_ledger.proto


export interface ExportLedgerRequest {
  /**
   * "zh" (default): Chinese headers; "en": English headers.
   */
  'lang'?: (string);
}

export interface ExportLedgerRequest__Output {
  /**
   * "zh" (default): Chinese headers; "en": English headers.
   */
  'lang': (string);
}
