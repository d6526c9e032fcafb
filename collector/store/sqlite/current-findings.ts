// Writes of current_findings: carries out what the one-state rule (../one-current-state.ts) decided for many
// (device, rule) pairs in a handful of statements — the bounded closes first, then the guarded upserts — so
// that a group commit pays per statement, not per pair. The count, clause and judged-rule triggers on
// current_findings follow every insert, update and delete, so the summaries stay exact.
import type { FindingStatus } from '../../../policies/model';
import type { CurrentStateChange, RuleFinding } from '../one-current-state';
import type { SqliteConnection, SqlValue } from './connection';

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
 * Which way a writer's seqs grow with time: agents number their findings upwards (1, 2, 3), the collector
 * its own downwards (-1, -2, -3; collector-findings.ts). Every (device, rule) has one writer (the store
 * refuses collector-owned rule ids from agents), so its rows are all of one kind.
 */
export type SeqOrder = 'ascending' | 'descending';

// SQLite's default limit is 32766 bound variables per statement; stay well under it.
const MAX_VARIABLES_PER_STATEMENT = 30_000;

export async function applyCurrentStateChanges(
  transaction: SqliteConnection,
  changes: readonly RuleChange[],
  order: SeqOrder,
): Promise<void> {
  // "Older than the bound": below it for agents, above it for the collector.
  const older = order === 'ascending' ? '<' : '>';
  const subjectCloses: SqlValue[][] = [];
  const keyCloses: SqlValue[][] = [];
  const upserts: SqlValue[][] = [];
  for (const { deviceId, ruleId, change } of changes) {
    if (change.closeSubjectsBelow !== null) subjectCloses.push([deviceId, ruleId, change.closeSubjectsBelow]);
    for (const key of change.closeKeys) keyCloses.push([deviceId, ruleId, key.subject, key.belowSeq]);
    for (const row of change.current)
      upserts.push([deviceId, ruleId, row.subject, row.seq, row.status, row.clause]);
  }
  // The closes pick their rows by the primary key (device, rule, subject range) from the VALUES list, then
  // delete by the same key: each is a few index probes per pair, never a scan of current_findings.
  for (const chunk of chunked(subjectCloses, 3)) {
    await transaction.run(
      `DELETE FROM current_findings WHERE (device_id, rule_id, subject) IN (
         SELECT c.device_id, c.rule_id, c.subject FROM (VALUES ${placeholders(chunk.length, 3)}) AS v
           JOIN current_findings c ON c.device_id = v.column1 AND c.rule_id = v.column2
            AND c.subject > '' AND c.seq ${older} v.column3)`,
      chunk.flat(),
    );
  }
  for (const chunk of chunked(keyCloses, 4)) {
    await transaction.run(
      `DELETE FROM current_findings WHERE (device_id, rule_id, subject) IN (
         SELECT c.device_id, c.rule_id, c.subject FROM (VALUES ${placeholders(chunk.length, 4)}) AS v
           JOIN current_findings c ON c.device_id = v.column1 AND c.rule_id = v.column2
            AND c.subject = v.column3 AND c.seq ${older} v.column4)`,
      chunk.flat(),
    );
  }
  for (const chunk of chunked(upserts, 6)) {
    await transaction.run(
      `INSERT INTO current_findings (device_id, rule_id, subject, seq, status, clause)
       VALUES ${placeholders(chunk.length, 6)}
       ON CONFLICT (device_id, rule_id, subject) DO UPDATE SET
         seq = excluded.seq, status = excluded.status, clause = excluded.clause
       WHERE current_findings.seq ${older} excluded.seq`,
      chunk.flat(),
    );
  }
}

function placeholders(rows: number, columns: number): string {
  const row = `(${'?, '.repeat(columns).slice(0, -2)})`;
  return `${row}, `.repeat(rows).slice(0, -2);
}

function chunked<T extends SqlValue[]>(rows: readonly T[], columns: number): T[][] {
  const size = Math.floor(MAX_VARIABLES_PER_STATEMENT / columns);
  const chunks: T[][] = [];
  for (let start = 0; start < rows.length; start += size) chunks.push(rows.slice(start, start + size));
  return chunks;
}
