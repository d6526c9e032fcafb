// The fleet's counts day by day (schema 11: compliance_days), and the one count the trend needs that the
// fleet summary does not keep: devices whose silent-agent finding stands failed. This file owns the format
// of the by_clause column (JSON, sorted by clause).
import type { ClauseFailures, ComplianceDayRecord } from '../store';
import type { SqliteConnection } from './connection';

// Through current_findings_by_status_clause: the index holds the key (device, rule, subject), so the count
// reads only the clause's failing findings, never the rows themselves.
export async function failingDevicesOfRule(
  reader: SqliteConnection,
  rule: { ruleId: string; clause: string },
): Promise<number> {
  const row = await reader.get<{ n: number }>(
    `SELECT COUNT(DISTINCT device_id) AS n FROM current_findings
      WHERE status = 'fail' AND clause = ? AND rule_id = ?`,
    [rule.clause, rule.ruleId],
  );
  return row?.n ?? 0;
}

/** Call inside a write transaction; `record` already checked (invalidComplianceDay). */
export async function recordComplianceDayInTransaction(
  transaction: SqliteConnection,
  record: ComplianceDayRecord,
): Promise<void> {
  const byClause = [...record.byClause]
    .map(({ clause, failingDevices, failingFindings }) => ({ clause, failingDevices, failingFindings }))
    .sort((a, b) => (a.clause < b.clause ? -1 : a.clause > b.clause ? 1 : 0));
  await transaction.run(
    `INSERT INTO compliance_days
       (day, devices, compliant, failing, not_judged, never_seen, silent, by_clause, recorded_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
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

interface DayRow {
  day: string;
  devices: number;
  compliant: number;
  failing: number;
  not_judged: number;
  never_seen: number;
  silent: number;
  by_clause: string;
  recorded_at_ms: number;
}

export async function complianceDays(
  reader: SqliteConnection,
  fromDay: string,
  toDay: string,
): Promise<ComplianceDayRecord[]> {
  const rows = await reader.all<DayRow>(
    `SELECT day, devices, compliant, failing, not_judged, never_seen, silent, by_clause, recorded_at_ms
       FROM compliance_days WHERE day >= ? AND day <= ? ORDER BY day`,
    [fromDay, toDay],
  );
  return rows.map((row) => ({
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
