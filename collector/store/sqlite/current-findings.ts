// Writes of current_findings: carries out what the one-state rule (../one-current-state.ts) decided for many
// (device, rule) pairs in a handful of statements — the bounded closes first, then the guarded upserts — so
// that a group commit pays per statement, not per pair. A close that an upsert implies (the row becoming
// current closes the other kind's older rows) is left to the triggers of schema 7, which do it inside
// SQLite at one index probe per row: as statements of their own, the closes cost ~13 µs of CPU per finding
// in the 10,000 devices × 20 shape. The count, clause and judged-rule triggers on current_findings follow
// every insert, update and delete, so the summaries stay exact.
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
  // Flat parameter lists, one per statement kind, cut into statements of at most `rows` rows each.
  const subjectCloses = statementRows(3);
  const keyCloses = statementRows(4);
  const upserts = statementRows(6);
  for (const { deviceId, ruleId, change } of changes) {
    if (change.closeSubjectsBelow !== null && !impliedByUpsert(change, order, '', change.closeSubjectsBelow))
      subjectCloses.add(deviceId, ruleId, change.closeSubjectsBelow);
    for (const key of change.closeKeys) {
      if (key.subject !== '' || !impliedByUpsert(change, order, null, key.belowSeq))
        keyCloses.add(deviceId, ruleId, key.subject, key.belowSeq);
    }
    for (const row of change.current)
      upserts.add(deviceId, ruleId, row.subject, row.seq, row.status, row.clause);
  }
  // The closes pick their rows by the primary key (device, rule, subject range) from the VALUES list, then
  // delete by the same key: each is a few index probes per pair, never a scan of current_findings.
  for (const { rows, values } of subjectCloses.statements()) {
    await transaction.run(
      `DELETE FROM current_findings WHERE (device_id, rule_id, subject) IN (
         SELECT c.device_id, c.rule_id, c.subject FROM (VALUES ${placeholders(rows, 3)}) AS v
           JOIN current_findings c ON c.device_id = v.column1 AND c.rule_id = v.column2
            AND c.subject > '' AND c.seq ${older} v.column3)`,
      values,
    );
  }
  for (const { rows, values } of keyCloses.statements()) {
    await transaction.run(
      `DELETE FROM current_findings WHERE (device_id, rule_id, subject) IN (
         SELECT c.device_id, c.rule_id, c.subject FROM (VALUES ${placeholders(rows, 4)}) AS v
           JOIN current_findings c ON c.device_id = v.column1 AND c.rule_id = v.column2
            AND c.subject = v.column3 AND c.seq ${older} v.column4)`,
      values,
    );
  }
  for (const { rows, values } of upserts.statements()) {
    await transaction.run(
      `INSERT INTO current_findings (device_id, rule_id, subject, seq, status, clause)
       VALUES ${placeholders(rows, 6)}
       ON CONFLICT (device_id, rule_id, subject) DO UPDATE SET
         seq = excluded.seq, status = excluded.status, clause = excluded.clause
       WHERE current_findings.seq ${older} excluded.seq`,
      values,
    );
  }
}

/** Rows of `columns` values gathered flat and handed out as statements under the bound-variable limit. */
function statementRows(columns: number) {
  const perStatement = Math.floor(MAX_VARIABLES_PER_STATEMENT / columns);
  const values: SqlValue[] = [];
  return {
    add(...row: SqlValue[]) {
      for (const value of row) values.push(value);
    },
    *statements(): Generator<{ rows: number; values: SqlValue[] }> {
      const total = values.length / columns;
      for (let start = 0; start < total; start += perStatement) {
        const rows = Math.min(perStatement, total - start);
        yield { rows, values: values.slice(start * columns, (start + rows) * columns) };
      }
    },
  };
}

/**
 * Whether an upsert of this change closes the same rows itself, by the triggers of schema 7 (agents' rows
 * only): a current whole-rule row at `belowSeq` closes the subject rows below it (`subject` ""), a current
 * subject row at `belowSeq` the whole-rule row below it (`subject` null: any subject). In the usual group —
 * one kind of finding per (device, rule) — every close is implied and no close statement runs.
 */
function impliedByUpsert(
  change: CurrentStateChange<CurrentCandidate>,
  order: SeqOrder,
  subject: '' | null,
  belowSeq: number,
): boolean {
  return (
    order === 'ascending' &&
    change.current.some(
      (row) => row.seq === belowSeq && (subject === '' ? row.subject === '' : row.subject !== ''),
    )
  );
}

function placeholders(rows: number, columns: number): string {
  const row = `(${'?, '.repeat(columns).slice(0, -2)})`;
  return `${row}, `.repeat(rows).slice(0, -2);
}
