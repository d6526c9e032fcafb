// npm run bench:ingest — durable, acknowledged findings per second through the real path (agent processes →
// loopback gRPC → collector process → SQLite), beside a bare batched SQLite insert of the same rows and the
// store's own group commit, on the same machine in the same run. Prints figures; asserts nothing.
//
// How the real path is timed: each agent's outbox is filled with the findings before the agent starts (not
// timed); then the collector and the agents run as separate processes, and the collector's stored sequence
// numbers are polled through the admin API. The window runs from the first stored finding to the last one:
// a finding counts once the collector has committed it, which is also when it acknowledges it.
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openOutbox } from '../agent/outbox/outbox';
import type { Finding, UnsequencedFinding } from '../policies/model';
import { deployment } from '../test/support/collector-fixture';
import {
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
