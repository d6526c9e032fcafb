// Original file: proto/shoumi/v1/admin_ledger.proto

import type { LedgerRowProblem as _shoumi_v1_LedgerRowProblem, LedgerRowProblem__Output as _shoumi_v1_LedgerRowProblem__Output } from '../../shoumi/v1/LedgerRowProblem';

export interface ExportLedgerResponse {
  /**
   * UTF-8 with BOM, CRLF line ends: opens correctly in Excel.
   */
  'csvText'?: (string);
  'rows'?: (number);
  /**
   * Entries as stored that the ledger's rules would refuse on their next write (3.7.2): a device in service
   * lacking its asset number, classification or responsible person, or an asset number two devices share
   * (possible only in data from before the rule). line: the entry's line in csv_text; column: in the
   * export's language. Every one is listed.
   */
  'gaps'?: (_shoumi_v1_LedgerRowProblem)[];
}

export interface ExportLedgerResponse__Output {
  /**
   * UTF-8 with BOM, CRLF line ends: opens correctly in Excel.
   */
  'csvText': (string);
  'rows': (number);
  /**
   * Entries as stored that the ledger's rules would refuse on their next write (3.7.2): a device in service
   * lacking its asset number, classification or responsible person, or an asset number two devices share
   * (possible only in data from before the rule). line: the entry's line in csv_text; column: in the
   * export's language. Every one is listed.
   */
  'gaps': (_shoumi_v1_LedgerRowProblem__Output)[];
}
