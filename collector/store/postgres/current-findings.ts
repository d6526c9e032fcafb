// Writes of current_findings on PostgreSQL: carries out what the one-state rule (../one-current-state.ts)
// decided for many (device, rule) pairs in three statements — the bounded closes, then the guarded upserts —
// whatever the number of pairs. Unlike SQLite no trigger closes rows behind an upsert: every close the rule
// returns is issued here. The devices' counters are recounted afterwards (device-counters.ts).
import type pg from 'pg';
import type { FindingStatus } from '../../../policies/model';
import type { CurrentStateChange, RuleFinding } from '../one-current-state';

/** A finding as a candidate current row: what current_findings keeps of it. */
export interface CurrentCandidate extends RuleFinding {
  status: FindingStatus;
  clause: string;
}

export interface RuleChange {
  deviceId: string;
  ruleId: string;
  change: CurrentStateChange<CurrentCandidate>;
}

/**
 * Which way a writer's seqs grow with time: agents' upwards, the collector's own downwards
 * (collector-findings.ts). Every (device, rule) has one writer, so its rows are all of one kind.
 */
export type SeqOrder = 'ascending' | 'descending';

export async function applyCurrentStateChanges(
  client: pg.ClientBase,
  changes: readonly RuleChange[],
  order: SeqOrder,
): Promise<void> {
  const older = order === 'ascending' ? '<' : '>';
  // A subject close is a key close whose subject is null: every subject row (subject <> '') of the rule.
  const closes = {
    device: [] as string[],
    rule: [] as string[],
    subject: [] as (string | null)[],
    seq: [] as number[],
  };
  const upserts = {
    device: [] as string[],
    rule: [] as string[],
    subject: [] as string[],
    seq: [] as number[],
    status: [] as string[],
    clause: [] as string[],
  };
  for (const { deviceId, ruleId, change } of changes) {
    const close = (subject: string | null, seq: number) => {
      closes.device.push(deviceId);
      closes.rule.push(ruleId);
      closes.subject.push(subject);
      closes.seq.push(seq);
    };
    if (change.closeSubjectsBelow !== null) close(null, change.closeSubjectsBelow);
    for (const key of change.closeKeys) close(key.subject, key.belowSeq);
    for (const row of change.current) {
      upserts.device.push(deviceId);
      upserts.rule.push(ruleId);
      upserts.subject.push(row.subject);
      upserts.seq.push(row.seq);
      upserts.status.push(row.status);
      upserts.clause.push(row.clause);
    }
  }
  if (closes.device.length > 0) {
    await client.query(
      `DELETE FROM current_findings c
        USING unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS v (device_id, rule_id, subject, seq)
        WHERE c.device_id = v.device_id AND c.rule_id = v.rule_id AND c.seq ${older} v.seq
          AND (CASE WHEN v.subject IS NULL THEN c.subject <> '' ELSE c.subject = v.subject END)`,
      [closes.device, closes.rule, closes.subject, closes.seq],
    );
  }
  if (upserts.device.length > 0) {
    // In key order, so that two writers upserting overlapping keys take their row locks in one order.
    await client.query(
      `INSERT INTO current_findings (device_id, rule_id, subject, seq, status, clause)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[])
        ORDER BY 1, 2, 3
       ON CONFLICT (device_id, rule_id, subject) DO UPDATE SET
         seq = excluded.seq, status = excluded.status, clause = excluded.clause
       WHERE current_findings.seq ${older} excluded.seq`,
      [upserts.device, upserts.rule, upserts.subject, upserts.seq, upserts.status, upserts.clause],
    );
  }
}
