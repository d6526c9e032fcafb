// Throwaway benchmark (not a test): rows/s of a bare batched insert into the findings table (one
// transaction and one multi-row INSERT per 1000 rows) against recordFindings with 100 concurrent callers
// of 10 rows each. The project target is recordFindings ≥ 0.5 × bare. Run: npx tsx collector/store/sqlite/ingest.bench.ts
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FindingStatus } from '../../../policies/model';
import { findingOf, helloFor } from '../store-fixtures';
import { openConnection, type SqlValue } from './connection';
import { openSqliteStore } from './index';

const TOTAL_ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const CALLERS = 100;
const ROWS_PER_CALL = 10;
const BARE_ROWS_PER_TRANSACTION = 1000;
const STATUSES: FindingStatus[] = ['pass', 'fail', 'error', 'not_applicable'];

async function freshStoreFile(): Promise<{ file: string; directory: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'shoumi-ingest-bench-'));
  const file = join(directory, 'collector.db');
  const store = await openSqliteStore(file);
  for (let caller = 0; caller < CALLERS; caller += 1) await store.recordHello(helloFor(`dev-${caller}`), 1);
  await store.close();
  return { file, directory };
}

function statusFor(seq: number): FindingStatus {
  // Mostly stable, with some flips so the summary triggers do real work.
  return seq % 17 === 0 ? STATUSES[(seq >> 4) % 4]! : 'pass';
}

async function bareInsert(): Promise<number> {
  const { file, directory } = await freshStoreFile();
  const connection = await openConnection(file, 'read-write');
  await connection.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;');
  const row = `(${'?, '.repeat(12).slice(0, -2)})`;
  const sql = `INSERT INTO findings (device_id, seq, rule_id, clause, subject, status, severity, evidence, reason,
    observed_at_ms, sweep_id, received_at_ms) VALUES ${`${row}, `.repeat(BARE_ROWS_PER_TRANSACTION).slice(0, -2)}`;
  const started = performance.now();
  for (let offset = 0; offset < TOTAL_ROWS; offset += BARE_ROWS_PER_TRANSACTION) {
    const values: SqlValue[] = [];
    for (let index = offset; index < offset + BARE_ROWS_PER_TRANSACTION; index += 1) {
      const device = index % CALLERS;
      const seq = Math.floor(index / CALLERS) + 1;
      const finding = findingOf(seq, { ruleId: `r${seq % ROWS_PER_CALL}`, status: statusFor(seq) });
      values.push(
        `dev-${device}`,
        seq,
        finding.ruleId,
        finding.clause,
        finding.subject,
        finding.status,
        finding.severity,
        JSON.stringify(finding.evidence),
        finding.reason,
        finding.observedAtMs,
        finding.sweepId,
        Date.now(),
      );
    }
    await connection.run('BEGIN IMMEDIATE');
    await connection.run(sql, values);
    await connection.run('COMMIT');
  }
  const seconds = (performance.now() - started) / 1000;
  await connection.close();
  await rm(directory, { recursive: true, force: true });
  return TOTAL_ROWS / seconds;
}

async function groupCommitIngest(): Promise<number> {
  const { file, directory } = await freshStoreFile();
  const store = await openSqliteStore(file);
  const callsPerCaller = TOTAL_ROWS / CALLERS / ROWS_PER_CALL;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CALLERS }, async (_, caller) => {
      for (let call = 0; call < callsPerCaller; call += 1) {
        const findings = Array.from({ length: ROWS_PER_CALL }, (_, index) => {
          const seq = call * ROWS_PER_CALL + index + 1;
          return findingOf(seq, { ruleId: `r${seq % ROWS_PER_CALL}`, status: statusFor(seq) });
        });
        await store.recordFindings(`dev-${caller}`, findings, Date.now());
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const stored = await store.getDevice('dev-0');
  if (stored?.lastSeq !== callsPerCaller * ROWS_PER_CALL)
    throw new Error('benchmark did not store every row');
  await store.close();
  await rm(directory, { recursive: true, force: true });
  return TOTAL_ROWS / seconds;
}

const bare = await bareInsert();
const ingest = await groupCommitIngest();
console.log(`rows: ${TOTAL_ROWS}`);
console.log(`bare batched insert (1000 rows/transaction): ${Math.round(bare)} rows/s`);
console.log(`recordFindings (${CALLERS} callers × ${ROWS_PER_CALL} rows): ${Math.round(ingest)} rows/s`);
console.log(`ratio: ${(ingest / bare).toFixed(2)} (target ≥ 0.5)`);
