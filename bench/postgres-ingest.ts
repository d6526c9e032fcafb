// Ingest into PostgreSQL through the store (recordFindings: group commit, per-device locks, current findings,
// counters) from 1 and 100 concurrent callers in batches of 50, beside a bare batched INSERT (unnest) of the
// same rows into a copy of the findings table on the same server, in three rounds each taken in turn (the
// median ratio is the figure: on a shared machine the load moves between rounds); and fleetCounts at 100,000
// devices.
// Run: npx tsx bench/postgres-ingest.ts [ingest|status]   (needs npm run setup:postgres; makes and drops its own databases)
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { openPostgresStore } from '../collector/store/postgres';
import { helloFor } from '../collector/store/store-fixtures';
import type { Finding } from '../policies/model';
import { freshPostgresDatabase } from '../test/support/postgres';
import { BATCH, batchOf } from './postgres-ingest-batch';

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function bareInsert(pool: pg.Pool, deviceId: string, findings: Finding[], at: number): Promise<void> {
  await pool.query(
    `INSERT INTO bare_findings (device_id, seq, rule_id, clause, subject, status, severity, evidence, reason,
       observed_at_ms, sweep_id, received_at_ms)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::bigint[], $11::text[], $12::bigint[])`,
    [
      findings.map(() => deviceId),
      findings.map((f) => f.seq),
      findings.map((f) => f.ruleId),
      findings.map((f) => f.clause),
      findings.map((f) => f.subject),
      findings.map((f) => f.status),
      findings.map((f) => f.severity),
      findings.map((f) => JSON.stringify(f.evidence)),
      findings.map((f) => f.reason),
      findings.map((f) => f.observedAtMs),
      findings.map((f) => f.sweepId),
      findings.map(() => at),
    ],
  );
}

/** Rounds of store ingest and bare insert taken in turn, so that both see the same load on a shared machine. */
const ROUNDS = 3;

async function ingestFigures(callers: number, batchesPerCaller: number) {
  const database = await freshPostgresDatabase('bench_ingest');
  try {
    const store = await openPostgresStore(database.url, { max: 10 });
    const ids = Array.from({ length: callers }, (_, i) => `dev-${i}`);
    for (const id of ids) await store.recordHello(helloFor(id), 1);
    const pool = new pg.Pool({ connectionString: database.url, max: 10 });
    await pool.query(
      'CREATE TABLE bare_findings (LIKE findings INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)',
    );
    const perRound = callers * batchesPerCaller * BATCH;
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const first = round * batchesPerCaller;
      const storeSeconds = await timed(async () => {
        await Promise.all(
          ids.map(async (id) => {
            for (let n = first; n < first + batchesPerCaller; n++)
              await store.recordFindings(id, batchOf(n), 2);
          }),
        );
      });
      const bareSeconds = await timed(async () => {
        await Promise.all(
          ids.map(async (id) => {
            for (let n = first; n < first + batchesPerCaller; n++) await bareInsert(pool, id, batchOf(n), 2);
          }),
        );
      });
      const storeRate = perRound / storeSeconds;
      const bareRate = perRound / bareSeconds;
      ratios.push(storeRate / bareRate);
      console.log(
        `${callers} caller(s) × ${batchesPerCaller} batches of ${BATCH}, round ${round + 1}: store ${storeRate.toFixed(0)} findings/s, ` +
          `bare unnest INSERT ${bareRate.toFixed(0)} findings/s, ratio ${(storeRate / bareRate).toFixed(2)}`,
      );
    }
    ratios.sort((a, b) => a - b);
    console.log(
      `${callers} caller(s): median ratio ${ratios[Math.floor(ROUNDS / 2)]!.toFixed(2)} (load ${loadavg()[0]!.toFixed(1)})`,
    );
    await store.close();
    await pool.end();
  } finally {
    await database.drop();
  }
}

async function fleetCountsFigures(devices: number) {
  const database = await freshPostgresDatabase('bench_fleet');
  try {
    const store = await openPostgresStore(database.url, { max: 4 });
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    await store.setRequiredRules(Array.from({ length: 25 }, (_, i) => `rule-${i}`));
    // 100,000 devices as ingest leaves them: a hardware fact row each, 25 judged rules, one in ten failing
    // with 2 open findings under one of 5 clauses, one in fifty never seen.
    await pool.query(
      `INSERT INTO devices (device_id, hostname, hardware, first_seen_ms, last_seen_ms, passing, failing, judged_rules)
       SELECT 'dev-' || lpad(g::text, 6, '0'), 'host-' || g, $2, 1, CASE WHEN g % 50 = 0 THEN 0 ELSE 1000 END,
              48, CASE WHEN g % 10 = 0 THEN 2 ELSE 0 END, 25
         FROM generate_series(1, $1) AS g`,
      [devices, JSON.stringify(helloFor('x').hardware)],
    );
    await pool.query(
      `INSERT INTO current_findings (device_id, rule_id, subject, seq, status, clause)
       SELECT 'dev-' || lpad(g::text, 6, '0'), 'rule-' || r, s, r * 2 + 1, CASE WHEN g % 10 = 0 AND r = 0 THEN 'fail' ELSE 'pass' END,
              '3.' || (g % 5)
         FROM generate_series(1, $1) AS g, generate_series(0, 24) AS r, unnest(ARRAY['s-0', 's-1']) AS s`,
      [devices],
    );
    await pool.query('VACUUM ANALYZE devices');
    await pool.query('VACUUM ANALYZE current_findings');
    await pool.end();
    const samples: number[] = [];
    let counts = await store.fleetCounts();
    for (let i = 0; i < 30; i++) {
      const started = process.hrtime.bigint();
      counts = await store.fleetCounts();
      samples.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    samples.sort((a, b) => a - b);
    console.log(
      `fleetCounts at ${devices} devices (${devices * 50} current findings): median ${samples[15]!.toFixed(1)} ms, ` +
        `max ${samples.at(-1)!.toFixed(1)} ms; ${JSON.stringify({ ...counts, byClause: counts.byClause.length })}`,
    );
    await store.close();
  } finally {
    await database.drop();
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, PostgreSQL on loopback`;
console.log(
  `machine: ${machine}; load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
);
// `ingest` or `status` alone, or both.
const only = process.argv[2];
if (only !== 'status') {
  await ingestFigures(1, 200);
  await ingestFigures(100, 20);
}
if (only !== 'ingest') await fleetCountsFigures(100_000);
