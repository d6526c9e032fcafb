// Original file: proto/shoumi/v1/admin_ledger.proto

import type { LedgerRowProblem as _shoumi_v1_LedgerRowProblem, LedgerRowProblem__Output as _shoumi_v1_LedgerRowProblem__Output } from '../../shoumi/v1/LedgerRowProblem';

export interface ImportLedgerResponse {
  /**
   * true only when every row was valid and (unless dry_run) all were written in one transaction.
   */
  'applied'?: (boolean);
  'rows'?: (number);
  'created'?: (number);
  'changed'?: (number);
  'unchanged'?: (number);
  /**
   * In file order; at most 500 are listed, problem_count says how many there were.
   */
  'problems'?: (_shoumi_v1_LedgerRowProblem)[];
  'problemCount'?: (number);
  'dryRun'?: (boolean);
  /**
   * What the file says that was not imported although the row was: a 主机名 (hostname) that differs from
   * the one the agent reports (the hostname is the agent's, read-only in the ledger). In file order; at most
   * 500 are listed, note_count says how many there were.
   */
  'notes'?: (_shoumi_v1_LedgerRowProblem)[];
  'noteCount'?: (number);
}

export interface ImportLedgerResponse__Output {
  /**
   * true only when every row was valid and (unless dry_run) all were written in one transaction.
   */
  'applied': (boolean);
  'rows': (number);
  'created': (number);
  'changed': (number);
  'unchanged': (number);
  /**
   * In file order; at most 500 are listed, problem_count says how many there were.
   */
  'problems': (_shoumi_v1_LedgerRowProblem__Output)[];
  'problemCount': (number);
  'dryRun': (boolean);
  /**
   * What the file says that was not imported although the row was: a 主机名 (hostname) that differs from
   * the one the agent reports (the hostname is the agent's, read-only in the ledger). In file order; at most
   * 500 are listed, note_count says how many there were.
   */
  'notes': (_shoumi_v1_LedgerRowProblem__Output)[];
  'noteCount': (number);
}
