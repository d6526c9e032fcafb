// The fleet's counts on PostgreSQL, counted when asked: the devices by where they stand (their counters,
// ../device-counters.ts, judged by ../compliance-state.ts as complianceStateSql says it) and the open current
// findings by clause (current_findings_open_by_clause). No summary row that every ingest would update: two
// collectors ingesting at once never queue on one row. One statement, so the totals and the clauses are of
// one snapshot. Measured at 100,000 devices and 5,000,000 current findings (bench/postgres-ingest.ts, 2 shared
// cores under load): the clause half is an index-only scan of the open rows (~12 ms); the device half a
// scan of devices (~90-130 ms), over the 100 ms budget: the next step is per-collector delta rows folded at
// read, or a covering index (which heartbeats' constant updates keep from staying index-only).
import type pg from 'pg';
import { complianceStateSql } from '../device-counters';
import type { FleetCounts } from '../store';

const STATE = complianceStateSql('required.n');

export async function fleetCounts(db: pg.Pool | pg.ClientBase): Promise<FleetCounts> {
  const rows = await db.query<{
    clause: string | null;
    a: number;
    b: number;
    c: number;
    d: number;
    e: number;
  }>(
    `WITH required AS (SELECT count(*) AS n FROM required_rules)
     SELECT NULL AS clause, count(*) AS a, count(*) FILTER (WHERE ${STATE.failing}) AS b,
            count(*) FILTER (WHERE last_seen_ms = 0) AS c, count(*) FILTER (WHERE ${STATE.not_judged}) AS d,
            count(*) FILTER (WHERE ${STATE.compliant}) AS e
       FROM devices, required
     UNION ALL
     SELECT clause, count(DISTINCT device_id), count(*), 0, 0, 0
       FROM current_findings WHERE status IN ('fail', 'error') GROUP BY clause`,
  );
  const totals = rows.rows.find((row) => row.clause === null);
  return {
    devices: totals?.a ?? 0,
    compliant: totals?.e ?? 0,
    failing: totals?.b ?? 0,
    neverSeen: totals?.c ?? 0,
    notJudged: totals?.d ?? 0,
    byClause: rows.rows
      .filter((row): row is typeof row & { clause: string } => row.clause !== null)
      .map((row) => ({ clause: row.clause, failingDevices: row.a, failingFindings: row.b }))
      .sort((x, y) => (x.clause < y.clause ? -1 : x.clause > y.clause ? 1 : 0)),
  };
}
