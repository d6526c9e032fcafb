// The agent executables as a workstation gets them: built by agent/packaging/build-sea.ts (linux-x64 and
// linux-arm64, into a temporary folder), each copied alone into an empty folder (no node_modules beside
// it) and run with a PATH on which there is no `node` (the system one is /usr/bin/node, so PATH is a folder
// of links to /usr/bin and /bin without node, nodejs, npm, npx, corepack). The arm64 one runs under
// qemu-user (Debian qemu-user-static and the arm64 cross C/C++ runtime, from `npm run setup:system`). A probe
// executable (sea-probe.ts) built with the same assets checks what the loaders make of them inside a SEA.
// The x64 one also runs as the service does, enrolling with and streaming to a real collector on loopback
// (the collector is the Node 20 bundle in dist/, as in the end-to-end suites; only the agent is packaged).
import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPolicyFileAsActive } from '../../agent/active-policy';
import { CREDENTIAL_FILES, tlsDirectory } from '../../agent/enrolment/agent-credentials';
import { machineRoot } from '../../agent/probes/machine-root';
import { runSweep } from '../../agent/sweep';
import { baselinePolicyPath, loadBaselinePolicy } from '../../policies/load-policy';
import { type Deployment, deployment, expectContiguous } from '../support/collector-fixture';
import { eventually, type Running } from '../support/processes';
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

/** Copies one executable alone into a fresh folder, as an operator would. */
function installAlone(name: string): string {
  const dir = mkdtempSync(path.join(work, `${name}-`));
  const file = path.join(dir, name);
  copyFileSync(path.join(built, name), file);
  return file;
}

/** What the source judges on the same root: rule, subject and status of every finding, sorted. */
async function expectedVerdicts(): Promise<string[]> {
  const active = await loadPolicyFileAsActive(baselinePolicyPath());
  const outcome = await runSweep(machineRoot(fixtureRoot), active, { sweepId: '' });
  return verdicts(outcome.findings);
}

/** Rule, subject and status of each finding, sorted; the wire spells statuses in capitals (proto enum). */
function verdicts(findings: readonly { ruleId: string; subject: string; status: string }[]): string[] {
  return findings
    .map((finding) => `${finding.ruleId} ${finding.subject} ${finding.status.toLowerCase()}`)
    .sort();
}

/** Runs the executable (exit code 1 means "a rule fails", which this root has); returns stdout. */
async function runCheck(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { env: noNodeEnv, cwd: work, maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (failed.code === 1 && failed.stdout) return failed.stdout;
    throw new Error(`${command} ${args.join(' ')} exited ${failed.code}: ${failed.stderr}`);
  }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'shoumi-sea-test-'));
  built = path.join(work, 'packages');
  await run(
    path.join(repo, 'node_modules', '.bin', 'tsx'),
    [
      'agent/packaging/build-sea.ts',
      '--targets',
      'linux-x64,linux-arm64',
      '--products',
      'shoumi-agent,shoumictl',
      '--out',
      built,
      '--no-archive',
    ],
    { cwd: repo },
  );
  noNodeEnv = { PATH: pathWithoutNode(path.join(work, 'bin')), HOME: work, TMPDIR: work, LANG: 'C.UTF-8' };
  // Four executables and two .debs: 65 s on a quiet 2-core machine, but npm test runs it beside another file
  // (a browser suite, say) on those two cores; the bound is for a build that hangs, not a speed test.
}, 420_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('shoumi-agent-linux-x64', () => {
  it('has no node to lean on: the PATH it runs with finds none', () => {
    const which = spawnSync('sh', ['-c', 'command -v node || echo none'], {
      env: noNodeEnv,
      encoding: 'utf8',
    });
    expect(which.stdout.trim()).toBe('none');
  });

  it('prints its version', async () => {
    const executable = installAlone('shoumi-agent-linux-x64');
    expect((await runCheck(executable, ['--version'])).trim()).toBe(packageVersion);
  });

  it('check --json judges a recorded root as the source does, with the embedded baseline', async () => {
    const executable = installAlone('shoumi-agent-linux-x64');
    const report = JSON.parse(await runCheck(executable, ['check', '--json', '--root', fixtureRoot])) as {
      policyVersion: string;
      findings: { ruleId: string; subject: string; status: string }[];
    };
    expect(report.policyVersion).toMatch(/^baseline:[0-9a-f]{16}$/);
    expect(report.findings.some((finding) => finding.status === 'fail')).toBe(true);
    expect(verdicts(report.findings)).toEqual(await expectedVerdicts());
  });

  it('knows every service of the .proto files and finds its embedded baseline, and goes on without usb-detection', async () => {
    // A probe executable with the agent's assets and loaders (test/package/sea-probe.ts): the `run` command
    // itself needs a collector to enrol with, which is the end-to-end suite's business.
    const probeDir = path.join(work, 'probe');
    await run(
      path.join(repo, 'node_modules', '.bin', 'tsx'),
      [
        'agent/packaging/build-sea.ts',
        '--entry',
        'test/package/sea-probe.ts',
        '--targets',
        'linux-x64',
        '--out',
        probeDir,
        '--no-strip',
        '--no-archive',
      ],
      { cwd: repo },
    );
    const dir = mkdtempSync(path.join(work, 'probe-run-'));
    const probe = path.join(dir, 'sea-probe');
    copyFileSync(path.join(probeDir, 'shoumi-agent-linux-x64'), probe);
    const tmp = mkdtempSync(path.join(work, 'tmp-'));
    const { stdout } = await run(probe, [], { env: { ...noNodeEnv, TMPDIR: tmp }, cwd: dir });
    const report = JSON.parse(stdout) as {
      isSea: boolean;
      services: string[];
      baseline: { rules?: number; errors?: unknown };
      usbDetection: string;
      chunks: Record<string, string>;
    };
    expect(report.isSea).toBe(true);
    expect(report.chunks).toEqual({
      systeminformation: 'function',
      nodeWifi: 'function',
      csr: '-----BEGIN CERTIFICATE REQUEST-----',
    });
    // The contract comes from the descriptor inside the script: nothing is extracted to TMPDIR.
    expect(readdirSync(tmp)).toEqual([]);
    expect(report.services).toEqual(servicesInProtoFiles());
    const baseline = await loadBaselinePolicy();
    expect(report.baseline).toEqual({ rules: baseline.ok ? baseline.policy.rules.length : -1 });
    expect(report.usbDetection).toMatch(
      /^usb-detection is not available: Cannot find module 'usb-detection'/,
    );
  }, 120_000);
});

describe('shoumi-agent-linux-x64 run against a collector on loopback', () => {
  const deviceId = 'sea-x64-agent';
  let world: Deployment | undefined;
  let collector: Running | undefined;
  let agent: ReturnType<typeof startExecutable> | undefined;
  afterAll(async () => {
    await agent?.stop();
    await collector?.kill('SIGKILL');
    world?.admin.close();
    if (world) rmSync(world.dir, { recursive: true, force: true });
  });

  it('enrols with a one-time token and the CA fingerprint, then streams its findings', async () => {
    world = await deployment();
    collector = await world.startCollector();
    const executable = installAlone('shoumi-agent-linux-x64');
    const dataDir = world.agentDataDir(deviceId);
    agent = startExecutable(executable, [
      'run',
      '--collector',
      world.agentAddress,
      '--enrol',
      world.enrolAddress,
      '--token',
      world.trust.token(),
      '--ca-sha256',
      world.trust.caSha256,
      '--data',
      dataDir,
      '--root',
      fixtureRoot,
      '--interval',
      '1h',
      '--device-id',
      deviceId,
    ]);

    // Every finding of the first sweep reaches the store, numbered 1..n without a gap, and what the
    // collector holds as current is what the source judges on the same root.
    const expected = await expectedVerdicts();
    const seqs = await eventually(
      async () => {
        const stored = await world!.storedSeqs(deviceId);
        return stored.length >= expected.length ? stored : undefined;
      },
      `the packaged agent's findings in the collector; agent output:\n${agent.output().slice(-2000)}`,
      60_000,
      250,
    );
    const contiguous = expectContiguous(seqs);
    expect(contiguous.ok, contiguous.problem).toBe(true);
    const current = await world.admin.listFindings({ deviceId, limit: 1000 });
    expect(verdicts(current.findings.filter((finding) => finding.origin === 'agent'))).toEqual(expected);
    expect(agent.output()).toMatch(/"message":"link connected"/);

    // The collector recorded the device certificate the executable holds in DATA/tls, and it is valid.
    const { certificates } = await world.admin.listCertificates({ kind: 'device', subject: deviceId });
    expect(certificates).toHaveLength(1);
    expect(certificates[0]!.revokedAtMs).toBe(0);
    const held = new X509Certificate(readFileSync(path.join(tlsDirectory(dataDir), CREDENTIAL_FILES.cert)));
    expect(certificates[0]!.sha256).toBe(createHash('sha256').update(held.raw).digest('hex'));
    expect(agent.exitCode()).toBeNull();
  }, 90_000);
});

describe('shoumi-agent-linux-arm64 under qemu-user (emulated)', () => {
  it('check --json judges a recorded root as the source does', async (context) => {
    const missing = arm64Unavailable();
    if (missing) {
      // Never a silent pass: the reason is printed and the test is reported as skipped with it.
      process.stderr.write(`sea.test.ts: linux-arm64 not run: ${missing}\n`);
      context.skip(missing);
    }
    const executable = installAlone('shoumi-agent-linux-arm64');
    const stdout = await runCheck(QEMU, [
      '-L',
      ARM64_SYSROOT,
      executable,
      'check',
      '--json',
      '--root',
      fixtureRoot,
    ]);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; subject: string; status: string }[] };
    expect(verdicts(report.findings)).toEqual(await expectedVerdicts());
    expect((await runCheck(QEMU, ['-L', ARM64_SYSROOT, executable, '--version'])).trim()).toBe(
      packageVersion,
    );
  }, 120_000);
});

/**
 * Starts an executable with the node-less environment; its stdout and stderr are kept. Not
 * test/support/processes.ts's start(), which runs the dist/ bundles with this Node.
 */
function startExecutable(command: string, args: string[]) {
  const child = spawn(command, args, {
    env: noNodeEnv,
    cwd: path.dirname(command),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = once(child, 'exit');
  return {
    output: () => text,
    exitCode: () => child.exitCode ?? child.signalCode,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Every `service Name` declared in proto/shoumi/v1/*.proto, sorted. */
function servicesInProtoFiles(): string[] {
  const dir = path.join(repo, 'proto', 'shoumi', 'v1');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.proto'))
    .flatMap((name) =>
      [...readFileSync(path.join(dir, name), 'utf8').matchAll(/^service (\w+)/gm)].map((m) => m[1]!),
    )
    .sort();
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
