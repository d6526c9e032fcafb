// Libraries the executable's `run` seldom needs, kept out of its main script and compiled on first use.
//
// V8 compiles the whole main script at start (a lazy pre-parse of every function), and the parser's
// memory stays with the process: measured under Node 24, compiling the agent's 2.7 MB script without
// running any of it left 10 MB of malloc'd memory resident (bench/agent-modules.ts, docs/PERFORMANCE.md).
// So build-sea.ts bundles each library below on its own, as an asset of the executable
// (chunks/<name>.cjs, ASCII only), and the main script holds in its place a module that calls
// loadSeaChunk(name). Which libraries, and when they are needed:
//
//   systeminformation, node-wifi — the Wi-Fi tools probe, only where iw or nmcli is installed;
//   x509-library (agent/enrolment/x509-library.ts: @peculiar/x509, asn1js, tsyringe, reflect-metadata)
//                                — a CSR at enrolment and at renewal (about every 60 days).
//
// Every import of these is dynamic (`await import(...)`, or inside a module only imported dynamically), so
// nothing is compiled until a sweep or an enrolment asks. Outside an executable (dist/, tests) the libraries
// are bundled or imported as usual and this file is not reached.
import Module from 'node:module';
import path from 'node:path';
import * as sea from 'node:sea';
import { Script } from 'node:vm';

export const SEA_CHUNK_PREFIX = 'chunks/';

const loaded = new Map<string, unknown>();

/** The exports of chunk `name`, compiled from its asset the first time it is asked for. */
export function loadSeaChunk(name: string): unknown {
  if (loaded.has(name)) return loaded.get(name);
  if (!sea.isSea()) throw new Error(`${name}: chunks are only loaded inside the executable`);
  const asset = `${SEA_CHUNK_PREFIX}${name}.cjs`;
  const source = Buffer.from(sea.getAsset(asset)).toString('utf8');
  const file = path.join(path.dirname(process.execPath), asset);
  const chunk = { exports: {} as unknown };
  // The main script's require: built-in modules only, which is all a chunk imports.
  (
    new Script(Module.wrap(source), { filename: file }).runInThisContext() as (...args: unknown[]) => void
  ).call(chunk.exports, chunk.exports, require, chunk, file, path.dirname(file));
  loaded.set(name, chunk.exports);
  return chunk.exports;
}
