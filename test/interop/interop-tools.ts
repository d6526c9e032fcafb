// Whether Debian's protobuf and gRPC tools are here, for the tests that run them (proto:lint's own tests, the
// Python client). Missing tools skip those tests with the reason and the command that installs them, except
// under CI (environment variable CI set), where the test runs and fails with that reason: CI must never pass
// a check it did not run. .ci/run installs them (`npm run setup:system`) before `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { SETUP_SYSTEM } from '../support/system-packages';

/** Debian's interpreter, which python3-grpcio and python3-protobuf install into (not a pyenv or venv one). */
export const DEBIAN_PYTHON = '/usr/bin/python3';
export const GRPC_PYTHON_PLUGIN = '/usr/bin/grpc_python_plugin';

export type Tools = { ok: true } | { ok: false; why: string };

const works = (command: string, args: string[]) => {
  const run = spawnSync(command, args, { encoding: 'utf8' });
  return !run.error && run.status === 0;
};

/** protoc alone (the lint), or protoc with the Python plugin and runtime (the second-language client). */
export function interopTools(needs: 'protoc' | 'python client'): Tools {
  const missing: string[] = [];
  if (!works('protoc', ['--version'])) missing.push('protoc (protobuf-compiler)');
  if (needs === 'python client') {
    if (!existsSync(GRPC_PYTHON_PLUGIN)) missing.push(`${GRPC_PYTHON_PLUGIN} (protobuf-compiler-grpc)`);
    if (!works(DEBIAN_PYTHON, ['-c', 'import grpc, google.protobuf']))
      missing.push(`grpc and protobuf for ${DEBIAN_PYTHON} (python3-grpcio, python3-protobuf)`);
  }
  if (missing.length === 0) return { ok: true };
  return {
    ok: false,
    why: `missing ${missing.join(', ')}: run \`${SETUP_SYSTEM}\` (as root) once`,
  };
}

/** True when the tests should be skipped (tools missing, not CI); says why on stderr once. */
export function skipWithoutTools(tools: Tools, what: string): boolean {
  if (tools.ok) return false;
  if (process.env.CI) return false;
  console.warn(`skipping ${what}: ${tools.why}`);
  return true;
}
