// npm run bench:ingest — durable, acknowledged findings per second through the real path (agent processes →
// loopback gRPC → collector process → SQLite), beside a bare batched SQLite insert of the same rows and the
// store's own group commit, on the same machine in the same run. Prints figures; asserts nothing.
//
// How the real path is timed: each agent's outbox is filled with the findings before the agent starts (not
// timed); then the collector and the agents run as separate processes, and the collector's stored sequence
// numbers are polled through the admin API. The window runs from the first stored finding to the last one:
// a finding counts once the collector has committed it, which is also when it acknowledges it.
//
// BENCH_INGEST=growth runs the other section instead, "ingest as the store grows": a fleet of 1k / 10k / 100k
// devices with their current findings is generated first (bench/fleet-generator.ts, as bench/fleet.ts builds
// it), then the store's group commit (Store.recordFindings, in process) ingests into it beside a bare batched
// insert of the same rows into the same file, in two shapes: one device sending 100,000 findings (batches of
// 500, ten in flight) and many devices (up to BENCH_GROWTH_STREAMS, default 10,000, spread over the fleet)
// sending one batch of 20 each, all at once, as the held streams of bench/load.ts do. The findings carry the
// fleet's own rule ids, so each replaces a current finding and moves the per-device and per-clause summaries.
// BENCH_GROWTH_SIZES=1000,10000 to choose sizes.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openOutbox } from '../agent/outbox/outbox';
import { openSqliteStore } from '../collector/store/sqlite';
import { openConnection } from '../collector/store/sqlite/connection';
import type { Finding, UnsequencedFinding } from '../policies/model';
import { deployment } from '../test/support/collector-fixture';
import { generateFleet } from './fleet-generator';
import {
  bareInsertInto,
  bareInsert as bareInsertRows,
  storeWithDevices as storeWithDeviceIds,
  syntheticFinding,
} from './ingest-rows';

const FINDINGS_PER_AGENT = Number(process.env.BENCH_FINDINGS ?? 100_000);
const SKIP_REAL = process.env.BENCH_SKIP_REAL === '1';
const AGENT_COUNTS = (process.env.BENCH_AGENTS ?? '1,4').split(',').map(Number);
const ROOT = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'roots', 'clean');

const deviceIdOf = (agent: number) => `bench-agent-${agent}`;
const deviceIdsOf = (agents: number) => Array.from({ length: agents }, (_, agent) => deviceIdOf(agent));
const findingsFor = () => Array.from({ length: FINDINGS_PER_AGENT }, (_, index) => syntheticFinding(index));
const withSeq = (findings: UnsequencedFinding[]): Finding[] =>
  findings.map((finding, index) => ({ ...finding, seq: index + 1 }));

const storeWithDevices = (agents: number) => storeWithDeviceIds(deviceIdsOf(agents));

/** The floor: the same rows into the same table and schema, 1000 rows per transaction, multi-row INSERT. */
const bareInsert = (agents: number, rows: Finding[]): Promise<number> =>
  bareInsertRows(
    deviceIdsOf(agents),
    deviceIdsOf(agents).flatMap((deviceId) => rows.map((row): [string, Finding] => [deviceId, row])),
  );

/**
 * The store alone, fed as the link feeds it: batches of 500, up to ten in flight per agent (the link's window
 * of 5000 unacknowledged findings), group commit across agents.
 */
async function storeIngest(agents: number, rows: Finding[]): Promise<number> {
  const { directory, store } = await storeWithDevices(agents);
  const batches = Array.from({ length: Math.ceil(rows.length / 500) }, (_, index) =>
    rows.slice(index * 500, index * 500 + 500),
  );
  const started = performance.now();
  await Promise.all(
    Array.from({ length: agents }, async (_, agent) => {
      const inFlight = new Set<Promise<unknown>>();
      for (const batch of batches) {
        if (inFlight.size >= 10) await Promise.race(inFlight);
        const committed = store.recordFindings(deviceIdOf(agent), batch, Date.now());
        inFlight.add(committed);
        void committed.finally(() => inFlight.delete(committed));
      }
      await Promise.all(inFlight);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  await rm(directory, { recursive: true, force: true });
  return (agents * rows.length) / seconds;
}

/** The real path: agent processes → loopback gRPC → collector process → SQLite. */
async function realPath(agents: number, rows: UnsequencedFinding[]): Promise<number> {
  const world = await deployment();
  for (let agent = 0; agent < agents; agent++) {
    const outbox = await openOutbox(path.join(world.agentDataDir(`agent-${agent}`), 'outbox'));
    for (let offset = 0; offset < rows.length; offset += 1000) {
      const appended = await outbox.append(rows.slice(offset, offset + 1000));
      if (!appended.ok) throw new Error(`cannot fill the outbox: ${appended.message}`);
    }
    await outbox.close();
  }
  const collector = await world.startCollector();
  const agentsRunning = Array.from({ length: agents }, (_, agent) =>
    world.startAgent(`agent-${agent}`, [
      '--root',
      ROOT,
      '--interval',
      '1h',
      '--device-id',
      deviceIdOf(agent),
    ]),
  );
  const total = agents * rows.length;
  let firstAt = 0;
  let firstStored = 0;
  let stored = 0;
  const deadline = Date.now() + 600_000;
  while (stored < total) {
    if (Date.now() > deadline) throw new Error(`only ${stored} of ${total} findings stored in 10 minutes`);
    const page = await world.admin.listDevices({ limit: 1000 });
    // The agents' own first sweep adds findings after the prefilled ones; count only up to the prefill.
    stored = page.devices.reduce((sum, device) => sum + Math.min(device.lastSeq, rows.length), 0);
    if (stored > 0 && firstAt === 0) {
      firstAt = performance.now();
      firstStored = stored;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const seconds = (performance.now() - firstAt) / 1000;
  await Promise.all(agentsRunning.map((agent) => agent.kill('SIGTERM')));
  await collector.kill('SIGTERM');
  world.admin.close();
  await rm(world.dir, { recursive: true, force: true });
  return (total - firstStored) / seconds;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
async function pathsSection() {
  console.log(`machine: ${machine}`);
  console.log(
    `findings per agent: ${FINDINGS_PER_AGENT}; ${ROUNDS} interleaved rounds, medians (fsync latency on shared disks varies run to run)`,
  );
  console.log('');
  console.log(
    'agents  bare insert/s  store group commit/s  real path/s  real ÷ bare  (target ≥ 0.5)  rounds (bare/real)',
  );
  const rows = findingsFor();
  const sequenced = withSeq(rows);
  for (const agents of AGENT_COUNTS) {
    const bare: number[] = [];
    const store: number[] = [];
    const real: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await bareInsert(agents, sequenced));
      store.push(await storeIngest(agents, sequenced));
      real.push(SKIP_REAL ? Number.NaN : await realPath(agents, rows));
    }
    const rounds = bare
      .map((value, index) => `${Math.round(value / 1000)}k/${Math.round(real[index]! / 1000)}k`)
      .join(' ');
    console.log(
      `${String(agents).padStart(6)}  ${Math.round(median(bare)).toString().padStart(13)}  ${Math.round(median(store)).toString().padStart(20)}  ${Math.round(median(real)).toString().padStart(11)}  ${(median(real) / median(bare)).toFixed(2).padStart(11)}                  ${rounds}`,
    );
  }
}

const GROWTH_SIZES = (process.env.BENCH_GROWTH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const GROWTH_STREAMS = Number(process.env.BENCH_GROWTH_STREAMS ?? 10_000);
const GROWTH_ONE_DEVICE_FINDINGS = 100_000;
const GROWTH_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const k = (perSecond: number) => `${(perSecond / 1000).toFixed(1)}k`;

/** Devices of a generated fleet that have said hello (only those may send findings), with their last seq. */
async function seenDevices(file: string): Promise<Array<{ deviceId: string; lastSeq: number }>> {
  const connection = await openConnection(file, 'read-only');
  try {
    const rows = await connection.all<{ device_id: string; last_seq: number }>(
      'SELECT device_id, last_seq FROM devices WHERE first_seen_ms > 0 ORDER BY device_id',
    );
    return rows.map((row) => ({ deviceId: row.device_id, lastSeq: row.last_seq }));
  } finally {
    await connection.close();
  }
}

async function storedFindingCount(file: string): Promise<number> {
  const connection = await openConnection(file, 'read-only');
  try {
    return (await connection.get<{ n: number }>('SELECT count(*) AS n FROM findings'))!.n;
  } finally {
    await connection.close();
  }
}

/** `count` findings for a device after `lastSeq`, on the fleet's own rules (each replaces a current one). */
function fleetFindings(ruleIds: readonly string[], lastSeq: number, count: number, from = 0): Finding[] {
  return Array.from({ length: count }, (_, offset) => {
    const index = from + offset;
    return {
      ...syntheticFinding(index),
      ruleId: ruleIds[index % ruleIds.length]!,
      subject: '',
      seq: lastSeq + offset + 1,
    };
  });
}

interface GrowthShape {
  name: string;
  /** Per device, its findings as batches, in seq order. */
  batches: Array<{ deviceId: string; batches: Finding[][] }>;
  inFlightPerDevice: number;
}

/** The store's group commit fed as the link feeds it: each device's batches in order, a window in flight. */
async function storeIngestInto(file: string, shape: GrowthShape): Promise<number> {
  const store = await openSqliteStore(file);
  let rows = 0;
  const started = performance.now();
  await Promise.all(
    shape.batches.map(async ({ deviceId, batches }) => {
      const inFlight = new Set<Promise<unknown>>();
      for (const batch of batches) {
        if (inFlight.size >= shape.inFlightPerDevice) await Promise.race(inFlight);
        const committed = store.recordFindings(deviceId, batch, Date.now()).then((result) => {
          if (result.stored !== batch.length)
            throw new Error(`${deviceId}: ${result.stored} of ${batch.length} stored`);
          rows += result.stored;
        });
        inFlight.add(committed);
        void committed.finally(() => inFlight.delete(committed)).catch(() => {});
      }
      await Promise.all(inFlight);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return rows / seconds;
}

async function growthSection() {
  console.log(
    `machine: ${machine}; load average ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log('');
  console.log(
    '| devices in store | findings in store | shape | bare insert/s | store group commit/s | ÷ bare | rounds (bare/store) |',
  );
  console.log('|---:|---:|---|---:|---:|---:|---|');
  for (const size of GROWTH_SIZES) {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'shoumi-bench-growth-'));
    const file = path.join(directory, 'collector.sqlite');
    const fleet = await generateFleet(file, { devices: size });
    let devices = await seenDevices(file);
    const stride = Math.max(1, Math.floor(devices.length / GROWTH_STREAMS));
    const many = devices.filter((_, index) => index % stride === 0).slice(0, GROWTH_STREAMS);
    // Seqs advance across shapes: each shape sends above what the one before left stored.
    const shapes = (): GrowthShape[] => {
      const lastSeqOf = new Map(devices.map((device) => [device.deviceId, device.lastSeq]));
      const one = devices[Math.floor(devices.length / 2)]!;
      const oneFindings = fleetFindings(fleet.ruleIds, one.lastSeq, GROWTH_ONE_DEVICE_FINDINGS);
      return [
        {
          name: `1 device, ${GROWTH_ONE_DEVICE_FINDINGS.toLocaleString('en')} findings (batches of 500)`,
          batches: [
            {
              deviceId: one.deviceId,
              batches: Array.from({ length: oneFindings.length / 500 }, (_, index) =>
                oneFindings.slice(index * 500, index * 500 + 500),
              ),
            },
          ],
          inFlightPerDevice: 10,
        },
        {
          name: `${many.length.toLocaleString('en')} devices × 20 (one batch each)`,
          batches: many.map(({ deviceId }) => ({
            deviceId,
            batches: [fleetFindings(fleet.ruleIds, lastSeqOf.get(deviceId)!, 20)],
          })),
          inFlightPerDevice: 1,
        },
      ];
    };
    for (const shapeIndex of [0, 1]) {
      const before = await storedFindingCount(file);
      const bare: number[] = [];
      const store: number[] = [];
      // Interleaved rounds, medians: fsync latency on a shared disk drifts within minutes. The bare rows are
      // the store's rows a million seqs higher, so that neither run collides with the other's.
      for (let round = 0; round < GROWTH_ROUNDS; round++) {
        const bareRows = shapes()[shapeIndex]!.batches.flatMap(({ deviceId, batches }) =>
          batches
            .flat()
            .map((finding): [string, Finding] => [deviceId, { ...finding, seq: finding.seq + 1_000_000 }]),
        );
        bare.push(await bareInsertInto(file, bareRows));
        store.push(await storeIngestInto(file, shapes()[shapeIndex]!));
        devices = await seenDevices(file);
      }
      const rounds = bare.map((value, index) => `${k(value)}/${k(store[index]!)}`).join(' ');
      console.log(
        `| ${size.toLocaleString('en')} | ${before.toLocaleString('en')} | ${shapes()[shapeIndex]!.name} | ${Math.round(median(bare))} | ${Math.round(median(store))} | ${(median(store) / median(bare)).toFixed(2)} | ${rounds} |`,
      );
    }
    const bytes = (await stat(file)).size;
    console.log(
      `|  | (${size} devices: file ${(bytes / 2 ** 20).toFixed(0)} MB, fleet generated in ${(fleet.elapsedMs / 1000).toFixed(1)} s) | | | | | |`,
    );
    await rm(directory, { recursive: true, force: true });
  }
  console.log(
    `\nload average ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
}

if (process.env.BENCH_INGEST === 'growth') await growthSection();
else await pathsSection();
