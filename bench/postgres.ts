// npm run bench:postgres — two collector processes on one PostgreSQL database, set up as an operator does
// (test/support/cluster-fixture.ts: PKI and administrators made once, cluster files sealed into the database
// under an operator key, each collector started from an empty data directory with only the database's address
// and the key), with the load generator's agent streams split over both, half to each:
//   ingest at 1 stream (to collector A), 100 and BENCH_STREAMS (10,000) streams: durable, acknowledged findings/s
//   (at BENCH_STREAMS twice: each device's first findings, then the same keys again, as every later sweep);
// beside two bare grpc-js servers (bench/bare-server.ts with the database's URL: the same TLS, proto and wire
// path, each findings batch one plain unnest INSERT into a copy of the findings table, acked after it) under
// the same split, into the same database; then `status` (GetFleetStatus, the call `shoumictl status` makes)
// through a collector with BENCH_STATUS_DEVICES (100,000) devices in the database (bench/postgres-fleet-seed.ts),
// its answer checked against the counts worked out for the seeded fleet.
// Prints figures (markdown) with the machine and its load; asserts only that the load was held and the answers
// are right. PostgreSQL at $SHOUMI_TEST_POSTGRES (npm run setup:postgres); unreachable → says why, exits 1.
//
// BENCH_STREAMS (10000), BENCH_STATUS_DEVICES (100000), BENCH_STATUS_CALLS (20).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runClusterUpload } from '../collector/cluster/cluster-commands';
import { writeNewOperatorKey } from '../collector/cluster/operator-key';
import { adminClient } from '../collector/ctl/admin-client';
import { loadAdminIdentity } from '../collector/ctl/admin-identity';
import { openPostgresStore } from '../collector/store/postgres';
import { openConnection } from '../collector/store/sqlite/connection';
import type { FleetCounts } from '../collector/store/store';
import { freshPostgresDatabase, type TestDatabase } from '../test/support/postgres';
import { freePort, type Running, start } from '../test/support/processes';
import { prepareTrust } from '../test/support/trust-fixture';
import { BARE_FINDINGS_TABLE } from './bare-postgres-insert';
import { cachedLoadDevices, writeLoadDevices } from './load-devices';
import { loadGenerator } from './load-generator-client';
import { addFleetCounts, expectedFleetCounts, seedPostgresFleet } from './postgres-fleet-seed';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 10_000);
const STATUS_DEVICES = Number(process.env.BENCH_STATUS_DEVICES ?? 100_000);
const STATUS_CALLS = Number(process.env.BENCH_STATUS_CALLS ?? 20);
const REPO = path.resolve(import.meta.dirname, '..');
const WINDOW_FINDINGS = 20_000;

interface IngestShape {
  streams: number;
  from: number;
  findingsPerStream: number;
  batchSize: number;
  /** Ingest rounds on the same streams, each its own figure (a later round re-states the first's keys). */
  rounds: readonly string[];
}
// At many streams the first round is each device's first findings (every finding a new current key); the
// second re-states the same keys with later seqs, as every sweep after the first does.
const INGEST_SHAPES: IngestShape[] = [
  { streams: 1, from: 0, findingsPerStream: 50_000, batchSize: 500, rounds: [''] },
  { streams: 100, from: 1, findingsPerStream: 500, batchSize: 500, rounds: [''] },
  { streams: STREAMS, from: 0, findingsPerStream: 20, batchSize: 20, rounds: ['first findings', 'again'] },
];

interface IngestFigure {
  round: string;
  streams: number;
  findings: number;
  perSecond: number;
  connectSeconds: number;
  note: string;
}

type Generator = ReturnType<typeof loadGenerator>;

const loadAverage = () =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
const log = (text: string) => process.stdout.write(`${text}\n`);
const quantile = (samples: readonly number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

/**
 * Each shape's streams split over the two addresses (the first half to the first; one stream goes to the
 * first alone), then ingest on all of them at once. `between` runs after each shape's streams are closed.
 */
async function ingestOver(
  name: string,
  addresses: readonly [string, string],
  generator: Generator,
  between: () => Promise<void>,
): Promise<IngestFigure[]> {
  const figures: IngestFigure[] = [];
  for (const shape of INGEST_SHAPES) {
    const half = Math.ceil(shape.streams / 2);
    const started = performance.now();
    const failures: string[] = [];
    for (const [index, [from, count]] of [
      [shape.from, half],
      [shape.from + half, shape.streams - half],
    ].entries()) {
      if (count === 0) continue;
      const connected = await generator.send({
        kind: 'connect',
        address: addresses[index]!,
        from,
        count,
        concurrency: 64,
      });
      if (Number(connected.failed) > 0)
        failures.push(`${connected.failed} failed to connect: ${JSON.stringify(connected.firstFailures)}`);
    }
    const connectSeconds = (performance.now() - started) / 1000;
    for (const round of shape.rounds) {
      const result = await generator.send({
        kind: 'ingest',
        findingsPerStream: shape.findingsPerStream,
        batchSize: shape.batchSize,
        windowFindings: WINDOW_FINDINGS,
      });
      const problems = [...failures];
      if (Number(result.streams) < shape.streams)
        problems.push(`${result.streams} of ${shape.streams} streams live when ingest began`);
      if (Number(result.endedStreams) > 0)
        problems.push(`${result.endedStreams} streams ended: ${JSON.stringify(result.firstEnded)}`);
      const figure = {
        round,
        streams: shape.streams,
        findings: Number(result.findings),
        perSecond: Number(result.perSecond),
        connectSeconds,
        note: problems.join('; '),
      };
      figures.push(figure);
      log(
        `[${name}] ${shape.streams} streams${round ? `, ${round}` : ''}: connected in ${connectSeconds.toFixed(1)} s, ` +
          `${figure.findings} findings in ${Number(result.seconds).toFixed(1)} s = ${Math.round(figure.perSecond)}/s` +
          `${figure.note ? ` (${figure.note})` : ''}; load average ${loadAverage()}`,
      );
    }
    await generator.send({ kind: 'close' });
    await between();
  }
  return figures;
}

async function bareServer(seedDir: string, url: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO, 'bench', 'bare-server.ts'), seedDir, url],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const { port } = JSON.parse(line.toString()) as { port: number };
  return { child, address: `127.0.0.1:${port}` };
}

/** Every certificate of the seed's SQLite file (devices and administrators) into the PostgreSQL store. */
async function copyCertificates(sqliteFile: string, db: pg.ClientBase): Promise<number> {
  const connection = await openConnection(sqliteFile, 'read-only');
  const columns =
    'serial, kind, subject, role, sha256, not_before_ms, not_after_ms, issued_at_ms, issued_by, revoked_at_ms, ' +
    'revoked_by, revoke_reason';
  try {
    const rows = await connection.all<Record<string, string | number | null>>(
      `SELECT ${columns} FROM certificates`,
    );
    const column = (name: string) => rows.map((row) => row[name] ?? null);
    await db.query(
      `INSERT INTO certificates (${columns})
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
         $7::bigint[], $8::bigint[], $9::text[], $10::bigint[], $11::text[], $12::text[])
       ON CONFLICT (serial) DO NOTHING`,
      columns.split(', ').map(column),
    );
    return rows.length;
  } finally {
    await connection.close();
  }
}

/** Runs `work` with this process's stdout silenced (the cluster commands print for an operator). */
async function quietly<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = (() => true) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

interface Collectors {
  processes: Running[];
  agentAddresses: [string, string];
  adminAddresses: [string, string];
}

async function startCollectors(dir: string, url: string, operatorKeyFile: string): Promise<Collectors> {
  const processes: Running[] = [];
  const agentAddresses: string[] = [];
  const adminAddresses: string[] = [];
  for (const name of ['a', 'b']) {
    const agent = `127.0.0.1:${await freePort()}`;
    const admin = `127.0.0.1:${await freePort()}`;
    const collector = start('shoumi-collector', [
      'serve',
      '--data',
      path.join(dir, `collector-${name}`),
      '--store',
      url,
      '--operator-key',
      operatorKeyFile,
      '--listen',
      agent,
      '--enrol-listen',
      `127.0.0.1:${await freePort()}`,
      '--admin-listen',
      admin,
    ]);
    processes.push(collector);
    await collector.waitForLog('collector listening', 120_000);
    agentAddresses.push(agent);
    adminAddresses.push(admin);
  }
  return {
    processes,
    agentAddresses: agentAddresses as [string, string],
    adminAddresses: adminAddresses as [string, string],
  };
}

interface StatusFigures {
  devices: number;
  seedSeconds: number;
  first: number;
  p50: number;
  p95: number;
  max: number;
}

/** Seeds the fleet up to STATUS_DEVICES devices, then times GetFleetStatus through collector A. */
async function statusFigures(
  db: pg.ClientBase,
  adminAddress: string,
  adminsDir: string,
): Promise<StatusFigures> {
  const admin = adminClient(adminAddress, loadAdminIdentity(path.join(adminsDir, 'security_admin')), 120_000);
  try {
    const countsOf = async (): Promise<FleetCounts> => {
      const answer = await admin.fleetStatus();
      return {
        devices: answer.devices,
        compliant: answer.compliant,
        failing: answer.failing,
        neverSeen: answer.neverSeen,
        notJudged: answer.notYetJudged,
        byClause: answer.byClause.map(({ clause, failingDevices, failingFindings }) => ({
          clause,
          failingDevices,
          failingFindings,
        })),
      };
    };
    const before = await countsOf();
    const required = (
      await db.query<{ rule_id: string }>('SELECT rule_id FROM required_rules ORDER BY rule_id')
    ).rows.map((row) => row.rule_id);
    const seeding = performance.now();
    const adding = Math.max(0, STATUS_DEVICES - before.devices);
    await seedPostgresFleet(db, 'fleet-', adding, required);
    await db.query('VACUUM ANALYZE devices');
    await db.query('VACUUM ANALYZE current_findings');
    const seedSeconds = (performance.now() - seeding) / 1000;
    log(
      `status: ${adding} devices seeded beside the ${before.devices} the streams made, in ${seedSeconds.toFixed(1)} s`,
    );
    const expected = addFleetCounts(before, expectedFleetCounts(adding, required.length));
    const started = performance.now();
    const answered = await countsOf();
    const first = performance.now() - started;
    if (JSON.stringify(answered) !== JSON.stringify(expected))
      throw new Error(
        `status answered ${JSON.stringify(answered)}, the fleet holds ${JSON.stringify(expected)}`,
      );
    const samples: number[] = [];
    for (let call = 0; call < STATUS_CALLS; call++) {
      const at = performance.now();
      await admin.fleetStatus();
      samples.push(performance.now() - at);
    }
    return {
      devices: answered.devices,
      seedSeconds,
      first,
      p50: quantile(samples, 0.5),
      p95: quantile(samples, 0.95),
      max: Math.max(...samples),
    };
  } finally {
    admin.close();
  }
}

async function postgresVersion(db: pg.ClientBase): Promise<string> {
  return (await db.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version;
}

async function main() {
  const cpus = os.cpus();
  const machine =
    `${cpus.length} × ${cpus[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `${os.type()} ${os.release()}, Node ${process.version}`;
  log(`machine: ${machine}; load average ${loadAverage()}`);
  let database: TestDatabase;
  try {
    database = await freshPostgresDatabase('bench_postgres');
  } catch (error) {
    throw new Error(`no PostgreSQL to measure on: ${(error as Error).message}`);
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-bench-postgres-'));
  const db = new pg.Client({ connectionString: database.url });
  /** What to stop at the end, last started first. */
  const running: (() => Promise<unknown>)[] = [];
  try {
    await db.connect();
    const version = await postgresVersion(db);
    log(`PostgreSQL ${version} on loopback, database ${database.name}`);

    // The PKI, administrators and device certificates made once in a seed directory (the load devices are
    // cached between runs, .cache/bench/); the store's schema made, the certificates copied in; the seed's
    // PKI sealed into the database as `cluster upload` does.
    const seedDir = path.join(dir, 'seed');
    const adminsDir = path.join(dir, 'admins');
    await prepareTrust(seedDir, adminsDir);
    const issuing = performance.now();
    const { devices, cached } = await cachedLoadDevices(seedDir, adminsDir, STREAMS);
    const devicesFile = path.join(dir, 'load-devices.json');
    await writeLoadDevices(devicesFile, devices);
    await (await openPostgresStore(database.url, { max: 1 })).close();
    const copied = await copyCertificates(path.join(seedDir, 'collector.sqlite'), db);
    log(
      `${STREAMS} device certificates ${cached ? 'from the cache' : 'issued'}, ${copied} certificates recorded ` +
        `in PostgreSQL, in ${((performance.now() - issuing) / 1000).toFixed(1)} s`,
    );
    const operatorKeyFile = path.join(dir, 'operator.key');
    await writeNewOperatorKey(operatorKeyFile);
    await quietly(() => runClusterUpload({ store: database.url, keyFile: operatorKeyFile, data: seedDir }));
    await db.query(BARE_FINDINGS_TABLE);

    const generator = loadGenerator(devicesFile);
    running.push(async () => generator.child.kill('SIGTERM'));
    await generator.ready;

    // The bare reference first: two servers, the same split. Each shape starts on an empty table (a bare
    // server answers every hello with 0, so the generator starts each device's seqs at 1 again).
    const bare = [await bareServer(seedDir, database.url), await bareServer(seedDir, database.url)];
    running.push(...bare.map((server) => async () => server.child.kill('SIGTERM')));
    const bareFigures = await ingestOver(
      'bare',
      [bare[0]!.address, bare[1]!.address],
      generator,
      async () => {
        await db.query('TRUNCATE bare_findings');
      },
    );
    for (const server of bare) {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }

    const collectors = await startCollectors(dir, database.url, operatorKeyFile);
    running.push(...collectors.processes.map((collector) => () => collector.kill('SIGTERM')));
    const collectorFigures = await ingestOver(
      'collectors',
      collectors.agentAddresses,
      generator,
      async () => {},
    );
    const stored = Number((await db.query<{ n: string }>('SELECT count(*) AS n FROM findings')).rows[0]!.n);
    const sent = collectorFigures.reduce((sum, figure) => sum + figure.findings, 0);
    log(`findings stored ${stored}, acknowledged ${sent}${stored === sent ? '' : ' — NOT EQUAL'}`);

    const status = await statusFigures(db, collectors.adminAddresses[0], adminsDir);

    log(`\n## Several collectors on one PostgreSQL (load average ${loadAverage()})\n`);
    log(`machine: ${machine}; PostgreSQL ${version} on loopback\n`);
    log(
      '| streams (A + B) | findings | two collectors/s | two bare servers, unnest INSERT/s | ÷ bare (target ≥ 0.5) | connect, collectors / bare | note |',
    );
    log('|---:|---:|---:|---:|---:|---:|---|');
    for (const [index, real] of collectorFigures.entries()) {
      const floor = bareFigures[index]!;
      const ratio = real.perSecond / floor.perSecond;
      const split = `${Math.ceil(real.streams / 2)} + ${real.streams - Math.ceil(real.streams / 2)}`;
      log(
        `| ${real.streams} (${split})${real.round ? `, ${real.round}` : ''} | ${real.findings} | ${Math.round(real.perSecond)} | ${Math.round(floor.perSecond)} | ` +
          `${ratio.toFixed(2)} ${ratio >= 0.5 ? 'met' : 'NOT met'} | ${real.connectSeconds.toFixed(1)} / ${floor.connectSeconds.toFixed(1)} s | ` +
          `${[real.note && `collectors: ${real.note}`, floor.note && `bare: ${floor.note}`].filter(Boolean).join('; ')} |`,
      );
    }
    log(
      `\nstatus (GetFleetStatus through collector A, ${status.devices} devices, answer checked): first ` +
        `${status.first.toFixed(1)} ms; ${STATUS_CALLS} calls p50 ${status.p50.toFixed(1)} ms, p95 ` +
        `${status.p95.toFixed(1)} ms, max ${status.max.toFixed(1)} ms (seeded in ${status.seedSeconds.toFixed(1)} s)`,
    );
    log(`\nload average at the end: ${loadAverage()}`);
    if (stored !== sent) process.exitCode = 1;
  } finally {
    for (const stop of running.reverse()) await stop().catch(() => undefined);
    await db.end().catch(() => undefined);
    await database.drop().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:postgres failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
