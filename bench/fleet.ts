// npm run bench:fleet — fleet queries against a generated fleet (bench/fleet-generator.ts) at 1k, 10k and
// 100k devices × the baseline's agent rules (34 since issue 15): `shoumictl status --json` as a process (Node start-up included), the
// GetFleetStatus RPC alone through the admin client, ListFindings under filters (first and a later page) and
// ListDevices pages, all against the real collector process. Prints figures; asserts only that the status
// counts equal what the generator wrote (a fast wrong answer is no answer).
//
// BENCH_FLEET_SIZES=1000,10000 to choose sizes; BENCH_FLEET_KEEP=1 keeps the data directories.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ListDevicesRequest } from '../proto/generated/shoumi/v1/ListDevicesRequest';
import type { ListFindingsRequest } from '../proto/generated/shoumi/v1/ListFindingsRequest';
import { deployment } from '../test/support/collector-fixture';
import { dist } from '../test/support/processes';
import { deviceIdOf, generateFleet } from './fleet-generator';

const SIZES = (process.env.BENCH_FLEET_SIZES ?? '1000,10000,100000').split(',').map(Number);
const RPC_CALLS = 30;
const CLI_RUNS = 10;
const QUERY_RUNS = 10;

const quantile = (samples: readonly number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const ms = (value: number) => value.toFixed(1);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function samples(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push((await timed(work)).ms);
  return times;
}

async function processMs(args: string[]): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`${args.join(' ')} exited ${code}: ${stderr}`);
  return performance.now() - started;
}

interface Row {
  size: number;
  what: string;
  p50: number;
  p99: number;
  note?: string;
}

async function benchSize(size: number, rows: Row[]): Promise<void> {
  const fleetDeployment = await deployment();
  const dataDir = path.join(fleetDeployment.dir, 'collector');
  await mkdir(dataDir, { recursive: true });
  const fleet = await generateFleet(path.join(dataDir, 'collector.sqlite'), { devices: size });
  process.stdout.write(
    `\n${size} devices: generated ${fleet.currentFindings} current findings in ${(fleet.elapsedMs / 1000).toFixed(1)} s\n`,
  );
  const startup = await timed(() => fleetDeployment.startCollector());
  const collector = startup.value;
  const admin = fleetDeployment.admin;
  const row = (what: string, times: number[], note?: string) => {
    rows.push({ size, what, p50: quantile(times, 0.5), p99: quantile(times, 0.99), note });
  };
  try {
    rows.push({ size, what: 'collector start to listening', p50: startup.ms, p99: startup.ms });
    const first = await timed(() => admin.fleetStatus());
    rows.push({ size, what: 'GetFleetStatus, first call', p50: first.ms, p99: first.ms });
    const { devices, compliant, failing, neverSeen, notYetJudged, byClause } = first.value;
    const answered = { devices, compliant, failing, neverSeen, notJudged: notYetJudged, byClause };
    if (JSON.stringify(answered) !== JSON.stringify(fleet.expected)) {
      throw new Error(
        `status answered ${JSON.stringify(answered)}, the generator wrote ${JSON.stringify(fleet.expected)}`,
      );
    }
    row(`GetFleetStatus RPC (${RPC_CALLS} calls)`, await samples(RPC_CALLS, () => admin.fleetStatus()));
    // As an administrator runs it: mTLS with the security administrator's identity directory.
    const cli = [dist('shoumictl'), ...fleetDeployment.ctl(['--json', 'status'])];
    row(`shoumictl --json status, process (${CLI_RUNS} runs)`, await samples(CLI_RUNS, () => processMs(cli)));

    const department = fleet.departments[2]!;
    const findingQueries: Array<[string, Partial<ListFindingsRequest>]> = [
      ['findings: all current', {}],
      ['findings --open', { openOnly: true }],
      ['findings --open --clause 3.7.8', { openOnly: true, clause: '3.7.8' }],
      [
        'findings --rule usb-storage-registered --status fail',
        { ruleId: 'usb-storage-registered', status: 'fail' },
      ],
      [
        `findings --department ${department} --classification 机密 --status fail`,
        { department, classification: 'CONFIDENTIAL', status: 'fail' },
      ],
      ['findings --status error --from (3 days ago)', { status: 'error', fromMs: Date.UTC(2026, 10, 22) }],
      [`findings --sweep ${fleet.sweepIds[3]} --open`, { sweepId: fleet.sweepIds[3]!, openOnly: true }],
      [
        'findings --history --device (one) --from --to',
        {
          history: true,
          deviceId: deviceIdOf(size - 7),
          fromMs: Date.UTC(2026, 10, 1),
          toMs: Date.UTC(2026, 10, 30),
        },
      ],
      ['findings --history --status fail', { history: true, status: 'fail' }],
    ];
    for (const [what, filters] of findingQueries) {
      const request = { ...filters, limit: 500 };
      const firstPage = await samples(QUERY_RUNS, () => admin.listFindings(request));
      // Five pages deep through the tokens: the keyset cursor must not make later pages slower.
      let pageToken = '';
      let found = 0;
      const fifth = await timed(async () => {
        for (let page = 0; page < 5; page++) {
          const answer = await admin.listFindings({ ...request, pageToken });
          found += answer.findings.length;
          pageToken = answer.nextPageToken;
          if (!pageToken) break;
        }
      });
      row(`ListFindings ${what} (500/page)`, firstPage, `5 pages ${ms(fifth.ms)} ms, ${found} rows`);
    }
    const deviceQueries: Array<[string, Partial<ListDevicesRequest>]> = [
      ['devices: first page', {}],
      ['devices: page from the middle', { afterDeviceId: deviceIdOf(Math.floor(size / 2)) }],
      [`devices --department ${department}`, { department }],
      ['devices --classification 绝密', { classification: 'TOP_SECRET' }],
      ['devices --status retired', { status: 'retired' }],
    ];
    for (const [what, filters] of deviceQueries) {
      const request = { ...filters, limit: 500 };
      const answer = await admin.listDevices(request);
      row(
        `ListDevices ${what} (500/page)`,
        await samples(QUERY_RUNS, () => admin.listDevices(request)),
        `${answer.devices.length} rows`,
      );
    }
  } finally {
    await collector.kill();
    fleetDeployment.admin.close();
    if (process.env.BENCH_FLEET_KEEP === '1') process.stdout.write(`kept ${fleetDeployment.dir}\n`);
    else await rm(fleetDeployment.dir, { recursive: true, force: true });
  }
}

async function main() {
  const rows: Row[] = [];
  const nodeFloor = await samples(CLI_RUNS, () => processMs(['-e', '0']));
  process.stdout.write(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Node ${process.version}, load average ${os
        .loadavg()
        .map((load) => load.toFixed(2))
        .join(' ')}\n` +
      `node -e 0 (the floor of any CLI run): p50 ${ms(quantile(nodeFloor, 0.5))} ms\n`,
  );
  for (const size of SIZES) await benchSize(size, rows);
  process.stdout.write(
    `\nload average after: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}\n\n`,
  );
  process.stdout.write('| devices | what | p50 ms | p99 ms | note |\n|---:|---|---:|---:|---|\n');
  for (const row of rows) {
    process.stdout.write(
      `| ${row.size} | ${row.what} | ${ms(row.p50)} | ${ms(row.p99)} | ${row.note ?? ''} |\n`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:fleet failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
