// Tables of the findings role on PostgreSQL: every finding (history), the current one per key, refusals,
// corrective measures, the trend's days and the collector's own finding numbers.
//
// No summary row. SQLite keeps fleet_summary and clause_summary current by triggers: one row every ingest
// writes. Here two collectors ingest at once, and a row both update would serialize them. The fleet's
// devices are counted instead by what decides where each stands (device_state_counts below: rows per
// connection, written only when a device moves), and its open findings by clause from the open current
// findings (current_findings_open_by_clause); fleet-counts.ts reads both in one statement.
//
// Key columns are COLLATE "C": keys order by bytes, as JavaScript and SQLite order them (page boundaries,
// lock order), whatever the database's locale.
//
// No foreign keys on findings and current_findings: ingest writes them only for devices it has just locked
// (findings-ingest.ts), and devices are never deleted; a key check per row would be paid by every finding.

/** A device's place in device_state_counts, counted +1 (rows entering) or -1 (rows leaving). */
const placesOf = (rows: string, n: 1 | -1) =>
  `SELECT failing + errors > 0 AS open, last_seen_ms <> 0 AS seen, judged_rules, ${n} AS n FROM ${rows}`;

/** A statement trigger per kind of change to devices, each adding what its rows moved to its shard. */
const DEVICE_STATE_TRIGGERS = (
  [
    ['INSERT', 'NEW TABLE AS entering', [placesOf('entering', 1)]],
    [
      'UPDATE',
      'OLD TABLE AS leaving NEW TABLE AS entering',
      [placesOf('entering', 1), placesOf('leaving', -1)],
    ],
    ['DELETE', 'OLD TABLE AS leaving', [placesOf('leaving', -1)]],
  ] as const
).flatMap(([event, transitions, moves]) => [
  `CREATE FUNCTION shoumi_count_devices_${event.toLowerCase()}() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     INSERT INTO device_state_counts (shard, open, seen, judged_rules, devices)
     SELECT pg_backend_pid() % 32, moved.open, moved.seen, moved.judged_rules, sum(moved.n)
       FROM (${moves.join(' UNION ALL ')}) AS moved
      GROUP BY moved.open, moved.seen, moved.judged_rules
     HAVING sum(moved.n) <> 0
      ORDER BY 2, 3, 4
     ON CONFLICT (shard, open, seen, judged_rules)
       DO UPDATE SET devices = device_state_counts.devices + excluded.devices;
     RETURN NULL;
   END
   $$`,
  `CREATE TRIGGER devices_counted_on_${event.toLowerCase()} AFTER ${event} ON devices REFERENCING ${transitions}
     FOR EACH STATEMENT EXECUTE FUNCTION shoumi_count_devices_${event.toLowerCase()}()`,
]);

export const FINDINGS_SCHEMA: readonly string[] = [
  `CREATE TABLE findings (
     device_id TEXT COLLATE "C" NOT NULL,
     seq BIGINT NOT NULL,
     rule_id TEXT NOT NULL,
     clause TEXT NOT NULL,
     subject TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'error', 'not_applicable')),
     severity TEXT NOT NULL,
     evidence TEXT NOT NULL,
     reason TEXT NOT NULL,
     observed_at_ms BIGINT NOT NULL,
     sweep_id TEXT NOT NULL,
     received_at_ms BIGINT NOT NULL,
     gone BOOLEAN NOT NULL DEFAULT false,
     reason_code TEXT NOT NULL DEFAULT '',
     reason_params TEXT NOT NULL DEFAULT '{}',
     PRIMARY KEY (device_id, seq)
   )`,
  `CREATE INDEX findings_by_sweep ON findings (sweep_id) WHERE sweep_id <> ''`,
  // The columns other roles read (device listings by open clause or rule, the silence watch) are SQLite's.
  // Every ingest rewrites its devices' current rows (a newer seq, mostly the same status): half-empty pages
  // let PostgreSQL keep the new version on the row's own page without touching the five indexes (a HOT
  // update; none of their columns changes while the status stays). A group of 100 devices × 50 findings:
  // the upsert 394 → 199 ms beside the findings insert's 307 → 350 ms (bench/postgres-ingest-statements.ts,
  // load 15); a status change still writes every index.
  `CREATE TABLE current_findings (
     device_id TEXT COLLATE "C" NOT NULL,
     rule_id TEXT COLLATE "C" NOT NULL,
     subject TEXT COLLATE "C" NOT NULL,
     seq BIGINT NOT NULL,
     status TEXT NOT NULL,
     clause TEXT COLLATE "C" NOT NULL,
     PRIMARY KEY (device_id, rule_id, subject)
   ) WITH (fillfactor = 50)`,
  'CREATE INDEX current_findings_by_rule ON current_findings (rule_id, device_id, subject)',
  'CREATE INDEX current_findings_by_clause ON current_findings (clause, device_id, rule_id, subject)',
  // The open findings only: fleet counts by clause, devices with an open clause or rule.
  `CREATE INDEX current_findings_open_by_clause ON current_findings (clause, device_id)
     WHERE status IN ('fail', 'error')`,
  `CREATE INDEX current_findings_open_by_rule ON current_findings (rule_id, device_id)
     WHERE status IN ('fail', 'error')`,
  // How many devices stand at each (open findings or not, seen or not, judged rules): every input of
  // compliance-state.ts's rule but the number of required rules, which fleet-counts.ts applies when it reads.
  // Kept by statement triggers on devices from the rows each statement changed, inside its transaction, so
  // it is exact whoever writes a device (ingest, hello, heartbeat, import, required rules) and never needs
  // a recount. A statement adds its changes to the rows of its own connection's shard (backend pid mod 32):
  // two collectors' transactions share a row only when their pids share a shard, and a statement writes
  // only the keys its devices left or entered (none when they stay put, the usual ingest). A shard's row
  // may go negative when a device moves under a connection other than the one that counted it; the sum over
  // shards is what holds.
  `CREATE TABLE device_state_counts (
     shard INTEGER NOT NULL,
     open BOOLEAN NOT NULL,
     seen BOOLEAN NOT NULL,
     judged_rules INTEGER NOT NULL,
     devices BIGINT NOT NULL,
     PRIMARY KEY (shard, open, seen, judged_rules)
   )`,
  ...DEVICE_STATE_TRIGGERS,
  `CREATE TABLE finding_refusals (
     device_id TEXT NOT NULL REFERENCES devices (device_id),
     seq BIGINT NOT NULL,
     rule_id TEXT NOT NULL,
     subject TEXT NOT NULL,
     reason TEXT NOT NULL,
     received_at_ms BIGINT NOT NULL,
     PRIMARY KEY (device_id, seq)
   )`,
  // The collector numbers its own findings of a device -1, -2, …: the lowest given so far, one row per
  // device, taken by an atomic upsert so that two collectors never give one number twice.
  `CREATE TABLE collector_finding_seqs (
     device_id TEXT PRIMARY KEY,
     lowest_seq BIGINT NOT NULL CHECK (lowest_seq < 0)
   )`,
  `CREATE TABLE dispositions (
     device_id TEXT COLLATE "C" NOT NULL REFERENCES devices (device_id),
     rule_id TEXT COLLATE "C" NOT NULL,
     subject TEXT COLLATE "C" NOT NULL,
     measure TEXT NOT NULL,
     completed BOOLEAN NOT NULL DEFAULT false,
     completed_at_ms BIGINT NOT NULL DEFAULT 0,
     recorded_by TEXT NOT NULL,
     recorded_at_ms BIGINT NOT NULL,
     audit_position BIGINT NOT NULL REFERENCES audit (position),
     PRIMARY KEY (device_id, rule_id, subject)
   )`,
  `CREATE TABLE compliance_days (
     day TEXT PRIMARY KEY,
     devices INTEGER NOT NULL,
     compliant INTEGER NOT NULL,
     failing INTEGER NOT NULL,
     not_judged INTEGER NOT NULL,
     never_seen INTEGER NOT NULL,
     silent INTEGER NOT NULL,
     by_clause TEXT NOT NULL,
     recorded_at_ms BIGINT NOT NULL
   )`,
];
