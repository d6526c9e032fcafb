// The rules every device must hold a current verdict for (schema 7: required_rules, devices.judged_rules,
// fleet_summary.required_rules and not_judged). Ingest keeps judged_rules by triggers on new and closed
// current keys only; a change of the set itself is rare (a policy reload that adds or drops a rule) and is
// recounted whole here, in the same transaction as the new set.
import type { RequiredRulesOutcome } from '../store';
import { InvalidStoreInputError } from '../store-errors';
import type { SqliteConnection } from './connection';

export function invalidRequiredRules(ruleIds: readonly string[]): InvalidStoreInputError | null {
  if (!Array.isArray(ruleIds)) return new InvalidStoreInputError('required rules must be a list of rule ids');
  const bad = ruleIds.find((ruleId) => typeof ruleId !== 'string' || ruleId === '');
  return bad === undefined
    ? null
    : new InvalidStoreInputError(`required rule id ${JSON.stringify(bad)} is not a non-empty string`);
}

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
  // Each device's judged rules under the new set, written only where it moved. The device triggers fire for
  // those rows with the counts of the old set in fleet_summary; not_judged is recounted whole just after.
  const recounted = await transaction.run(
    `UPDATE devices SET judged_rules = judged.n
       FROM (SELECT d.device_id,
                    (SELECT count(DISTINCT c.rule_id) FROM current_findings c
                      WHERE c.device_id = d.device_id
                        AND c.rule_id IN (SELECT rule_id FROM required_rules)) AS n
               FROM devices d) AS judged
      WHERE devices.device_id = judged.device_id AND devices.judged_rules <> judged.n`,
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
