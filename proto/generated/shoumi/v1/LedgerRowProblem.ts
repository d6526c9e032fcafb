// Original file: proto/shoumi/v1/admin_ledger.proto


export interface LedgerRowProblem {
  /**
   * 1-based line number in the file (the header is line 1); 0 for the file as a whole (too large, too many rows).
   */
  'line'?: (number);
  /**
   * The column's header as written in the file; "" when the problem is not about one column.
   */
  'column'?: (string);
  'problem'?: (string);
}

export interface LedgerRowProblem__Output {
  /**
   * 1-based line number in the file (the header is line 1); 0 for the file as a whole (too large, too many rows).
   */
  'line': (number);
  /**
   * The column's header as written in the file; "" when the problem is not about one column.
   */
  'column': (string);
  'problem': (string);
}
