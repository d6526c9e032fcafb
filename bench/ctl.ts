// npm run bench:ctl [-- --runs N] [--compare FILE]
//
// shoumictl's start as an administrator meets it: a fresh process per command. A real collector (test/support's
// deployment(), the bundle in dist/) and a config file whose current context names it and the
// security_admin identity (SHOUMI_CONFIG), then N rounds, each running in turn:
//
//   node -e 0                                  the floor: this Node starting and doing nothing
//   node dist/shoumictl.cjs status             the bundle on the same Node
//   dist/packages/shoumictl-linux-x64 status   the packaged executable (Node 24), when `npm run package` made it
//
// Wall time from spawn to exit, measured here. One unmeasured round first, which also leaves the code caches
// in place as any second run finds them. Prints median and p90 of each, the ratio of the medians to
// `node -e 0`, against the target ratio 1.5, and the machine. --compare FILE adds `node FILE status` with
// --collector and --identity given as flags (an older bundle, from before the config file).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deployment } from '../test/support/collector-fixture';

const TARGET_RATIO = 1.5;
const repo = path.resolve(import.meta.dirname, '..');

function parseCompare(argv: string[]): string | undefined {
  const index = argv.indexOf('--compare');
  return index < 0 ? undefined : path.resolve(argv[index + 1] ?? '');
}

function parseRuns(argv: string[]): number {
  const index = argv.indexOf('--runs');
  if (index < 0) return 30;
  const runs = Number(argv[index + 1]);
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`--runs ${argv[index + 1]}: expected a positive integer`);
  return runs;
}

interface Candidate {
  name: string;
  command: string;
  args: string[];
  times: number[];
  cpu: number[];
}

const TIME = '/usr/bin/time';
const withTime = existsSync(TIME);

function timeOnce(candidate: Candidate, env: NodeJS.ProcessEnv): void {
  const [command, args] = withTime
    ? [TIME, ['-f', 'cpu %U %S', candidate.command, ...candidate.args]]
    : [candidate.command, candidate.args];
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0)
    throw new Error(
      `${candidate.name} exited ${result.status ?? result.signal}: ${result.stderr.toString()}`,
    );
  candidate.times.push(elapsed);
  const cpu = /cpu (\d+\.\d+) (\d+\.\d+)\s*$/.exec(result.stderr.toString());
  if (cpu) candidate.cpu.push((Number(cpu[1]) + Number(cpu[2])) * 1000);
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
};

async function main() {
  const runs = parseRuns(process.argv.slice(2));
  const world = await deployment();
  const collector = await world.startCollector();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'shoumi-bench-ctl-'));
  try {
    const configFile = path.join(scratch, 'config.yaml');
    writeFileSync(
      configFile,
      `current-context: bench\ncontexts:\n  bench:\n    collector: ${world.adminAddress}\n    identity: ${world.trust.identityDir('security_admin')}\n`,
      { mode: 0o600 },
    );
    // The bench's own HOME and cache folder: the code cache starts empty and is this run's alone.
    const env = {
      PATH: process.env.PATH,
      HOME: scratch,
      XDG_CACHE_HOME: path.join(scratch, 'cache'),
      SHOUMI_CONFIG: configFile,
      LANG: 'C.UTF-8',
    };
    const candidates: Candidate[] = [
      { name: 'node -e 0', command: process.execPath, args: ['-e', '0'], times: [], cpu: [] },
      {
        name: 'node dist/shoumictl.cjs status',
        command: process.execPath,
        args: [path.join(repo, 'dist', 'shoumictl.cjs'), 'status'],
        times: [],
        cpu: [],
      },
    ];
    const compare = parseCompare(process.argv.slice(2));
    if (compare)
      candidates.push({
        name: `node ${path.relative(repo, compare)} status`,
        command: process.execPath,
        args: [
          compare,
          '--collector',
          world.adminAddress,
          '--identity',
          world.trust.identityDir('security_admin'),
          'status',
        ],
        times: [],
        cpu: [],
      });
    const packaged = path.join(repo, 'dist', 'packages', 'shoumictl-linux-x64');
    if (process.platform === 'linux' && process.arch === 'x64' && existsSync(packaged))
      candidates.push({
        name: 'shoumictl-linux-x64 status',
        command: packaged,
        args: ['status'],
        times: [],
        cpu: [],
      });
    else console.log(`(${path.relative(repo, packaged)} not built: npm run package makes it)`);

    for (const candidate of candidates) {
      timeOnce(candidate, env);
      candidate.times.length = 0;
      candidate.cpu.length = 0;
    }
    for (let round = 0; round < runs; round++) {
      for (const candidate of candidates) timeOnce(candidate, env);
    }

    const cpus = os.cpus();
    const load = os.loadavg().map((value) => value.toFixed(1));
    console.log(
      `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, load average ${load.join(' ')}, ${runs} rounds`,
    );
    const floor = quantile(candidates[0]!.times, 0.5);
    const cpuFloor = candidates[0]!.cpu.length > 0 ? quantile(candidates[0]!.cpu, 0.5) : Number.NaN;
    const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;
    for (const candidate of candidates) {
      const median = quantile(candidate.times, 0.5);
      const cpu =
        candidate.cpu.length > 0
          ? `   CPU median ${ms(quantile(candidate.cpu, 0.5))} (ratio ${(quantile(candidate.cpu, 0.5) / cpuFloor).toFixed(2)})`
          : '';
      console.log(
        `${candidate.name.padEnd(32)} wall median ${ms(median)}  p90 ${ms(quantile(candidate.times, 0.9))}  ratio ${(median / floor).toFixed(2)}${cpu}`,
      );
    }
    console.log(`target: status within ${TARGET_RATIO}× of node -e 0 (median)`);
  } finally {
    await collector.kill('SIGTERM');
    world.admin.close();
    rmSync(scratch, { recursive: true, force: true });
    rmSync(world.dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(`bench:ctl: ${error.message}`);
  process.exit(1);
});
