// npm run bench:agent-idle [-- --minutes N] [--executable FILE | --node NODE] [--node-options "FLAGS"]
//                            [--starts K]
//
// The agent idle and connected, as a workstation runs it: a collector (test/support's deployment(), the
// Node 20 bundle in dist/) and the packaged linux-x64 agent (dist/packages/shoumi-agent-linux-x64; when it
// is missing, dist/shoumi-agent.cjs under this Node, and the output says so) with its default schedule
// (sweep every 5 min, heartbeat every 30 s, hot-plug and network watches on) on this machine's real root `/`.
//
//   start 1        enrols (token + CA fingerprint) and connects; stopped with SIGTERM
//   starts 2..K    already enrolled: spawn → "link connected" is the start-to-connected time; each is stopped
//                  except the last, which is then sampled every 10 s for N minutes (default 10)
//
// Samples come from /proc/PID/status (VmRSS, VmHWM) and /proc/PID/stat (utime + stime, and the same with
// waited-for children: cutime + cstime, the commands a sweep runs). Printed: RSS min/median/max over the
// window, CPU as % of one core over the whole window and over its last 5 minutes (after start-up), against
// the targets RSS ≤ 60 MB and CPU ≤ 0.2 %. --node-options sets NODE_OPTIONS for the agent (a SEA honours it:
// its execArgvExtension is "env" by default), for trying V8 heap flags without rebuilding. It adds to the
// executable's own execArgv (--lite-mode, agent/packaging/build-sea.ts); Node refuses some V8 flags there
// (--lite-mode, --optimize-for-size: "not allowed in NODE_OPTIONS"), which only execArgv can carry.
//
// Before each start the executable's pages are dropped from the page cache (GNU dd iflag=nocache count=0,
// which asks the kernel to drop that one file's clean pages): the agent then pages itself in as after a
// reboot. Without it the file-backed share depends on how the file last came into the cache: an empty
// executable (the same Node with a one-line script) measured 58.3 MB RSS straight after the build wrote it,
// 40.0 MB as a copy, 39.8 MB after the drop (Linux 6.18 maps large folios whole; docs/PERFORMANCE.md).
// --keep-page-cache leaves the cache as it is.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { deployment } from '../test/support/collector-fixture';
import { dist } from '../test/support/processes';

const TARGET_RSS_MB = 60;
const TARGET_CPU_PERCENT = 0.2;
const SAMPLE_MS = 10_000;
const TAIL_MS = 5 * 60_000;
const repo = path.resolve(import.meta.dirname, '..');

interface Options {
  minutes: number;
  executable?: string;
  /** Run dist/shoumi-agent.cjs with this Node instead of a packaged executable (for comparison). */
  node?: string;
  nodeOptions?: string;
  starts: number;
  keepPageCache: boolean;
}

function parseArguments(argv: string[]): Options {
  const options: Options = { minutes: 10, starts: 4, keepPageCache: false };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${argument} needs a value`);
      return next;
    };
    if (argument === '--minutes') {
      options.minutes = Number(value());
      if (!(options.minutes > 0))
        throw new Error(`--minutes: expected a positive number, got ${argv[index]}`);
    } else if (argument === '--starts') {
      options.starts = Number(value());
      if (!Number.isInteger(options.starts) || options.starts < 2)
        throw new Error(
          `--starts: expected a whole number ≥ 2 (one to enrol, one to sample), got ${argv[index]}`,
        );
    } else if (argument === '--executable') options.executable = path.resolve(value());
    else if (argument === '--node') options.node = path.resolve(value());
    else if (argument === '--node-options') options.nodeOptions = value();
    else if (argument === '--keep-page-cache') options.keepPageCache = true;
    else throw new Error(`unknown option ${argument}; see the top of bench/agent-idle.ts`);
  }
  return options;
}

/** The command that runs the agent: the packaged executable, or the Node 20 bundle when it is missing. */
function agentCommand(options: Options): { command: string; prefix: string[]; what: string } {
  if (options.node) {
    const version = execFileSync(options.node, ['--version'], { encoding: 'utf8' }).trim();
    return {
      command: options.node,
      prefix: [dist('shoumi-agent')],
      what: `node ${version} dist/shoumi-agent.cjs`,
    };
  }
  const packaged = options.executable ?? path.join(repo, 'dist', 'packages', 'shoumi-agent-linux-x64');
  if (existsSync(packaged)) return { command: packaged, prefix: [], what: path.relative(repo, packaged) };
  if (options.executable) throw new Error(`--executable ${options.executable}: no such file`);
  console.log(
    `NOTE: ${path.relative(repo, packaged)} is missing (npm run package builds it); measuring ` +
      `dist/shoumi-agent.cjs under Node ${process.version} instead, which is not what workstations run.`,
  );
  return {
    command: process.execPath,
    prefix: [dist('shoumi-agent')],
    what: `node ${process.version} dist/shoumi-agent.cjs`,
  };
}

interface Sample {
  atMs: number;
  rssKb: number;
  /** RSS split: anonymous (heap, stacks: the process's own) and file-backed (the executable's mapped pages). */
  anonKb: number;
  fileKb: number;
  hwmKb: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** The same plus cutime + cstime (children it waited for). */
  cpuWithChildrenTicks: number;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function sample(pid: number): Sample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  // The command name in field 2 may hold spaces and parentheses; the numbered fields start after the last ')'.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is stat field 3 (state), so field n is fields[n - 3].
  const [utime, stime, cutime, cstime] = [14, 15, 16, 17].map((n) => Number(fields[n - 3]));
  return {
    atMs: performance.now(),
    rssKb: kb('VmRSS'),
    anonKb: kb('RssAnon'),
    fileKb: kb('RssFile'),
    hwmKb: kb('VmHWM'),
    cpuTicks: utime! + stime!,
    cpuWithChildrenTicks: utime! + stime! + cutime! + cstime!,
  };
}

interface Agent {
  child: ChildProcess;
  output(): string;
  /** Resolves when a JSON log line carries exactly this message. */
  logged(message: string, timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Drops `file`'s clean pages from the page cache, so the next start reads it as after a reboot. */
function dropFromPageCache(file: string): void {
  execFileSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0', 'status=none']);
}

function startAgent(command: string, args: string[], env: NodeJS.ProcessEnv): Agent {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters = new Set<() => void>();
  const onChunk = (chunk: Buffer) => {
    text += chunk.toString();
    for (const wake of waiters) wake();
  };
  child.stdout!.on('data', onChunk);
  child.stderr!.on('data', onChunk);
  const exited = once(child, 'exit');
  return {
    child,
    output: () => text,
    logged(message, timeoutMs) {
      const needle = `"message":${JSON.stringify(message)}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`agent: no "${message}" within ${timeoutMs} ms; output:\n${text.slice(-3000)}`));
        }, timeoutMs);
        const check = () => {
          if (!text.includes(needle)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        exited.then(() => {
          if (text.includes(needle)) return;
          clearTimeout(timer);
          waiters.delete(check);
          reject(new Error(`agent exited before "${message}"; output:\n${text.slice(-3000)}`));
        });
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const mb = (kb: number) => (kb / 1024).toFixed(1);
/** CPU between two samples as % of one core. */
const cpuPercent = (from: Sample, to: Sample, key: 'cpuTicks' | 'cpuWithChildrenTicks') =>
  (((to[key] - from[key]) / CLOCK_TICKS) * 1000 * 100) / (to.atMs - from.atMs);

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const agent = agentCommand(options);
  const world = await deployment();
  const collector = await world.startCollector();
  const dataDir = world.agentDataDir('bench-agent-idle');
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  if (options.nodeOptions) env.NODE_OPTIONS = options.nodeOptions;
  const baseArgs = [
    ...agent.prefix,
    'run',
    '--collector',
    world.agentAddress,
    '--enrol',
    world.enrolAddress,
    '--data',
    dataDir,
    '--root',
    '/',
    '--device-id',
    'bench-agent-idle',
  ];
  let running: Agent | undefined;
  try {
    console.log(
      `agent: ${agent.what}${options.nodeOptions ? ` with NODE_OPTIONS="${options.nodeOptions}"` : ''}` +
        (options.keepPageCache
          ? ', page cache kept'
          : ', its pages dropped from the page cache before each start'),
    );
    console.log(
      `machine: ${execFileSync('uname', ['-srm'], { encoding: 'utf8' }).trim()}, load ${loadAverage()}`,
    );

    let started = performance.now();
    running = startAgent(
      agent.command,
      [...baseArgs, '--token', world.trust.token(), '--ca-sha256', world.trust.caSha256],
      env,
    );
    await running.logged('link connected', 120_000);
    console.log(
      `first start (enrols, then connects): ${((performance.now() - started) / 1000).toFixed(2)} s`,
    );

    const connectTimes: number[] = [];
    for (let start = 2; start <= options.starts; start++) {
      await running.stop();
      if (!options.keepPageCache) dropFromPageCache(agent.command);
      started = performance.now();
      running = startAgent(agent.command, baseArgs, env);
      await running.logged('link connected', 60_000);
      connectTimes.push(performance.now() - started);
    }
    console.log(
      `start to connected, enrolled already (${connectTimes.length} starts): median ` +
        `${(median(connectTimes) / 1000).toFixed(2)} s, min ${(Math.min(...connectTimes) / 1000).toFixed(2)} s, ` +
        `max ${(Math.max(...connectTimes) / 1000).toFixed(2)} s`,
    );

    const pid = running.child.pid!;
    const samples: Sample[] = [sample(pid)];
    const endAt = samples[0]!.atMs + options.minutes * 60_000;
    console.log(`sampling pid ${pid} every ${SAMPLE_MS / 1000} s for ${options.minutes} min …`);
    while (samples.at(-1)!.atMs < endAt) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
      if (running.child.exitCode !== null || running.child.signalCode !== null)
        throw new Error(`the agent exited during the window; output:\n${running.output().slice(-3000)}`);
      samples.push(sample(pid));
    }
    report(samples, options);
    console.log(`load at end ${loadAverage()}`);
  } finally {
    await running?.stop();
    await collector.kill('SIGTERM');
    world.admin.close();
    rmSync(world.dir, { recursive: true, force: true });
  }
}

function report(samples: readonly Sample[], options: Options) {
  const first = samples[0]!;
  const last = samples.at(-1)!;
  const rss = samples.map((entry) => entry.rssKb);
  console.log(
    `RSS (${samples.length} samples): min ${mb(Math.min(...rss))} MB, median ${mb(median(rss))} MB, ` +
      `max ${mb(Math.max(...rss))} MB; peak ever (VmHWM, start-up included) ${mb(last.hwmKb)} MB` +
      `  [target ≤ ${TARGET_RSS_MB} MB: ${Math.max(...rss) / 1024 <= TARGET_RSS_MB ? 'met' : 'MISSED'}]`,
  );
  const line = (label: string, from: Sample) => {
    const own = cpuPercent(from, last, 'cpuTicks');
    const withChildren = cpuPercent(from, last, 'cpuWithChildrenTicks');
    console.log(
      `CPU ${label}: ${own.toFixed(3)} % of one core (${withChildren.toFixed(3)} % with the commands it ran)` +
        `  [target ≤ ${TARGET_CPU_PERCENT} %: ${withChildren <= TARGET_CPU_PERCENT ? 'met' : 'MISSED'}]`,
    );
  };
  const anon = samples.map((entry) => entry.anonKb);
  const file = samples.map((entry) => entry.fileKb);
  console.log(
    `  of which anonymous (heap, stacks) median ${mb(median(anon))} MB (max ${mb(Math.max(...anon))}), ` +
      `file-backed (the executable's mapped pages) median ${mb(median(file))} MB (max ${mb(Math.max(...file))})`,
  );
  line(`over the whole window (${((last.atMs - first.atMs) / 60_000).toFixed(1)} min)`, first);
  if (options.minutes * 60_000 > TAIL_MS) {
    const tailFrom = samples.find((entry) => entry.atMs >= last.atMs - TAIL_MS)!;
    const tail = samples.filter((entry) => entry.atMs >= tailFrom.atMs).map((entry) => entry.rssKb);
    line(`over the last ${((last.atMs - tailFrom.atMs) / 60_000).toFixed(1)} min`, tailFrom);
    console.log(
      `RSS over the last 5 min: min ${mb(Math.min(...tail))} MB, median ${mb(median(tail))} MB, max ${mb(Math.max(...tail))} MB`,
    );
  }
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

main().catch((error: unknown) => {
  console.error(`bench:agent-idle: ${(error as Error).message}`);
  process.exit(1);
});
