// `npm run proto:lint` (tsx proto/lint/run-proto-lint.ts [PROTO_ROOT]): Debian's protoc (package protobuf-compiler) compiles every file under proto/shoumi/v1
// on its own, as a client in another language would, then all of them into one descriptor set
// (--include_imports), which protobufjs decodes and proto-rules.ts judges. Exit 0 when clean, 1 with every
// problem named. Without protoc it says how to install it and exits 0, except under CI (environment variable CI
// set), where a missing tool is a failure: CI must not pass a check it never ran.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { type FileDescriptor, lintProtoFiles } from './proto-rules';

/** The directory holding shoumi/v1/*.proto: the repository's proto/, or the one given (the tests' fixtures). */
const PROTO_ROOT = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..'));
const INSTALL = 'npm run setup:system';

/** Runs protoc from the proto root; the error text when it refuses. */
function protoc(args: readonly string[]): { ok: true } | { ok: false; error: string } {
  const run = spawnSync('protoc', [`-I${PROTO_ROOT}`, ...args], { cwd: PROTO_ROOT, encoding: 'utf8' });
  if (run.error) return { ok: false, error: run.error.message };
  return run.status === 0 ? { ok: true } : { ok: false, error: (run.stderr || run.stdout).trim() };
}

function main(): number {
  const version = spawnSync('protoc', ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) {
    const why = `proto:lint needs protoc (Debian package protobuf-compiler), which is not installed: run ${INSTALL} (as root) once`;
    if (process.env.CI) {
      console.error(`${why} (CI is set: a check that cannot run fails)`);
      return 1;
    }
    console.error(`${why}; skipped`);
    return 0;
  }
  const files = readdirSync(path.join(PROTO_ROOT, 'shoumi', 'v1'))
    .filter((name) => name.endsWith('.proto'))
    .sort()
    .map((name) => `shoumi/v1/${name}`);
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'shoumi-proto-lint-'));
  try {
    const refused: string[] = [];
    for (const file of files) {
      const outcome = protoc([`--descriptor_set_out=${path.join(scratch, 'one.pb')}`, file]);
      if (!outcome.ok) refused.push(`${file}: protoc refuses it on its own:\n${outcome.error}`);
    }
    if (refused.length > 0) {
      console.error(refused.join('\n'));
      return 1;
    }
    const setFile = path.join(scratch, 'all.pb');
    const all = protoc([`--descriptor_set_out=${setFile}`, '--include_imports', ...files]);
    if (!all.ok) {
      console.error(`protoc refuses the files together:\n${all.error}`);
      return 1;
    }
    const set = descriptor.FileDescriptorSet.toObject(
      descriptor.FileDescriptorSet.decode(readFileSync(setFile)),
    ) as { file: FileDescriptor[] };
    const problems = lintProtoFiles(set.file);
    for (const problem of problems) console.error(`${problem.file}: [${problem.rule}] ${problem.message}`);
    if (problems.length > 0) return 1;
    console.log(
      `proto:lint: ${files.length} files compile on their own with ${version.stdout.trim()} and pass`,
    );
    return 0;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = main();
