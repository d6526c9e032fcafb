// Where one ingest transaction's time goes on PostgreSQL: the group-commit transaction
// (writeFindingsInTransaction) run directly on one connection, each statement timed from the client, for a
// group of 1 device × 50 findings (one caller) and of 100 devices × 50 (a full group at 100 callers), with the
// batches of bench/postgres-ingest.ts. Prints the median per statement (its first words) and per commit.
// Run: npx tsx bench/postgres-ingest-statements.ts   (needs npm run setup:postgres; makes and drops its database)
import pg from 'pg';
import { openPostgresStore } from '../collector/store/postgres';
import { writeFindingsInTransaction } from '../collector/store/postgres/findings-ingest';
import { postgresPoolConfig } from '../collector/store/postgres/pool';
import { helloFor } from '../collector/store/store-fixtures';
import type { Finding } from '../policies/model';
import { freshPostgresDatabase } from '../test/support/postgres';
import { BATCH, batchOf } from './postgres-ingest-batch';

const ROUNDS = 40;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** A client whose statements are timed under their first words. */
function timedClient(
  client: pg.PoolClient,
  times: Map<string, number[]>,
  explain: () => boolean,
): pg.PoolClient {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'query') return Reflect.get(target, property, receiver);
      return async (text: string, values?: unknown[]) => {
        const label = text.replace(/\s+/g, ' ').trim().slice(0, 48);
        if (explain() && /^\s*(INSERT|UPDATE|DELETE|WITH|SELECT d)/.test(text)) {
          // The plan of the statement as it runs here, undone by a savepoint; then the statement itself.
          await target.query('SAVEPOINT explained');
          const plan = await target.query(`EXPLAIN (ANALYZE, BUFFERS, WAL) ${text}`, values);
          await target.query('ROLLBACK TO SAVEPOINT explained');
          console.log(`-- ${label}\n${plan.rows.map((row) => row['QUERY PLAN']).join('\n')}`);
        }
        const started = process.hrtime.bigint();
        const result = await target.query(text, values);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (explain()) return result;
        const list = times.get(label) ?? [];
        list.push(ms);
        times.set(label, list);
        return result;
      };
    },
  });
}

async function bareInsert(
  client: pg.ClientBase,
  calls: ReadonlyArray<{ deviceId: string; findings: Finding[] }>,
): Promise<void> {
  const rows = calls.flatMap((call) =>
    call.findings.map((finding) => ({ deviceId: call.deviceId, finding })),
  );
  await client.query(
    `INSERT INTO bare_findings (device_id, seq, rule_id, clause, subject, status, severity, evidence, reason,
       observed_at_ms, sweep_id, received_at_ms)
     SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
       $8::text[], $9::text[], $10::bigint[], $11::text[], $12::bigint[])`,
    [
      rows.map((row) => row.deviceId),
      rows.map((row) => row.finding.seq),
      rows.map((row) => row.finding.ruleId),
      rows.map((row) => row.finding.clause),
      rows.map((row) => row.finding.subject),
      rows.map((row) => row.finding.status),
      rows.map((row) => row.finding.severity),
      rows.map((row) => JSON.stringify(row.finding.evidence)),
      rows.map((row) => row.finding.reason),
      rows.map((row) => row.finding.observedAtMs),
      rows.map((row) => row.finding.sweepId),
      rows.map(() => 2),
    ],
  );
}

async function profile(devices: number): Promise<void> {
  const database = await freshPostgresDatabase('bench_stmts');
  try {
    const store = await openPostgresStore(database.url, { max: 2 });
    const ids = Array.from({ length: devices }, (_, i) => `dev-${String(i).padStart(5, '0')}`);
    for (const id of ids) await store.recordHello(helloFor(id), 1);
    await store.close();
    const pool = new pg.Pool(postgresPoolConfig(database.url, { max: 1 }));
    const client = await pool.connect();
    const times = new Map<string, number[]>();
    let explaining = false;
    const timed = timedClient(client, times, () => explaining);
    // The same rows as one bare INSERT … SELECT unnest in autocommit, into a copy of the table with its indexes,
    // after each store transaction: both see the same load.
    await client.query(
      'CREATE TABLE bare_findings (LIKE findings INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)',
    );
    const bare: number[] = [];
    const all: number[] = [];
    for (let n = 0; n < ROUNDS; n++) {
      // The plans of the last round (EXPLAIN=1), after the timed ones.
      explaining = process.env.EXPLAIN === '1' && n === ROUNDS - 1;
      const calls = ids.map((deviceId) => ({
        deviceId,
        findings: batchOf(n),
        receivedAtMs: 2,
        invalid: null,
      }));
      let started = process.hrtime.bigint();
      await timed.query('BEGIN');
      await writeFindingsInTransaction(timed, calls);
      await timed.query('COMMIT');
      if (!explaining) all.push(Number(process.hrtime.bigint() - started) / 1e6);
      started = process.hrtime.bigint();
      await bareInsert(client, calls);
      bare.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    await client.query('SELECT pg_stat_force_next_flush()');
    const updates = await client.query<{ relname: string; n_tup_upd: number; n_tup_hot_upd: number }>(
      `SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables
        WHERE relname IN ('current_findings', 'devices') ORDER BY relname`,
    );
    client.release();
    await pool.end();
    const timedRounds = process.env.EXPLAIN === '1' ? ROUNDS - 1 : ROUNDS;
    let total = 0;
    console.log(`${devices} device(s) × ${BATCH} findings per transaction, median of ${ROUNDS}:`);
    for (const [label, list] of times) {
      const perTransaction = (median(list) * list.length) / timedRounds;
      total += perTransaction;
      console.log(`  ${perTransaction.toFixed(2).padStart(8)} ms  ${label} (${list.length})`);
    }
    console.log(`  ${total.toFixed(2).padStart(8)} ms  the statements' medians summed`);
    for (const row of updates.rows)
      console.log(`  ${row.relname}: ${row.n_tup_upd} rows updated, ${row.n_tup_hot_upd} of them HOT`);
    console.log(
      `  ${median(all).toFixed(2).padStart(8)} ms  the transaction (median), ` +
        `${median(bare).toFixed(2)} ms the bare insert (median): ratio ${(median(bare) / median(all)).toFixed(2)}`,
    );
  } finally {
    await database.drop();
  }
}

if (process.env.ONLY !== '100') await profile(1);
await profile(100);
