// The load generator (bench/load-generator.ts) as a child process driven over IPC: one command at a time,
// each answered by one reply. Used by bench/load.ts and bench/stream-open.ts.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { LoadCommand, LoadReply } from './load-generator';

const REPO = path.resolve(import.meta.dirname, '..');

/** Starts the generator on the devices in `devicesFile`; `ready` resolves once it has loaded them. */
export function loadGenerator(devicesFile: string) {
  const child = spawn(
    process.execPath,
    ['--max-old-space-size=8192', '--import', 'tsx', path.join(REPO, 'bench', 'load-generator.ts')],
    {
      cwd: REPO,
      env: { ...process.env, LOAD_DEVICES: devicesFile },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const replies: ((reply: LoadReply) => void)[] = [];
  child.on('message', (reply: LoadReply) => replies.shift()?.(reply));
  const ready = new Promise<LoadReply>((resolve) => replies.push(resolve));
  const send = async (command: LoadCommand): Promise<Record<string, unknown>> => {
    const answered = new Promise<LoadReply>((resolve) => replies.push(resolve));
    child.send(command);
    const reply = await answered;
    if (!reply.ok) throw new Error(`load generator, ${command.kind}: ${reply.message}`);
    return reply;
  };
  return { child, ready, send };
}
