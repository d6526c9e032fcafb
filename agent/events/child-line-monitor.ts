// A long-running monitor command (`ip monitor`, `udevadm monitor`) as a source of lines. The child is the
// OS handle its watcher owns: started once, killed on stop, and its end reported as a value so that the
// watcher can fall back to something else (busybox's `ip` has no `monitor`; a container may lack udevadm).
import { spawn } from 'node:child_process';

export type MonitorEnd = { kind: 'spawn-failed'; reason: string } | { kind: 'exited'; reason: string };

export interface ChildLineMonitorOptions {
  command: string;
  args: readonly string[];
  /** Each complete stdout line, with the time its chunk arrived. */
  onLine: (line: string, atMs: number) => void;
  /** Called once if the child could not start or ended while we still wanted it. */
  onEnd: (end: MonitorEnd) => void;
}

export interface ChildLineMonitor {
  stop(): void;
}

// If the agent is SIGKILLed the child outlives it (Node cannot ask for PR_SET_PDEATHSIG) until its next line
// meets the closed pipe and SIGPIPE ends it; a service manager that kills the whole cgroup ends it at once.
export function startChildLineMonitor(options: ChildLineMonitorOptions): ChildLineMonitor {
  let stopping = false;
  let ended = false;
  let partial = '';
  let stderr = '';
  const end = (value: MonitorEnd) => {
    if (ended || stopping) return;
    ended = true;
    options.onEnd(value);
  };
  const child = spawn(options.command, [...options.args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_ALL: 'C' },
  });
  child.on('error', (error) => end({ kind: 'spawn-failed', reason: error.message }));
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const atMs = Date.now();
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim() !== '') options.onLine(line, atMs);
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    // Kept only to explain an early exit; bounded so that a chatty child cannot grow it.
    stderr = (stderr + chunk).slice(-500);
  });
  child.on('exit', (code, signal) => {
    const why = signal ? `killed by ${signal}` : `exit code ${code}`;
    end({ kind: 'exited', reason: `${options.command} ${why}${stderr ? `: ${stderr.trim()}` : ''}` });
  });
  return {
    stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
