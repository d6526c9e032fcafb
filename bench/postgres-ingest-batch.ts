// The findings the PostgreSQL ingest benches send (postgres-ingest.ts, postgres-ingest-statements.ts): one
// shape, so the store's figure and the statement profile measure the same rows.
import { findingOf } from '../collector/store/store-fixtures';
import type { Finding } from '../policies/model';

export const BATCH = 50;

/** A device's nth batch: 50 findings over 25 rules × 2 subjects, a few failing. */
export function batchOf(n: number): Finding[] {
  return Array.from({ length: BATCH }, (_, i) => {
    const seq = n * BATCH + i + 1;
    return findingOf(seq, {
      ruleId: `rule-${i % 25}`,
      subject: `s-${i % 2}`,
      status: seq % 7 === 0 ? 'fail' : 'pass',
      evidence: { seq, text: 'x'.repeat(80) },
    });
  });
}
