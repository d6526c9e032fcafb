// DATA/status.json: what the running agent last knew about itself, for `shoumi-agent status` (a separate
// process that must not open the outbox or the link). Written by the runtime on every link state change,
// ack, sweep, policy change and heartbeat tick. Cheap: at most one write in flight, later updates folded
// into the next one; atomic: written to status.json.tmp and renamed, so a reader never sees half a file. Not
// fsynced: after a crash it may be a moment old, and `updatedAt` says how old.
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AgentLog } from '../agent-log';

export const STATUS_FILE = 'status.json';

export interface AgentStatus {
  deviceId: string;
  pid: number;
  agentVersion: string;
  /** connecting | connected | waiting | stopped (agent/link). */
  link: string;
  linkDetail?: string;
  lastConnectedAt?: string;
  lastAckAt?: string;
  lastAckedSeq?: number;
  outboxDepth: number;
  policyVersion: string;
  lastSweepAt?: string;
  lastSweepError?: string;
  updatedAt: string;
}

export interface StatusFile {
  update(change: Partial<AgentStatus>): void;
  /** Waits for the pending write (shutdown). */
  close(): Promise<void>;
}

export function startStatusFile(
  dataDir: string,
  initial: Omit<AgentStatus, 'updatedAt' | 'pid'>,
  log: AgentLog,
): StatusFile {
  const file = path.join(dataDir, STATUS_FILE);
  let current: AgentStatus = { ...initial, pid: process.pid, updatedAt: new Date().toISOString() };
  let writing: Promise<void> | undefined;
  let dirty = false;
  let warned = false;

  const writeLoop = async () => {
    while (dirty) {
      dirty = false;
      const text = `${JSON.stringify(current, null, 2)}\n`;
      try {
        await writeFile(`${file}.tmp`, text, { mode: 0o600 });
        await rename(`${file}.tmp`, file);
      } catch (error) {
        // The agent's work does not depend on this file; say so once, not on every heartbeat.
        if (!warned) log.warn('cannot write the status file', { file, error: (error as Error).message });
        warned = true;
      }
    }
    writing = undefined;
  };

  const update = (change: Partial<AgentStatus>) => {
    current = { ...current, ...change, updatedAt: new Date().toISOString() };
    dirty = true;
    writing ??= writeLoop();
  };
  update({});
  return {
    update,
    async close() {
      await writing;
    },
  };
}

export async function readStatusFile(dataDir: string): Promise<AgentStatus | undefined> {
  const text = await readFile(path.join(dataDir, STATUS_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as AgentStatus;
  } catch {
    return undefined;
  }
}
