// Real child processes for end-to-end tests: the bundled CLIs started with this Node, their JSON log lines
// collected, and helpers to wait for a line, kill with a real signal and find a free loopback port.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
export const dist = (name: 'shoumi-agent' | 'shoumi-collector' | 'shoumictl') =>
  path.join(REPO, 'dist', `${name}.cjs`);

export interface Running {
  child: ChildProcess;
  /** Everything written to stderr and stdout so far. */
  output(): string;
  /** Resolves with the first JSON log line whose message matches; rejects on exit or timeout. */
  waitForLog(message: string | RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function start(
  name: Parameters<typeof dist>[0],
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd?: string,
): Running {
  const child = spawn(process.execPath, [dist(name), ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters = new Set<() => void>();
  const onChunk = (chunk: Buffer) => {
    text += chunk.toString();
    for (const wake of waiters) wake();
  };
  child.stdout!.on('data', onChunk);
  child.stderr!.on('data', onChunk);
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  const findLog = (message: string | RegExp) => {
    for (const line of text.split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        const text = String(parsed.message);
        if (typeof message === 'string' ? text === message : message.test(text)) return parsed;
      } catch {
        // partial line; the next chunk completes it
      }
    }
    return undefined;
  };
  return {
    child,
    output: () => text,
    exited,
    waitForLog(message, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = findLog(message);
          if (!found) return;
          finish();
          resolve(found);
        };
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(`${name}: no log "${message}" within ${timeoutMs} ms; output:\n${text.slice(-3000)}`),
          );
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        exited.then(() => {
          if (!findLog(message)) {
            finish();
            reject(new Error(`${name} exited before logging "${message}"; output:\n${text.slice(-3000)}`));
          }
        });
        check();
      });
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}

/** Runs a CLI to completion. */
/**
 * shoumictl speaks Chinese by default and fits its tables to COLUMNS: the tests that read its English
 * text and whole rows ask for English and no width, unless a test says otherwise.
 */
const CTL_TEST_ENV: NodeJS.ProcessEnv = { SHOUMI_LANG: 'en', COLUMNS: '', NO_COLOR: '1' };

export async function run(
  name: Parameters<typeof dist>[0],
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [dist(name), ...args], {
    env: { ...process.env, ...(name === 'shoumictl' ? CTL_TEST_ENV : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = await once(child, 'exit');
  return { code: code as number | null, stdout, stderr };
}

/**
 * A loopback port for a child process to listen on later. It comes from below the kernel's ephemeral range,
 * because a port the kernel handed out for `listen(0)` and then released can be given to any outgoing
 * connection on the machine before the child binds it (CI once failed with EADDRINUSE exactly so). Each
 * vitest worker draws from its own slice, and a port is never handed out twice by one process.
 */
export async function freePort(): Promise<number> {
  const { first, count } = portSlice();
  for (let attempt = 0; attempt < count; attempt++) {
    const port = first + ((nextPortOffset++ + portSliceStart) % count);
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free loopback port in ${first}–${first + count - 1}`);
}

const PORT_FLOOR = 20_000;
const SLICE_SIZE = 1_000;
const handedOut = new Set<number>();
let nextPortOffset = 0;
// Where in its slice this process starts, so that two runs side by side rarely meet.
const portSliceStart = Math.floor(Math.random() * SLICE_SIZE);

function portSlice(): { first: number; count: number } {
  const ephemeralStart = readEphemeralStart();
  const slices = Math.max(1, Math.floor((ephemeralStart - PORT_FLOOR) / SLICE_SIZE));
  const worker = Number(process.env.VITEST_POOL_ID ?? process.pid);
  return { first: PORT_FLOOR + (worker % slices) * SLICE_SIZE, count: SLICE_SIZE };
}

function readEphemeralStart(): number {
  try {
    const [start] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(start);
    if (Number.isInteger(value) && value > PORT_FLOOR + SLICE_SIZE) return value;
  } catch {
    // not Linux: the IANA dynamic range starts at 49152
  }
  return 49_152;
}

async function canListen(port: number): Promise<boolean> {
  const server = createServer();
  server.listen(port, '127.0.0.1');
  const outcome = await Promise.race([
    once(server, 'listening').then(() => true),
    once(server, 'error').then(() => false),
  ]);
  if (outcome) {
    server.close();
    await once(server, 'close');
  }
  return outcome;
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
