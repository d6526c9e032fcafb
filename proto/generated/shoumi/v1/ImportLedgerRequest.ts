// Original file: proto/shoumi/v1/admin_ledger.proto


export interface ImportLedgerRequest {
  /**
   * The CSV file's text (UTF-8, with or without BOM; Chinese or English headers).
   */
  'csvText'?: (string);
  /**
   * Validate and report only; write nothing.
   */
  'dryRun'?: (boolean);
  /**
   * Name of the file, for the report and the audit record.
   */
  'fileName'?: (string);
}

export interface ImportLedgerRequest__Output {
  /**
   * The CSV file's text (UTF-8, with or without BOM; Chinese or English headers).
   */
  'csvText': (string);
  /**
   * Validate and report only; write nothing.
   */
  'dryRun': (boolean);
  /**
   * Name of the file, for the report and the audit record.
   */
  'fileName': (string);
}
