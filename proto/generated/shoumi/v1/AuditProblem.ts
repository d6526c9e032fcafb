// Original file: proto/shoumi/v1/admin_audit.proto

import type { Long } from '@grpc/proto-loader';

export interface AuditProblem {
  /**
   * The first broken record (for a gap: the first record after it).
   */
  'position'?: (number | string | Long);
  /**
   * gap | unknown-algorithm | previous-hash-mismatch | hash-mismatch | unreadable-detail | digest-mismatch
   * | digest-beyond-head | non-canonical-detail | seal-invalid | seal-mismatch | seal-beyond-head | emptied
   */
  'kind'?: (string);
  'message'?: (string);
}

export interface AuditProblem__Output {
  /**
   * The first broken record (for a gap: the first record after it).
   */
  'position': (number);
  /**
   * gap | unknown-algorithm | previous-hash-mismatch | hash-mismatch | unreadable-detail | digest-mismatch
   * | digest-beyond-head | non-canonical-detail | seal-invalid | seal-mismatch | seal-beyond-head | emptied
   */
  'kind': (string);
  'message': (string);
}
