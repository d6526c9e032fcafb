// The agent executables as a workstation gets them: built by agent/packaging/build-sea.ts (linux-x64 and
// linux-arm64, into a temporary folder), each copied alone into an empty folder (no node_modules beside
// it) and run with a PATH on which there is no `node` (the system one is /usr/bin/node, so PATH is a folder
// of links to /usr/bin and /bin without node, nodejs, npm, npx, corepack). The arm64 one runs under
// qemu-user (Debian qemu-user-static and the arm64 cross C/C++ runtime, installed by apt-install.sh). A probe
// executable (sea-probe.ts) built with the same assets checks what the loaders make of them inside a SEA.
import { execFile, spawnSync } from 'node:child_process';
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
import { machineRoot } from '../../agent/probes/machine-root';
import { runSweep } from '../../agent/sweep';
import { baselinePolicyPath, loadBaselinePolicy } from '../../policies/load-policy';

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

function verdicts(findings: readonly { ruleId: string; subject: string; status: string }[]): string[] {
  return findings.map((finding) => `${finding.ruleId} ${finding.subject} ${finding.status}`).sort();
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
    ['agent/packaging/build-sea.ts', '--targets', 'linux-x64,linux-arm64', '--out', built, '--no-archive'],
    { cwd: repo },
  );
  noNodeEnv = { PATH: pathWithoutNode(path.join(work, 'bin')), HOME: work, TMPDIR: work, LANG: 'C.UTF-8' };
}, 180_000);

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

  it('finds its embedded .proto files and baseline, and goes on without usb-detection', async () => {
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
      protoDirectory: string;
      services: string[];
      baseline: { rules?: number; errors?: unknown };
      usbDetection: string;
    };
    expect(report.isSea).toBe(true);
    // Extracted to a private folder under TMPDIR, removed when the process exits.
    expect(report.protoDirectory.startsWith(path.join(tmp, 'shoumi-proto-'))).toBe(true);
    expect(readdirSync(tmp)).toEqual([]);
    expect(report.services).toEqual(servicesInProtoFiles());
    const baseline = await loadBaselinePolicy();
    expect(report.baseline).toEqual({ rules: baseline.ok ? baseline.policy.rules.length : -1 });
    expect(report.usbDetection).toMatch(
      /^usb-detection is not available: Cannot find module 'usb-detection'/,
    );
  }, 120_000);
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

/** Installs qemu-user and the arm64 runtime libraries if missing; says why when they cannot be had. */
function arm64Unavailable(): string | undefined {
  const install = spawnSync(
    'sh',
    [
      path.join(repo, 'test', 'support', 'apt-install.sh'),
      'sea.test.ts',
      'qemu-user-static',
      'libc6-arm64-cross',
      'libstdc++6-arm64-cross',
      'libgcc-s1-arm64-cross',
    ],
    { encoding: 'utf8' },
  );
  if (install.status !== 0)
    return `apt-install.sh failed: ${install.stderr.trim() || install.error?.message}`;
  if (!existsSync(QEMU)) return `${QEMU} is missing after installing qemu-user-static`;
  if (!existsSync(path.join(ARM64_SYSROOT, 'lib', 'ld-linux-aarch64.so.1')))
    return `${ARM64_SYSROOT}/lib/ld-linux-aarch64.so.1 is missing (libc6-arm64-cross)`;
  return undefined;
}
