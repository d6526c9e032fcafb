// The packaged shoumictl as an administrator gets it: built by agent/packaging/build-sea.ts (linux-x64, into
// a temporary folder), copied alone into an empty folder (nothing beside it: no dist/, no node_modules, no
// .proto files) and run with a PATH that is one empty folder, so no `node` can be found, against a real
// collector on loopback (the Node 20 bundle in dist/, as in the end-to-end suites), choosing it through a
// context in a config file.
import { execFile, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployment, deployment } from '../support/collector-fixture';
import type { Running } from '../support/processes';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..', '..');
const packageVersion = (
  JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }
).version;

let work: string;
let executable: string;
let home: string;
let noNodeEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'shoumi-ctl-sea-test-'));
  const built = path.join(work, 'packages');
  await run(
    path.join(repo, 'node_modules', '.bin', 'tsx'),
    [
      'agent/packaging/build-sea.ts',
      '--targets',
      'linux-x64',
      '--products',
      'shoumictl',
      '--out',
      built,
      '--no-archive',
    ],
    { cwd: repo },
  );
  const alone = path.join(work, 'alone');
  mkdirSync(alone);
  executable = path.join(alone, 'shoumictl');
  copyFileSync(path.join(built, 'shoumictl-linux-x64'), executable);
  const emptyBin = path.join(work, 'empty-bin');
  mkdirSync(emptyBin);
  home = path.join(work, 'home');
  mkdirSync(home);
  noNodeEnv = {
    PATH: emptyBin,
    HOME: home,
    TMPDIR: work,
    LANG: 'C.UTF-8',
    SHOUMI_CONFIG: path.join(work, 'config', 'config.yaml'),
  };
}, 180_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Runs the executable from its own folder with the node-less environment. */
function ctl(args: string[]) {
  return spawnSync(executable, args, { cwd: path.dirname(executable), env: noNodeEnv, encoding: 'utf8' });
}

describe('shoumictl-linux-x64 alone', () => {
  it('has no node to lean on, and nothing beside it', () => {
    const which = spawnSync('/bin/sh', ['-c', 'command -v node || echo none'], {
      env: noNodeEnv,
      encoding: 'utf8',
    });
    expect(which.stdout.trim()).toBe('none');
    expect(readdirSync(path.dirname(executable))).toEqual(['shoumictl']);
  });

  it('prints the package version', () => {
    const result = ctl(['--version']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(packageVersion);
  });
});

describe('shoumictl-linux-x64 status against a collector, through a context', () => {
  let world: Deployment | undefined;
  let collector: Running | undefined;
  afterAll(async () => {
    await collector?.kill('SIGKILL');
    world?.admin.close();
    if (world) rmSync(world.dir, { recursive: true, force: true });
  });

  it('context set writes the config file; status then reaches the collector it names', async () => {
    world = await deployment();
    collector = await world.startCollector();
    const set = ctl([
      'context',
      'set',
      'office',
      '--collector',
      world.adminAddress,
      '--identity',
      world.trust.identityDir('security_admin'),
    ]);
    expect(set.status, set.stderr).toBe(0);
    const configFile = noNodeEnv.SHOUMI_CONFIG!;
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(configFile)).mode & 0o777).toBe(0o700);

    // No --collector, no --identity: both come from the context, which the first `set` made current.
    const status = ctl(['--json', 'status']);
    expect(status.status, status.stderr).toBe(0);
    const answer = JSON.parse(status.stdout) as { deviceList: unknown[] };
    expect(answer.deviceList).toEqual([]);

    // The same again from the code cache the first run left in the user's cache folder.
    const cacheDir = path.join(home, '.cache', 'shoumi');
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.v8cache'))).toHaveLength(1);
    const again = ctl(['status']);
    expect(again.status, again.stderr).toBe(0);
    // Chinese by default: nothing here asks for English.
    expect(again.stdout).toMatch(/^设备 0 /);
  }, 60_000);

  it('--context chooses another context than the current one', () => {
    // A second context pointing at a port where nothing listens: chosen with --context, it fails.
    writeFileSync(
      noNodeEnv.SHOUMI_CONFIG!,
      `current-context: office\ncontexts:\n  office:\n    collector: ${world!.adminAddress}\n    identity: ${world!.trust.identityDir('security_admin')}\n  gone:\n    collector: 127.0.0.1:9\n    identity: ${world!.trust.identityDir('security_admin')}\n`,
    );
    const result = ctl(['--context', 'gone', 'status']);
    expect(result.status).toBe(4);
    expect(result.stderr).toMatch(/127\.0\.0\.1:9/);
  }, 30_000);
});
