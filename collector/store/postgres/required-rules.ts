// The required rules on PostgreSQL. Replacing the set takes the required rules' lock exclusively
// (device-counters.ts): no ingest is between reading the set and recounting, so every device whose judged
// rules the change moves is recounted here, in the same transaction as the new set.
import type pg from 'pg';
import type { RequiredRulesOutcome } from '../store';
import { holdRequiredRulesExclusive } from './device-counters';

const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function requiredRules(db: pg.Pool | pg.ClientBase): Promise<string[]> {
  const rows = await db.query<{ rule_id: string }>('SELECT rule_id FROM required_rules');
  return rows.rows.map((row) => row.rule_id).sort(byCodeUnit);
}

/** `ruleIds` already checked (invalidRequiredRules). */
export async function setRequiredRulesInTransaction(
  client: pg.ClientBase,
  ruleIds: readonly string[],
): Promise<RequiredRulesOutcome> {
  await holdRequiredRulesExclusive(client);
  const wanted = [...new Set(ruleIds)].sort(byCodeUnit);
  const stored = await requiredRules(client);
  if (wanted.length === stored.length && wanted.every((ruleId, index) => ruleId === stored[index]))
    return { changed: false, devicesRecounted: 0 };
  const changedRules = [
    ...wanted.filter((ruleId) => !stored.includes(ruleId)),
    ...stored.filter((ruleId) => !wanted.includes(ruleId)),
  ];
  await client.query('DELETE FROM required_rules');
  await client.query('INSERT INTO required_rules (rule_id) SELECT unnest($1::text[])', [wanted]);
  // Only devices with a current row of a rule that came or went can change; recounted in id order.
  const recounted = await client.query(
    `UPDATE devices d SET judged_rules = counted.n
       FROM (SELECT t.device_id, (SELECT count(DISTINCT c.rule_id) FROM current_findings c
                                    JOIN required_rules r ON r.rule_id = c.rule_id
                                   WHERE c.device_id = t.device_id) AS n
               FROM (SELECT DISTINCT device_id FROM current_findings WHERE rule_id = ANY($1::text[])) AS t
              ORDER BY t.device_id) AS counted
      WHERE d.device_id = counted.device_id AND d.judged_rules <> counted.n`,
    [changedRules],
  );
  return { changed: true, devicesRecounted: recounted.rowCount ?? 0 };
}
