// What gives way when the outbox is full: the pure decision, apart from the file work in outbox.ts.
//
// A record may be dropped only when a NEWER record for the same (rule, subject) is also queued: the
// collector keeps the current state of each key, and that newest state still arrives. Among those
// superseded records, the least telling go first: pass and not_applicable, then error, then fail; oldest
// first within each. The agent's own declarations (agent-outbox-*: lost records, earlier overflows) are
// never dropped: they are how the collector learns what is missing.

import type { Finding } from '../../policies/model';

const DROP_RANK: Record<Finding['status'], number> = { pass: 0, not_applicable: 0, error: 1, fail: 2 };
const AGENT_OWN_RULE_PREFIX = 'agent-outbox-';

export interface DropCandidate {
  finding: Finding;
  bytes: number;
}

/** Seqs (ascending) to drop to free at least `bytesToFree`, or all superseded ones when that is not enough. */
export function chooseDrops(records: readonly DropCandidate[], bytesToFree: number): number[] {
  if (bytesToFree <= 0) return [];
  const newestSeqByKey = new Map<string, number>();
  for (const { finding } of records) newestSeqByKey.set(keyOf(finding), finding.seq);
  const superseded = records.filter(
    ({ finding }) =>
      !finding.ruleId.startsWith(AGENT_OWN_RULE_PREFIX) && newestSeqByKey.get(keyOf(finding)) !== finding.seq,
  );
  superseded.sort(
    (a, b) => DROP_RANK[a.finding.status] - DROP_RANK[b.finding.status] || a.finding.seq - b.finding.seq,
  );
  const chosen: number[] = [];
  let freed = 0;
  for (const record of superseded) {
    if (freed >= bytesToFree) break;
    chosen.push(record.finding.seq);
    freed += record.bytes;
  }
  return chosen.sort((a, b) => a - b);
}

function keyOf(finding: Pick<Finding, 'ruleId' | 'subject'>): string {
  return `${finding.ruleId}\u0000${finding.subject}`;
}
