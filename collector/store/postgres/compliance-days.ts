// The fleet's counts day by day on PostgreSQL (compliance_days; by_clause as JSON sorted by clause), and the
// failing devices of one rule.
import type pg from 'pg';
import type { ClauseFailures, ComplianceDayRecord } from '../store';

export async function failingDevicesOfRule(
  db: pg.Pool | pg.ClientBase,
  rule: { ruleId: string; clause: string },
): Promise<number> {
  const row = await db.query<{ n: number }>(
    `SELECT count(DISTINCT device_id) AS n FROM current_findings
      WHERE status = 'fail' AND clause = $1 AND rule_id = $2`,
    [rule.clause, rule.ruleId],
  );
  return row.rows[0]?.n ?? 0;
}

/** `record` already checked (invalidComplianceDay); a row recorded later is never replaced by an earlier one. */
export async function recordComplianceDay(
  db: pg.Pool | pg.ClientBase,
  record: ComplianceDayRecord,
): Promise<void> {
  const byClause = [...record.byClause]
    .map(({ clause, failingDevices, failingFindings }) => ({ clause, failingDevices, failingFindings }))
    .sort((a, b) => (a.clause < b.clause ? -1 : a.clause > b.clause ? 1 : 0));
  await db.query(
    `INSERT INTO compliance_days
       (day, devices, compliant, failing, not_judged, never_seen, silent, by_clause, recorded_at_ms)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (day) DO UPDATE SET
       devices = excluded.devices, compliant = excluded.compliant, failing = excluded.failing,
       not_judged = excluded.not_judged, never_seen = excluded.never_seen, silent = excluded.silent,
       by_clause = excluded.by_clause, recorded_at_ms = excluded.recorded_at_ms
     WHERE excluded.recorded_at_ms >= compliance_days.recorded_at_ms`,
    [
      record.day,
      record.devices,
      record.compliant,
      record.failing,
      record.notJudged,
      record.neverSeen,
      record.silent,
      JSON.stringify(byClause),
      record.recordedAtMs,
    ],
  );
}

export async function complianceDays(
  db: pg.Pool | pg.ClientBase,
  fromDay: string,
  toDay: string,
): Promise<ComplianceDayRecord[]> {
  const rows = await db.query<{
    day: string;
    devices: number;
    compliant: number;
    failing: number;
    not_judged: number;
    never_seen: number;
    silent: number;
    by_clause: string;
    recorded_at_ms: number;
  }>(
    `SELECT day, devices, compliant, failing, not_judged, never_seen, silent, by_clause, recorded_at_ms
       FROM compliance_days WHERE day >= $1 AND day <= $2 ORDER BY day`,
    [fromDay, toDay],
  );
  return rows.rows.map((row) => ({
    day: row.day,
    devices: row.devices,
    compliant: row.compliant,
    failing: row.failing,
    notJudged: row.not_judged,
    neverSeen: row.never_seen,
    silent: row.silent,
    byClause: JSON.parse(row.by_clause) as ClauseFailures[],
    recordedAtMs: row.recorded_at_ms,
  }));
}
