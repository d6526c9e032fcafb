// The collector as a server gets it: the shoumi-collector-linux-x64 and -linux-arm64 folders built by
// agent/packaging/build-sea.ts (product shoumi-collector, into a temporary folder), each copied alone into
// an empty folder and run with a PATH on which there is no `node` (a folder of links to /usr/bin and /bin
// without node, nodejs, npm, npx, corepack). The x64 one serves from a config file, and a real agent (the
// dist/ bundle, as in the end-to-end suites) enrols with it and reports; it installs into a temporary root
// and uninstalls again. The arm64 one runs under qemu-user (Debian qemu-user-static and the arm64 runtime
// from `npm run setup:system`) and opens an SQLite store with its own native module.
//
// Building the arm64 folder compiles sqlite3 with Debian's g++-aarch64-linux-gnu the first time (minutes;
// then cached in .cache/collector-sqlite3); without the compiler only x64 is built and arm64 is skipped
// with the reason.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectorBuildProblem } from '../../agent/packaging/build-collector';
import { type Deployment, deployment } from '../support/collector-fixture';
import { eventually, freePort, type Running, run as runBundle } from '../support/processes';
import { missingPackagesWhy } from '../support/system-packages';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '..', '..');
const fixtureRoot = path.join(repo, 'test', 'fixtures', 'roots', 'gadget-receiver-and-stick');
const packageVersion = (
  JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }
).version;
const ARM64_SYSROOT = '/usr/aarch64-linux-gnu';
const QEMU = '/usr/bin/qemu-aarch64-static';

let work: string;
let built: string;
let noNodeEnv: NodeJS.ProcessEnv;
/** Why the arm64 folder was not built, when it was not. */
let arm64NotBuilt: string | undefined;

/** A PATH folder with every command of /usr/bin and /bin except Node's. */
function pathWithoutNode(dir: string): string {
  mkdirSync(dir);
  const hidden = new Set(['node', 'nodejs', 'npm', 'npx', 'corepack']);
  for (const source of ['/usr/bin', '/bin']) {
    for (const name of readdirSync(source)) {
      if (hidden.has(name) || existsSync(path.join(dir, name))) continue;
      symlinkSync(path.join(source, name), path.join(dir, name));
    }
  }
  return dir;
}

/** Copies one package folder alone into a fresh folder, as an operator unpacking the archive would. */
function unpackAlone(target: string): string {
  const dir = mkdtempSync(path.join(work, `unpacked-${target}-`));
  cpSync(path.join(built, `shoumi-collector-${target}`), path.join(dir, `shoumi-collector-${target}`), {
    recursive: true,
  });
  return path.join(dir, `shoumi-collector-${target}`, 'shoumi-collector');
}

async function runExecutable(command: string, args: string[], timeout = 120_000) {
  try {
    const { stdout, stderr } = await run(command, args, { env: noNodeEnv, cwd: work, timeout });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'shoumi-collector-package-'));
  built = path.join(work, 'packages');
  arm64NotBuilt = collectorBuildProblem(['linux-arm64']);
  const targets = arm64NotBuilt ? 'linux-x64' : 'linux-x64,linux-arm64';
  await run(
    path.join(repo, 'node_modules', '.bin', 'tsx'),
    [
      'agent/packaging/build-sea.ts',
      '--products',
      'shoumi-collector',
      '--targets',
      targets,
      '--out',
      built,
      '--no-archive',
    ],
    { cwd: repo },
  );
  noNodeEnv = { PATH: pathWithoutNode(path.join(work, 'bin')), HOME: work, TMPDIR: work, LANG: 'C.UTF-8' };
}, 900_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('shoumi-collector-linux-x64', () => {
  it('holds the runtime, the bundle, the native module and the policy, and nothing of node_modules else', () => {
    const folder = path.join(built, 'shoumi-collector-linux-x64');
    const files = spawnSync('find', ['.', '-type', 'f'], { cwd: folder, encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean)
      .sort();
    expect(files).toEqual([
      './VERSION',
      './lib/node_modules/sqlite3/build/Release/node_sqlite3.node',
      './lib/node_modules/sqlite3/glibc-required',
      './lib/node_modules/sqlite3/lib/sqlite3-binding.js',
      './lib/node_modules/sqlite3/lib/sqlite3.js',
      './lib/node_modules/sqlite3/lib/trace.js',
      './lib/node_modules/sqlite3/package.json',
      './lib/shoumi-collector.cjs',
      './licenses/node-sqlite3.txt',
      './licenses/node.txt',
      './policies/baseline.yaml',
      './shoumi-collector',
    ]);
    expect(statSync(path.join(folder, 'shoumi-collector')).mode & 0o111).toBe(0o111);
    // The oldest glibc the native module loads on, read from its symbol versions at build time (install checks it).
    expect(readFileSync(path.join(folder, 'lib/node_modules/sqlite3/glibc-required'), 'utf8')).toMatch(
      /^2\.\d+\n$/,
    );
    const which = spawnSync('sh', ['-c', 'command -v node || echo none'], {
      env: noNodeEnv,
      encoding: 'utf8',
    });
    expect(which.stdout.trim()).toBe('none');
  });

  it('prints its version with no node on PATH', async () => {
    const executable = unpackAlone('linux-x64');
    expect(await runExecutable(executable, ['--version'])).toEqual({
      code: 0,
      stdout: `${packageVersion}\n`,
      stderr: '',
    });
  });

  describe('serving from a config file', () => {
    const deviceId = 'collector-package-agent';
    let world: Deployment | undefined;
    let collector: ReturnType<typeof startExecutable> | undefined;
    let agent: Running | undefined;
    afterAll(async () => {
      await agent?.kill();
      await collector?.stop();
      world?.admin.close();
      if (world) rmSync(world.dir, { recursive: true, force: true });
    });

    it('a real agent enrols with it and reports; a flag given wins over the file', async () => {
      world = await deployment();
      const executable = unpackAlone('linux-x64');
      const config = path.join(world.dir, 'collector.yaml');
      // The file's agent port is a free one nobody uses; the --listen flag names the one agents dial.
      const unusedPort = await freePort();
      writeFileSync(
        config,
        [
          'unit: 某市保密局（测试）',
          `data: ${JSON.stringify(path.join(world.dir, 'collector'))}`,
          `listen: 127.0.0.1:${unusedPort}`,
          `enrol-listen: ${world.enrolAddress}`,
          `admin-listen: ${world.adminAddress}`,
          '',
        ].join('\n'),
      );
      collector = startExecutable(executable, ['serve', '--config', config, '--listen', world.agentAddress]);
      const listening = await collector.waitFor(/\{[^\n]*"message":"collector listening"[^\n]*/);
      expect(JSON.parse(listening)).toMatchObject({
        agents: world.agentAddress,
        enrolment: world.enrolAddress,
        admin: world.adminAddress,
      });

      agent = world.startAgent(deviceId, [
        '--root',
        fixtureRoot,
        '--interval',
        '1h',
        '--device-id',
        deviceId,
      ]);
      const seqs = await eventually(
        async () => {
          const stored = await world!.storedSeqs(deviceId);
          return stored.length > 0 ? stored : undefined;
        },
        `the agent's findings in the packaged collector; collector output:\n${collector.output().slice(-2000)}\nagent output:\n${agent.output().slice(-2000)}`,
        60_000,
        250,
      );
      expect(seqs[0]).toBe(1);
      const devices = await world.admin.listDevices({ limit: 100 });
      expect(devices.devices.map((device) => device.deviceId)).toContain(deviceId);
      expect(collector.exitCode()).toBeNull();
    }, 120_000);
  });

  it('names the bad key of its config file and exits 2', async () => {
    const executable = unpackAlone('linux-x64');
    const config = path.join(work, 'bad-collector.yaml');
    writeFileSync(config, 'unit: 某单位\nlisen: 0.0.0.0:7700\n');
    const result = await runExecutable(executable, ['serve', '--config', config]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${config}:2: unknown key "lisen" (did you mean "listen"?)`);
  });

  it('installs into a temporary root and uninstalls, keeping the data directory', async () => {
    const executable = unpackAlone('linux-x64');
    const root = mkdtempSync(path.join(work, 'root-'));
    const installed = await runExecutable(executable, [
      'install',
      '--prefix',
      root,
      '--unit-name',
      '某单位',
      '--listen',
      '0.0.0.0:17700',
      '--ip',
      '10.0.2.15',
    ]);
    expect(installed.stderr).not.toMatch(/shoumi-collector: /);
    expect(installed.code).toBe(0);
    expect(installed.stdout).toMatch(/CA SHA-256 \(agents pin it with --ca-sha256\):\n[0-9a-f]{64}\n/);
    expect(installed.stdout).toContain('被检查单位 / unit: 某单位');
    // The whole folder was copied: the installed executable runs on its own.
    const copy = path.join(root, 'opt', 'shoumi-collector', 'shoumi-collector');
    expect((await runExecutable(copy, ['--version'])).stdout).toBe(`${packageVersion}\n`);
    expect(readlinkSync(path.join(root, 'usr', 'local', 'bin', 'shoumi-collector'))).toBe(
      '/opt/shoumi-collector/shoumi-collector',
    );
    expect(readFileSync(path.join(root, 'etc', 'shoumi', 'collector.yaml'), 'utf8')).toContain(
      'unit: "某单位"',
    );
    expect(existsSync(path.join(root, 'etc', 'systemd', 'system', 'shoumi-collector.service'))).toBe(true);

    const removed = await runExecutable(executable, ['uninstall', '--prefix', root]);
    expect(removed.code).toBe(0);
    expect(removed.stderr).toContain('kept the data directory /var/lib/shoumi-collector');
    expect(existsSync(path.join(root, 'opt', 'shoumi-collector'))).toBe(false);
    expect(existsSync(path.join(root, 'var', 'lib', 'shoumi-collector', 'pki', 'ca.crt'))).toBe(true);
  }, 120_000);

  it('install refuses to run from the dist/ bundle: it copies the packaged folder', async () => {
    const result = await runBundle('shoumi-collector', ['install', '--prefix', path.join(work, 'never')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/install runs from the packaged collector/);
    expect(existsSync(path.join(work, 'never'))).toBe(false);
  });
});

describe('shoumi-collector-linux-arm64 under qemu-user (emulated)', () => {
  it('prints its version, and writes and verifies an SQLite store with its own native module', async (context) => {
    const missing = arm64NotBuilt ?? arm64Unavailable();
    if (missing) {
      // Never a silent pass: the reason is printed and the test is reported as skipped with it.
      process.stderr.write(`collector-package.test.ts: linux-arm64 not run: ${missing}\n`);
      context.skip(missing);
    }
    const executable = unpackAlone('linux-arm64');
    const emulated = (args: string[]) =>
      runExecutable(QEMU, ['-L', ARM64_SYSROOT, executable, ...args], 300_000);
    expect((await emulated(['--version'])).stdout).toBe(`${packageVersion}\n`);
    const data = path.join(work, 'arm64-data');
    expect((await emulated(['pki', 'init', '--data', data])).code).toBe(0);
    // token create opens the store (sqlite3 on arm64), writes the token hash and its audit record.
    const token = await emulated(['token', 'create', '--data', data]);
    expect(token.code).toBe(0);
    expect(token.stdout.trim()).toMatch(/^\S{20,}$/);
    const verified = await emulated(['audit', 'verify', '--data', data, '--json']);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  }, 600_000);
});

/** Starts an executable with the node-less environment, keeping its output. */
function startExecutable(command: string, args: string[]) {
  const child = spawn(command, args, { env: noNodeEnv, cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters = new Set<() => void>();
  const onChunk = (chunk: Buffer) => {
    text += chunk.toString();
    for (const wake of waiters) wake();
  };
  child.stdout.on('data', onChunk);
  child.stderr.on('data', onChunk);
  const exited = once(child, 'exit');
  return {
    output: () => text,
    exitCode: () => child.exitCode ?? child.signalCode,
    /** The text `pattern` matches first; rejects when the process exits or after 60 s. */
    waitFor(pattern: RegExp): Promise<string> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (!match) return;
          finish();
          resolve(match[0]);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no ${pattern} within 60 s; output:\n${text.slice(-3000)}`));
        }, 60_000);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        exited.then(() => {
          finish();
          reject(new Error(`exited before ${pattern}; output:\n${text.slice(-3000)}`));
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

/** Why the arm64 executable cannot run here (qemu-user or the arm64 runtime libraries missing), if so. */
function arm64Unavailable(): string | undefined {
  if (!existsSync(QEMU)) return missingPackagesWhy(`running arm64 under ${QEMU}`, ['qemu-user-static']);
  if (!existsSync(path.join(ARM64_SYSROOT, 'lib', 'ld-linux-aarch64.so.1')))
    return missingPackagesWhy(`the arm64 runtime in ${ARM64_SYSROOT}`, [
      'libc6-arm64-cross',
      'libstdc++6-arm64-cross',
      'libgcc-s1-arm64-cross',
    ]);
  return undefined;
}
