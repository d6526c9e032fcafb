// dist/shoumictl.cjs and the main script of the shoumictl executable: runs the program (the shoumictl
// bundle, built beside it as shoumictl-program.cjs, or carried as a SEA asset) through V8's code cache, so a
// fresh process skips most of compiling its 1.5 MB of JavaScript (docs/PERFORMANCE.md, shoumictl start).
//
// The cache is the program's compiled code after one run, kept in the user's cache folder
// (launch/code-cache.ts) under the program's SHA-256, which the build writes into this script: a cache made
// from other source can never be used. A cache V8 rejects (another Node, other flags) is replaced; a
// folder that cannot be written only means no cache. Nothing here may stop the command itself.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import * as sea from 'node:sea';
import { Script } from 'node:vm';
import { cacheDirectory, privateFolder } from './code-cache';

declare const SHOUMI_CTL_PROGRAM_SHA256: string;
const PROGRAM = 'shoumictl-program.cjs';

// The program is ASCII (build-ctl.ts refuses to build one that is not), so it is read as latin1: the same
// text, made a one-byte string without UTF-8 decoding, which is faster to read and for V8 to hash and parse.
function programSource(): { source: string; file: string } {
  if (sea.isSea())
    return {
      source: Buffer.from(sea.getAsset(PROGRAM)).toString('latin1'),
      file: path.join(path.dirname(process.execPath), PROGRAM),
    };
  const file = path.join(__dirname, PROGRAM);
  return { source: readFileSync(file, 'latin1'), file };
}

function readCache(file: string): Buffer | undefined {
  try {
    return privateFolder(path.dirname(file)) ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(dir: string, file: string, script: Script): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!privateFolder(dir)) return;
    const temporary = `${file}.${process.pid}`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // A read-only or full home: the next start compiles again, nothing worse.
  }
}

const { source, file } = programSource();
const dir = cacheDirectory();
const cacheFile = path.join(
  dir,
  `shoumictl-${SHOUMI_CTL_PROGRAM_SHA256.slice(0, 16)}-${process.version}-${process.arch}.v8cache`,
);
const cachedData = readCache(cacheFile);
const script = new Script(Module.wrap(source.replace(/^#!.*/, '')), { filename: file, cachedData });
if (cachedData === undefined || script.cachedDataRejected) {
  // After the run, so the cache also holds the functions this command compiled lazily.
  process.once('exit', () => writeCache(dir, cacheFile, script));
}
const programModule = { exports: {} };
// Inside a SEA only built-in modules can be required, which is all the bundle asks for.
const programRequire = sea.isSea() ? require : createRequire(file);
(script.runInThisContext() as (...args: unknown[]) => void).call(
  programModule.exports,
  programModule.exports,
  programRequire,
  programModule,
  file,
  path.dirname(file),
);
