// Original file: proto/shoumi/v1/admin_ledger.proto


export interface LedgerRowProblem {
  /**
   * 1-based line number in the file (the header is line 1).
   */
  'line'?: (number);
  'column'?: (string);
  'problem'?: (string);
}

export interface LedgerRowProblem__Output {
  /**
   * 1-based line number in the file (the header is line 1).
   */
  'line': (number);
  'column': (string);
  'problem': (string);
}
