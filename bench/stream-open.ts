// Collector CPU per agent stream opened (issue 7, docs/PERFORMANCE.md "### Streams"): the collector of
// `npm run build` (dist/) on the cached bench:load devices, streams opened 64 at a time by load-generator.ts
// with nothing else on them, in three phases: every device's first connection, all of them again to the
// running collector, and all of them again after a restart (the identity cache empty). CPU is the
// collector's utime + stime from /proc/PID/stat (Linux only). Run: npm run build && npx tsx bench/stream-open.ts
// (BENCH_STREAMS=2000 by default).
import { execSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { deployment } from '../test/support/collector-fixture';
import { cachedLoadDevices, writeLoadDevices } from './load-devices';
import { loadGenerator } from './load-generator-client';

const STREAMS = Number(process.env.BENCH_STREAMS ?? 2000);
if (!Number.isInteger(STREAMS) || STREAMS < 1) {
  throw new Error(`BENCH_STREAMS=${process.env.BENCH_STREAMS}: a whole number ≥ 1, please`);
}
const ticksOf = async (pid: number) => {
  const stat = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return Number(stat[11]) + Number(stat[12]);
};
const uptime = () => execSync('uptime').toString().trim();

const world = await deployment();
const collectorDataDir = path.join(world.dir, 'collector');
const adminsDir = path.dirname(world.trust.identityDir('system_admin'));
const { devices } = await cachedLoadDevices(collectorDataDir, adminsDir, STREAMS);
const devicesFile = path.join(world.dir, 'load-devices.json');
await writeLoadDevices(devicesFile, devices);
const generator = loadGenerator(devicesFile);
const child = generator.child;
await generator.ready;
const send = generator.send;
async function phase(name: string, pid: number) {
  const before = await ticksOf(pid);
  const started = performance.now();
  const reply = await send({
    kind: 'connect',
    address: world.agentAddress,
    from: 0,
    count: STREAMS,
    concurrency: 64,
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuMs = ((await ticksOf(pid)) - before) * 10;
  console.log(
    `${name}: ${reply.streams} held, ${reply.failed} failed, ${seconds.toFixed(1)} s, collector CPU ${(cpuMs / STREAMS).toFixed(2)} ms/stream (${((cpuMs / 1000 / seconds) * 100).toFixed(0)} %) | ${uptime()}`,
  );
  await send({ kind: 'close' });
  await new Promise((resolve) => setTimeout(resolve, 2000));
}
console.log(`start | ${uptime()}`);
let collector = await world.startCollector();
await phase('first connection', collector.child.pid!);
await phase('reconnect, running collector', collector.child.pid!);
await collector.kill('SIGTERM');
collector = await world.startCollector();
await phase('reconnect after restart', collector.child.pid!);
await collector.kill('SIGTERM');
child.kill('SIGTERM');
process.exit(0);
