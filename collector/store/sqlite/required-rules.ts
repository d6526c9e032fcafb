// The rules every device must hold a current verdict for (schema 7: required_rules, devices.judged_rules,
// fleet_summary.required_rules and not_judged). Ingest keeps judged_rules by triggers on new and closed
// current keys only; a change of the set itself is rare (a policy reload that adds or drops a rule) and is
// applied here, in the same transaction as the new set: the devices' counts by the rules that changed, the
// fleet's not-judged count recounted whole.
import type { RequiredRulesOutcome } from '../store';
import type { SqliteConnection } from './connection';

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function requiredRules(connection: SqliteConnection): Promise<string[]> {
  const rows = await connection.all<{ rule_id: string }>('SELECT rule_id FROM required_rules');
  return rows.map((row) => row.rule_id).sort(byCodeUnit);
}

/** Call inside a write transaction; `ruleIds` already checked (invalidRequiredRules). */
export async function setRequiredRulesInTransaction(
  transaction: SqliteConnection,
  ruleIds: readonly string[],
): Promise<RequiredRulesOutcome> {
  const wanted = [...new Set(ruleIds)].sort(byCodeUnit);
  const stored = await requiredRules(transaction);
  if (wanted.length === stored.length && wanted.every((ruleId, index) => ruleId === stored[index])) {
    return { changed: false, devicesRecounted: 0 };
  }
  await transaction.run('DELETE FROM required_rules');
  // A policy has tens of rules: one statement, far under the bound-variable limit.
  if (wanted.length > 0) {
    await transaction.run(
      `INSERT INTO required_rules (rule_id) VALUES ${wanted.map(() => '(?)').join(', ')}`,
      wanted,
    );
  }
  // Only the rules that came or went move a device's count: +1 for each added rule it has a current row for,
  // −1 for each removed one, read by rule from current_findings_by_rule. A new rule nobody has judged yet
  // reads nothing; the cost follows the rows of the rules that changed, not the fleet's current findings.
  // The device triggers fire for the rows that move, with the old set's count in fleet_summary; not_judged
  // is recounted whole just after.
  const added = wanted.filter((ruleId) => !stored.includes(ruleId));
  const removed = stored.filter((ruleId) => !wanted.includes(ruleId));
  // One branch per direction that has rules (an empty IN list would scan the whole index).
  const branches = [
    ...(added.length > 0 ? [[1, added] as const] : []),
    ...(removed.length > 0 ? [[-1, removed] as const] : []),
  ].map(
    ([n, ruleIds]) =>
      `SELECT device_id, ${n} AS n FROM current_findings WHERE rule_id IN (${ruleIds.map(() => '?').join(', ')})
        GROUP BY rule_id, device_id`,
  );
  const recounted =
    branches.length === 0
      ? { changes: 0 }
      : await transaction.run(
          `UPDATE devices SET judged_rules = judged_rules + delta.n
             FROM (SELECT device_id, sum(n) AS n FROM (${branches.join(' UNION ALL ')}) GROUP BY device_id) AS delta
            WHERE devices.device_id = delta.device_id AND delta.n <> 0`,
          [...added, ...removed],
        );
  await transaction.run(
    `UPDATE fleet_summary SET required_rules = ?1,
       not_judged = (SELECT count(*) FROM devices
                      WHERE last_seen_ms > 0 AND failing + errors = 0 AND judged_rules < max(1, ?1))
     WHERE id = 1`,
    [wanted.length],
  );
  return { changed: true, devicesRecounted: recounted.changes };
}
