// The fleet's counts on PostgreSQL. The devices: device_state_counts (schema-findings.ts) says how many stand at
// each (open findings, seen, judged rules), kept by triggers in every transaction that changes a device;
// compliance-state.ts's rule, with the number of required rules read in the same statement, turns each such
// place into a state here. The clauses: the open current findings counted by clause
// (current_findings_open_by_clause). No summary row that every ingest would update: two collectors ingesting
// at once never queue on one row. One statement, so the totals and the clauses are of one snapshot.
//
// Measured at 100,000 devices and 5,000,000 current findings (bench/postgres-ingest.ts, 2 shared cores,
// load 14-18): 158 ms median counting devices' counters row by row before; with device_state_counts the
// device half reads a few dozen rows whatever the fleet's size, and the clause half stays an index scan of
// the open rows only.
import type pg from 'pg';
import { deviceJudgement } from '../compliance-state';
import type { FleetCounts } from '../store';

interface CountsRow {
  clause: string | null;
  open: boolean | null;
  seen: boolean | null;
  judged_rules: number | null;
  required: number;
  a: number;
  b: number;
}

export async function fleetCounts(db: pg.Pool | pg.ClientBase): Promise<FleetCounts> {
  const rows = await db.query<CountsRow>(
    `WITH required AS (SELECT count(*) AS n FROM required_rules)
     SELECT NULL AS clause, open, seen, judged_rules, required.n AS required, sum(devices)::bigint AS a, 0 AS b
       FROM device_state_counts, required
      GROUP BY open, seen, judged_rules, required.n HAVING sum(devices) <> 0
     UNION ALL
     SELECT clause, NULL, NULL, NULL, 0, count(DISTINCT device_id), count(*)
       FROM current_findings WHERE status IN ('fail', 'error') GROUP BY clause`,
  );
  const counts = { devices: 0, compliant: 0, failing: 0, neverSeen: 0, notJudged: 0 };
  for (const row of rows.rows) {
    if (row.clause !== null) continue;
    // The place stands for its devices: whatever else their counters say, the rule reads only these.
    const { state } = deviceJudgement(
      {
        lastSeenMs: row.seen === true ? 1 : 0,
        counts: { fail: row.open === true ? 1 : 0, error: 0, pass: 0, not_applicable: 0 },
        judgedRules: row.judged_rules ?? 0,
      },
      row.required,
    );
    counts.devices += row.a;
    // Never seen counts every device whose agent never connected, failing (a collector finding) or not, as
    // on SQLite; the other three are states, one per device.
    if (row.seen !== true) counts.neverSeen += row.a;
    if (state === 'compliant') counts.compliant += row.a;
    else if (state === 'failing') counts.failing += row.a;
    else if (state === 'not_judged') counts.notJudged += row.a;
  }
  return {
    ...counts,
    byClause: rows.rows
      .filter((row): row is CountsRow & { clause: string } => row.clause !== null)
      .map((row) => ({ clause: row.clause, failingDevices: row.a, failingFindings: row.b }))
      .sort((x, y) => (x.clause < y.clause ? -1 : x.clause > y.clause ? 1 : 0)),
  };
}
