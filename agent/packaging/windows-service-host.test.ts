// The Windows service host (windows-service-host/ShoumiAgentService.cs), compiled with mcs as `npm run
// package` compiles it and run under Mono in --console mode: the same start and stop code the SCM drives,
// with this process's stdin standing in for the SCM's stop. The "agent" is a small Node script that
// records its arguments, writes to stdout and stderr, and stops, crashes or ignores the stop as told. Then
// the real agent bundle (dist/shoumi-agent.cjs) behind the host, enrolled with a collector in this process.
// What cannot be tested here is the SCM itself (StartServiceCtrlDispatcher, recovery actions, error 1053).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCollector, inProcessCollector } from '../../test/support/in-process-collector';
import {
  compileServiceHost,
  ensureServiceHostCompiler,
  SERVICE_HOST_FILE,
} from './windows-service-host/compile-service-host';

const repo = path.resolve(import.meta.dirname, '..', '..');
const agentBundle = path.join(repo, 'dist', 'shoumi-agent.cjs');
const cleanRoot = path.join(repo, 'test', 'fixtures', 'roots', 'clean');

// The test's own setup installs mcs and mono where apt can (as npm run package does); skipped, loudly,
// only where that is impossible.
const cannotCompile =
  ensureServiceHostCompiler() ??
  (spawnSync('mono', ['--version']).status === 0 ? undefined : 'mono (Debian mono-runtime) is not installed');
if (cannotCompile) console.warn(`windows-service-host.test.ts: host tests skipped: ${cannotCompile}`);

let work: string;
let host: string;
let fakeAgent: string;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), 'shoumi-service-host-'));
  fakeAgent = path.join(work, 'fake-agent.js');
  writeFileSync(fakeAgent, fakeAgentScript(), { mode: 0o755 });
  if (cannotCompile) return;
  host = path.join(work, SERVICE_HOST_FILE);
  compileServiceHost(host);
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** The stand-in agent; `--mode graceful|crash|ignore|chatty` among its arguments says how it behaves. */
function fakeAgentScript(): string {
  return `#!${process.execPath}
const fs = require('node:fs');
const args = process.argv.slice(2);
const mode = args[args.indexOf('--mode') + 1];
fs.writeFileSync(process.env.FAKE_AGENT_RECORD, JSON.stringify({ pid: process.pid, args }));
process.stdout.write('fake agent started\\n');
process.stderr.write('fake agent: a line on stderr\\n');
if (mode === 'crash') setTimeout(() => { process.stderr.write('fake agent crashing\\n'); process.exit(3); }, 300);
if (mode === 'chatty') {
  let line = 0;
  const timer = setInterval(() => {
    process.stdout.write(\`line \${String(line).padStart(3, '0')} \${'x'.repeat(90)}\\n\`);
    if (++line === 150) clearInterval(timer);
  }, 3);
}
process.stdin.on('end', () => {
  if (mode === 'ignore') return void process.stdout.write('fake agent ignores the closed stdin\\n');
  process.stdout.write('stopped gracefully\\n');
  process.exit(0);
});
process.stdin.resume();
setInterval(() => {}, 1000);
`;
}

interface HostRun {
  child: ChildProcess;
  log: string;
  record: string;
  output(): string;
  exited: Promise<number | null>;
}

/** Starts the host in --console mode with `hostArgs` (its options) and then the agent's arguments. */
function startHost(name: string, hostArgs: string[], agentArgs: string[], agent = fakeAgent): HostRun {
  const log = path.join(work, name, 'service.log');
  const record = path.join(work, `${name}.json`);
  const child = spawn(
    'mono',
    [host, '--console', '--agent', agent, '--log', log, ...hostArgs, ...agentArgs],
    {
      env: { ...process.env, FAKE_AGENT_RECORD: record },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, log, record, output: () => text, exited };
}

/** Closes the host's stdin (--console's stop) and expects a clean exit; resolves with how long it took. */
async function stopByClosingStdin(run: HostRun): Promise<number> {
  const closedAt = Date.now();
  run.child.stdin!.end();
  expect(await run.exited, run.output()).toBe(0);
  return Date.now() - closedAt;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const readLog = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
const recorded = (run: HostRun) =>
  existsSync(run.record)
    ? (JSON.parse(readFileSync(run.record, 'utf8')) as { pid: number; args: string[] })
    : undefined;
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe.skipIf(cannotCompile !== undefined)('shoumi-agent-service.exe under Mono (--console)', () => {
  it('passes the arguments through, logs the output, and stops the agent by closing its stdin', async () => {
    const agentArgs = [
      'run',
      '--data',
      '/tmp/with space/agent',
      '--label',
      'say "hi"',
      '',
      '--mode',
      'graceful',
    ];
    const run = startHost('graceful', [], agentArgs);
    const started = await waitFor('the fake agent to start', () => recorded(run));
    expect(started.args).toEqual(agentArgs);
    await waitFor('its output in the log', () =>
      readLog(run.log).includes('fake agent: a line on stderr') ? true : undefined,
    );
    const stopMs = await stopByClosingStdin(run);
    console.log(`host stopped a graceful agent ${stopMs} ms after its stdin closed`);
    // Well inside the 20 s the host waits before it kills: the agent stopped on its own.
    expect(stopMs).toBeLessThan(5000);
    const log = readLog(run.log);
    expect(log).toContain('fake agent started');
    expect(log).toContain('stopped gracefully');
    expect(log).toContain('the agent exited with code 0');
    expect(log).not.toContain('killing');
    expect(alive(started.pid)).toBe(false);
  });

  it('exits 1 when the agent dies while it runs (the SCM then restarts the service)', async () => {
    const run = startHost('crash', [], ['run', '--mode', 'crash']);
    expect(await run.exited, run.output()).toBe(1);
    const log = readLog(run.log);
    expect(log).toContain('fake agent crashing');
    expect(log).toContain('the agent exited with code 3 while the service was running');
  });

  it('kills an agent that ignores the closed stdin once the stop timeout has passed', async () => {
    const run = startHost('ignore', ['--stop-timeout-ms', '1500'], ['run', '--mode', 'ignore']);
    const started = await waitFor('the fake agent to start', () => recorded(run));
    const stopMs = await stopByClosingStdin(run);
    console.log(`host killed an agent ignoring the stop ${stopMs} ms after its stdin closed (timeout 1500)`);
    expect(stopMs).toBeGreaterThanOrEqual(1500);
    expect(stopMs).toBeLessThan(8000);
    const log = readLog(run.log);
    expect(log).toContain('fake agent ignores the closed stdin');
    expect(log).toContain('the agent did not stop within 1500 ms: killing it');
    expect(alive(started.pid)).toBe(false);
  });

  it('keeps the log bounded: rotated to .1 before it would pass the limit, the older .1 dropped', async () => {
    const run = startHost('chatty', ['--log-max-bytes', '4096'], ['run', '--mode', 'chatty']);
    await waitFor('the last line in the log', () =>
      readLog(run.log).includes('line 149') ? true : undefined,
    );
    await stopByClosingStdin(run);
    const current = statSync(run.log).size;
    const previous = statSync(`${run.log}.1`).size;
    expect(current).toBeLessThanOrEqual(4096);
    expect(previous).toBeLessThanOrEqual(4096);
    // 150 lines of 100 bytes went through; the first ones were in a .1 that a later rotation dropped.
    expect(readLog(`${run.log}.1`) + readLog(run.log)).not.toContain('line 000');
  });

  it('refuses an unknown option before the agent arguments, with its usage (exit 2)', () => {
    const result = spawnSync('mono', [host, '--console', '--stop-timeout', '5', 'run'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown option --stop-timeout');
    expect(result.stderr).toContain('usage: shoumi-agent-service.exe');
  });
});

describe('the real agent bundle with run --stop-on-stdin-close', () => {
  let world: InProcessCollector;

  beforeAll(async () => {
    world = await inProcessCollector('service-host');
  });

  afterAll(async () => {
    await world?.stop();
  });

  const runArgs = (name: string) => [
    'run',
    '--collector',
    world.collector.agentAddress,
    '--enrol',
    world.collector.enrolAddress,
    '--token',
    world.trust.token(),
    '--ca-sha256',
    world.trust.caSha256,
    '--data',
    path.join(work, name),
    '--root',
    cleanRoot,
    '--device-id',
    name,
    '--no-events',
    '--stop-on-stdin-close',
  ];

  it.skipIf(cannotCompile !== undefined)(
    'behind the host: connects, then stops gracefully when the host closes its stdin',
    async () => {
      const wrapper = path.join(work, 'shoumi-agent');
      writeFileSync(wrapper, `#!/bin/sh\nexec '${process.execPath}' '${agentBundle}' "$@"\n`);
      chmodSync(wrapper, 0o755);
      const run = startHost('real-agent', [], runArgs('dev-service-host'), wrapper);
      await waitFor('the agent connected', () =>
        readLog(run.log).includes('"link connected"') ? true : undefined,
      );
      const stopMs = await stopByClosingStdin(run);
      console.log(`host stopped the real agent ${stopMs} ms after its stdin closed`);
      const log = readLog(run.log);
      expect(log).toContain('"agent stopped"');
      expect(log).toContain('the agent exited with code 0');
      expect(log).not.toContain('killing');
    },
  );

  it('alone: stops at once when stdin closes while it is still waiting for the collector', async () => {
    // A port nothing listens on: the agent waits to enrol, the state in which SIGTERM's default applies.
    const args = runArgs('dev-unreachable').map((arg) =>
      arg === world.collector.enrolAddress ? '127.0.0.1:9' : arg,
    );
    const child = spawn(process.execPath, [agentBundle, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const exited = once(child, 'exit');
    await waitFor('the agent waiting for the collector', () =>
      text.includes('collector not reachable for enrolment') ? true : undefined,
    );
    child.stdin!.end();
    const [code] = await exited;
    expect(code, text).toBe(0);
    expect(text).toContain('stopping before start-up finished');
  });

  it('refuses --token-file - with --stop-on-stdin-close: both would read standard input', async () => {
    const child = spawn(
      process.execPath,
      [agentBundle, 'run', '--collector', '127.0.0.1:9', '--token-file', '-', '--stop-on-stdin-close'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(text).toContain('--token-file - reads standard input');
  });
});
