// npm run bench (part 1 and 2): many agent streams against one collector process, beside a bare grpc-js
// server under the same load in the same run. Prints figures; asserts nothing except that the load was held
// (a failed connection or an ended stream is printed, never hidden).
//
// The load generator (bench/load-generator.ts) is its own process; the collector is the real one
// (`dist/shoumi-collector.cjs serve`, default limits); the bare server is bench/bare-server.ts. Against each:
//   ingest at 1 stream (100,000 findings, batches of 500, 20,000 in flight like the agent's link),
//   ingest at 100 streams (2,000 each), then 10,000 streams held: the ramp, heartbeats every
//   BENCH_HEARTBEAT_MS for BENCH_HEARTBEAT_WINDOW_MS (round trip p50/p99), a fleet-wide sweep (collector
//   only: RunSweep as system_admin until every target answered), and ingest of 20 findings on every stream,
//   twice (each device's first findings, then the same keys again).
// Each ingest figure stands beside a bare batched SQLite insert of the same rows (bench/ingest-rows.ts).
//
// BENCH_STREAMS (default 10000), BENCH_HEARTBEAT_MS (10000), BENCH_HEARTBEAT_WINDOW_MS (40000),
// BENCH_COLLECTOR_ARGS (extra options for the collector's `serve`).
// The device certificates and their CA are kept in .cache/bench/ between runs (load-devices.ts).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { adminClient } from '../collector/ctl/admin-client';
import { loadAdminIdentity } from '../collector/ctl/admin-identity';
import type { Finding } from '../policies/model';
import { deployment } from '../test/support/collector-fixture';
import { bareInsert, syntheticFinding } from './ingest-rows';
import { cachedLoadDevices, loadDeviceId, writeLoadDevices } from './load-devices';
import { loadGenerator } from './load-generator-client';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 10_000);
const HEARTBEAT_MS = Number(process.env.BENCH_HEARTBEAT_MS ?? 10_000);
const HEARTBEAT_WINDOW_MS = Number(process.env.BENCH_HEARTBEAT_WINDOW_MS ?? 40_000);
const REPO = path.resolve(import.meta.dirname, '..');

interface IngestShape {
  streams: number;
  from: number;
  findingsPerStream: number;
  batchSize: number;
}
const INGEST_SHAPES: IngestShape[] = [
  { streams: 1, from: 0, findingsPerStream: 100_000, batchSize: 500 },
  { streams: 100, from: 1, findingsPerStream: 2_000, batchSize: 500 },
];
const HELD_INGEST: IngestShape = { streams: STREAMS, from: 0, findingsPerStream: 20, batchSize: 20 };
// The held streams ingest twice: each device's first findings (every finding a new current key), then the same
// keys again with later seqs, as every sweep after a device's first does.
const HELD_ROUNDS = ['first findings', 'again'] as const;
const SHAPE_ROWS = [
  ...INGEST_SHAPES.map((shape) => ({ shape, round: '' })),
  ...HELD_ROUNDS.map((round) => ({ shape: HELD_INGEST, round })),
];
const WINDOW_FINDINGS = 20_000;

/** CPU ticks and memory of a process from /proc (Linux only, as this bench is). */
async function procSample(pid: number) {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  // Fields 14 and 15 (utime, stime) of /proc/PID/stat, counted from after the command name.
  return {
    at: performance.now(),
    ticks: Number(stat[11]) + Number(stat[12]),
    rssMb: kb('VmRSS') / 1024,
    peakRssMb: kb('VmHWM') / 1024,
  };
}
type ProcSample = Awaited<ReturnType<typeof procSample>>;
const TICKS_PER_SECOND = 100;
const cpuPercent = (from: ProcSample, to: ProcSample) =>
  ((to.ticks - from.ticks) / TICKS_PER_SECOND / ((to.at - from.at) / 1000)) * 100;

async function bareServer(collectorDataDir: string): Promise<{ child: ChildProcess; address: string }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(REPO, 'bench', 'bare-server.ts'), collectorDataDir],
    {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const { port } = JSON.parse(line.toString()) as { port: number };
  return { child, address: `127.0.0.1:${port}` };
}

interface Figures {
  ingest: { streams: number; perSecond: number; note: string }[];
  ramp: Record<string, unknown>;
  heartbeats: Record<string, unknown>;
  server: { rampCpu: number; heartbeatCpu: number; rssMb: number; peakRssMb: number };
  sweep?: Record<string, unknown>;
}

async function underLoad(
  name: string,
  address: string,
  pid: number,
  generator: ReturnType<typeof loadGenerator>,
  sweep?: () => Promise<Record<string, unknown>>,
): Promise<Figures> {
  const log = (text: string) => process.stdout.write(`[${name}] ${text}\n`);
  const ingest: Figures['ingest'] = [];
  const ingestAt = async (shape: IngestShape, round = '') => {
    const result = await generator.send({
      kind: 'ingest',
      findingsPerStream: shape.findingsPerStream,
      batchSize: shape.batchSize,
      windowFindings: WINDOW_FINDINGS,
    });
    const note =
      Number(result.endedStreams) > 0 ? `${result.endedStreams} streams ended: ${result.firstEnded}` : '';
    ingest.push({ streams: shape.streams, perSecond: Number(result.perSecond), note });
    log(`ingest at ${shape.streams} streams${round ? `, ${round}` : ''}: ${JSON.stringify(result)}`);
  };
  for (const shape of INGEST_SHAPES) {
    const connected = await generator.send({
      kind: 'connect',
      address,
      from: shape.from,
      count: shape.streams,
      concurrency: 50,
    });
    if (Number(connected.failed) > 0) log(`connect: ${JSON.stringify(connected)}`);
    await ingestAt(shape);
    await generator.send({ kind: 'close' });
  }
  const beforeRamp = await procSample(pid);
  const ramp = await generator.send({ kind: 'connect', address, from: 0, count: STREAMS, concurrency: 64 });
  const afterRamp = await procSample(pid);
  log(`ramp: ${JSON.stringify(ramp)} server RSS ${afterRamp.rssMb.toFixed(0)} MB`);
  const heartbeats = await generator.send({
    kind: 'heartbeats',
    durationMs: HEARTBEAT_WINDOW_MS,
    intervalMs: HEARTBEAT_MS,
  });
  const afterHeartbeats = await procSample(pid);
  log(`heartbeats: ${JSON.stringify(heartbeats)}`);
  const swept = sweep ? await sweep() : undefined;
  if (swept) log(`sweep: ${JSON.stringify(swept)}`);
  for (const round of HELD_ROUNDS) await ingestAt(HELD_INGEST, round);
  const end = await procSample(pid);
  await generator.send({ kind: 'close' });
  return {
    ingest,
    ramp,
    heartbeats,
    server: {
      rampCpu: cpuPercent(beforeRamp, afterRamp),
      heartbeatCpu: cpuPercent(afterRamp, afterHeartbeats),
      rssMb: afterHeartbeats.rssMb,
      peakRssMb: end.peakRssMb,
    },
    sweep: swept,
  };
}

/** The same (device, finding) rows the load generator sends for a shape, seqs from 1. */
function rowsOf(shape: IngestShape): { deviceIds: string[]; rows: [string, Finding][] } {
  const deviceIds = Array.from({ length: shape.streams }, (_, index) => loadDeviceId(shape.from + index));
  const rows = deviceIds.flatMap((deviceId) =>
    Array.from({ length: shape.findingsPerStream }, (_, index): [string, Finding] => [
      deviceId,
      { ...syntheticFinding(index % shape.batchSize), seq: index + 1 },
    ]),
  );
  return { deviceIds, rows };
}

const uptime = () =>
  `load average ${os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ')}`;
const fixed = (value: unknown, digits = 1) => Number(value).toFixed(digits);

async function main() {
  process.stdout.write(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
      `${os.type()} ${os.release()}, Node ${process.version}; ${uptime()}\n`,
  );
  const world = await deployment();
  const collectorDataDir = path.join(world.dir, 'collector');
  const issuing = performance.now();
  const adminsDir = path.dirname(world.trust.identityDir('system_admin'));
  const { devices, cached, entry } = await cachedLoadDevices(collectorDataDir, adminsDir, STREAMS);
  const devicesFile = path.join(world.dir, 'load-devices.json');
  await writeLoadDevices(devicesFile, devices);
  process.stdout.write(
    `${STREAMS} device certificates ${cached ? 'taken from' : 'issued, recorded and kept in'} ${path.relative(REPO, entry)} in ${((performance.now() - issuing) / 1000).toFixed(1)} s\n`,
  );

  const generator = loadGenerator(devicesFile);
  await generator.ready;
  try {
    const bare = await bareServer(collectorDataDir);
    const bareFigures = await underLoad('bare', bare.address, bare.child.pid!, generator);
    bare.child.kill('SIGTERM');
    await once(bare.child, 'exit');

    // BENCH_COLLECTOR_ARGS: extra `serve` options, e.g. "--intake-budget 1000000" to compare settings.
    const collector = await world.startCollector(
      process.env.BENCH_COLLECTOR_ARGS?.split(/\s+/).filter(Boolean),
    );
    // From the directory, not world.trust: a cached device set brought its own CA and administrators.
    const admin = adminClient(
      world.adminAddress,
      loadAdminIdentity(world.trust.identityDir('system_admin')),
      120_000,
    );
    const sweep = async () => {
      const started = performance.now();
      const created = await admin.runSweep({ ruleIds: [] });
      let status = created;
      while (!status.completedAtMs && performance.now() - started < 300_000) {
        // Every 100 ms for the first 10 s, then every second: the admin door allows one call a second from
        // one certificate on average (burst 300), and a sweep that takes longer on a loaded machine used to
        // exhaust it and end the bench with RESOURCE_EXHAUSTED.
        const pollMs = performance.now() - started < 10_000 ? 100 : 1000;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        status = await admin.getSweep({ sweepId: created.sweepId, countsOnly: true });
      }
      const seen = (await generator.send({ kind: 'sweeps' })) as {
        sweeps: Record<string, { received: number; firstAtMs: number; lastAtMs: number }>;
      };
      const atGenerator = seen.sweeps[created.sweepId];
      return {
        targets: status.targets,
        answered: status.answered,
        failed: status.failed,
        offline: status.offline,
        waiting: status.waiting,
        seconds: (performance.now() - started) / 1000,
        collectorSeconds: status.completedAtMs
          ? (Number(status.completedAtMs) - Number(created.createdAtMs)) / 1000
          : Number.NaN,
        commandsReceived: atGenerator?.received ?? 0,
        commandSpreadSeconds: atGenerator
          ? (atGenerator.lastAtMs - atGenerator.firstAtMs) / 1000
          : Number.NaN,
      };
    };
    const collectorFigures = await underLoad(
      'collector',
      world.agentAddress,
      collector.child.pid!,
      generator,
      sweep,
    );
    admin.close();
    await collector.kill('SIGTERM');

    process.stdout.write(`\nbare SQLite inserts of the same rows (${uptime()})\n`);
    const bareSqlite: number[] = [];
    for (const { shape } of SHAPE_ROWS) {
      const { deviceIds, rows } = rowsOf(shape);
      bareSqlite.push(await bareInsert(deviceIds, rows));
    }

    process.stdout.write(`\n## Streams: ${STREAMS} held, one connection each (${uptime()})\n\n`);
    process.stdout.write('| | collector | bare grpc-js |\n|---|---:|---:|\n');
    const both = (label: string, of: (figures: Figures) => string) =>
      process.stdout.write(`| ${label} | ${of(collectorFigures)} | ${of(bareFigures)} |\n`);
    both('streams held / failed', (f) => `${f.ramp.streams} / ${f.ramp.failed}`);
    both('ramp (64 connecting at a time), s', (f) => fixed(Number(f.ramp.ms) / 1000));
    both('server CPU during ramp, % of one core', (f) => fixed(f.server.rampCpu, 0));
    both(`server CPU, heartbeats every ${HEARTBEAT_MS / 1000} s, % of one core`, (f) =>
      fixed(f.server.heartbeatCpu, 0),
    );
    both('server RSS holding the streams, MB', (f) => fixed(f.server.rssMb, 0));
    both('server peak RSS, MB', (f) => fixed(f.server.peakRssMb, 0));
    both('heartbeats answered / sent', (f) => `${f.heartbeats.answered} / ${f.heartbeats.sent}`);
    both('heartbeat round trip p50 ms', (f) => fixed(f.heartbeats.p50));
    both('heartbeat round trip p99 ms', (f) => fixed(f.heartbeats.p99));
    both('load generator CPU during heartbeats, %', (f) => fixed(f.heartbeats.generatorCpuPercent, 0));
    both('load generator RSS, MB', (f) => fixed(f.heartbeats.generatorRssMb, 0));
    const p99 = Number(collectorFigures.heartbeats.p99);
    const ratio = p99 / Number(bareFigures.heartbeats.p99);
    process.stdout.write(
      `\nheartbeat p99 ${fixed(p99)} ms (target ≤ 50: ${p99 <= 50 ? 'met' : 'NOT met'}); ÷ bare ${fixed(ratio, 2)} (target ≤ 2.5: ${ratio <= 2.5 ? 'met' : 'NOT met'})\n`,
    );
    if (collectorFigures.sweep)
      process.stdout.write(`fleet-wide sweep: ${JSON.stringify(collectorFigures.sweep)}\n`);

    process.stdout.write('\n## Ingest: durable, acknowledged findings per second\n\n');
    process.stdout.write(
      '| streams | findings | collector/s | bare SQLite insert/s | bare grpc-js echo/s | ÷ SQLite | ÷ echo | note |\n|---:|---:|---:|---:|---:|---:|---:|---|\n',
    );
    for (const [index, { shape, round }] of SHAPE_ROWS.entries()) {
      const real = collectorFigures.ingest[index]!;
      const echo = bareFigures.ingest[index]!;
      const sqlite = bareSqlite[index]!;
      process.stdout.write(
        `| ${shape.streams}${round ? `, ${round}` : ''} | ${shape.streams * shape.findingsPerStream} | ${Math.round(real.perSecond)} | ${Math.round(sqlite)} | ${Math.round(echo.perSecond)} | ${fixed(real.perSecond / sqlite, 2)} | ${fixed(real.perSecond / echo.perSecond, 2)} | ${real.note} |\n`,
      );
    }
    process.stdout.write(`\n${uptime()}\n`);
  } finally {
    generator.child.kill('SIGTERM');
    world.admin.close();
    await rm(world.dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench (load) failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
