// npm run bench:sweep — how long one full local sweep takes (every probe the baseline needs, every check),
// on this machine's live root and on the recorded kernel roots. Prints figures; asserts nothing.
// Budget (DESIGN.md): a full local sweep under a second.
import os from 'node:os';
import path from 'node:path';
import { loadPolicyFileAsActive } from '../agent/active-policy';
import { machineRoot } from '../agent/probes/machine-root';
import { runSweep } from '../agent/sweep';
import { baselinePolicyPath } from '../policies/load-policy';
import { restoreEmptyDirs } from '../test/support/empty-dirs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const ROOTS = [
  { name: 'this machine (/)', dir: '/' },
  ...['clean', 'usb-storage-qemu', 'wifi-bluetooth', 'gadget-receiver-and-stick'].map((name) => ({
    name: `recorded: ${name}`,
    dir: path.join(import.meta.dirname, '..', 'test', 'fixtures', 'roots', name),
  })),
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

restoreEmptyDirs();
const active = await loadPolicyFileAsActive(baselinePolicyPath());
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${os.type()} ${os.release()}, Node ${process.version}`,
);
console.log(`policy: ${active.policy.rules.length} rules; ${ROUNDS} sweeps per root after one warm-up`);
console.log('');
console.log('root                                   findings   p50 ms   p99 ms   max ms   statuses');
for (const root of ROOTS) {
  await runSweep(machineRoot(root.dir), active, { sweepId: '' });
  const times: number[] = [];
  let last = await runSweep(machineRoot(root.dir), active, { sweepId: '' });
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    last = await runSweep(machineRoot(root.dir), active, { sweepId: '' });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const statuses = Object.entries(
    last.findings.reduce<Record<string, number>>((counts, finding) => {
      counts[finding.status] = (counts[finding.status] ?? 0) + 1;
      return counts;
    }, {}),
  )
    .map(([status, count]) => `${status} ${count}`)
    .join(', ');
  console.log(
    `${root.name.padEnd(38)} ${String(last.findings.length).padStart(8)} ${percentile(times, 50).toFixed(1).padStart(8)} ${percentile(times, 99).toFixed(1).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)}   ${statuses}`,
  );
}
