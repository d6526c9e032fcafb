// Original file: proto/shoumi/v1/admin_ledger.proto


export interface ExportLedgerResponse {
  /**
   * UTF-8 with BOM, CRLF line ends: opens correctly in Excel.
   */
  'csvText'?: (string);
  'rows'?: (number);
}

export interface ExportLedgerResponse__Output {
  /**
   * UTF-8 with BOM, CRLF line ends: opens correctly in Excel.
   */
  'csvText': (string);
  'rows': (number);
}
