// One audit record as the store holds it: the detail as the JSON text that was written, and the algorithm
// that chained it. The verifier works on this raw form so that an unreadable detail is a finding of its own,
// not a crash.
export interface StoredAuditRecord {
  position: number;
  atMs: number;
  actor: string;
  source: string;
  action: string;
  target: string;
  /** The detail column exactly as stored (JSON text). */
  detailJson: string;
  outcome: string;
  algorithm: string;
  previousHash: string;
  hash: string;
}
