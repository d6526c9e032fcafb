// Findings the collector judges itself — a medium or printer crossing classification levels, an agent gone
// silent — stored in the same findings/current_findings tables as the agents' own, under the device they
// concern, so that counts, queries and reports treat them alike.
//
// Numbering: an agent numbers its findings 1, 2, 3, ... The collector numbers its findings for a device
// -1, -2, -3, ... in the same (device_id, seq) key space, so the two can never collide, the agent's last_seq
// and duplicate checks (which look only at positive ranges) are untouched, and `seq < 0` says who judged it.
import { repeatsCurrent, type StoredJudgement } from '../collector-judgement';
import { invalidCollectorFinding } from '../findings-input';
import { currentStateChange } from '../one-current-state';
import type { CollectorFinding } from '../store';
import type { SqliteConnection } from './connection';
import { applyCurrentStateChanges } from './current-findings';
import { FINDING_ROW_COLUMNS, findingRow } from './findings';

type CurrentRow = StoredJudgement & { seq: number };

/**
 * Stores each finding unless the device's current finding for the same rule and subject already says the
 * same (status, evidence, reason and its code and parameters): a judgement repeated every minute must not grow the history.
 * Returns the findings actually stored. Call inside a write transaction.
 */
export async function recordCollectorFindingsInTransaction(
  transaction: SqliteConnection,
  findings: readonly CollectorFinding[],
  atMs: number,
): Promise<CollectorFinding[]> {
  for (const finding of findings) {
    const invalid = invalidCollectorFinding(finding);
    if (invalid !== null) throw invalid;
  }
  const stored: CollectorFinding[] = [];
  for (const finding of findings) {
    const current = await transaction.get<CurrentRow>(
      `SELECT f.seq, f.status, f.evidence, f.reason, f.reason_code, f.reason_params FROM current_findings c
         JOIN findings f ON f.device_id = c.device_id AND f.seq = c.seq
        WHERE c.device_id = ? AND c.rule_id = ? AND c.subject = ?`,
      [finding.deviceId, finding.ruleId, finding.subject],
    );
    if (repeatsCurrent(current, finding)) continue;
    // Read inside the IMMEDIATE write transaction: no other writer (another store instance on the file
    // included) can number a finding of this device before it commits; the primary key backs that up.
    const lowest = await transaction.get<{ seq: number | null }>(
      'SELECT min(seq) AS seq FROM findings WHERE device_id = ? AND seq < 0',
      [finding.deviceId],
    );
    const seq = Math.min(0, lowest?.seq ?? 0) - 1;
    const { deviceId, ...unsequenced } = finding;
    const sequenced = { ...unsequenced, seq };
    await transaction.run(
      `INSERT INTO findings (${FINDING_ROW_COLUMNS}) VALUES (${FINDING_ROW_COLUMNS.replace(/[a-z_]+/g, '?')})`,
      findingRow(deviceId, sequenced, atMs),
    );
    // The one-state rule as for agents' findings: each finding here is the newest of its (device, rule),
    // since collector-owned rules have no other writer (agents' findings of them are refused) and the
    // collector writes them one at a time in this transaction; its seqs run downwards, so "older" is the
    // higher seq. (The collector's rules do not mix whole-rule and subject findings today: silence is about
    // the device, cross-use about a medium or printer; the rule holds all the same if one ever does.)
    await applyCurrentStateChanges(
      transaction,
      [{ deviceId, ruleId: finding.ruleId, change: currentStateChange([sequenced]) }],
      'descending',
    );
    stored.push(finding);
  }
  return stored;
}

/** The collector's current findings of one rule, for re-judging them (e.g. which cross-uses still stand). */
export async function currentCollectorFindingKeys(
  reader: SqliteConnection,
  ruleId: string,
): Promise<Array<{ deviceId: string; subject: string; status: string }>> {
  const rows = await reader.all<{ device_id: string; subject: string; status: string }>(
    'SELECT device_id, subject, status FROM current_findings WHERE rule_id = ? AND seq < 0',
    [ruleId],
  );
  return rows.map((row) => ({ deviceId: row.device_id, subject: row.subject, status: row.status }));
}
