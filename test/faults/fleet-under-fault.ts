// What the fault tests share: agents producing findings continuously from a recorded root, draining each
// agent's outbox after the faults, and the checks that nothing was lost, duplicated or corrupted.
import path from 'node:path';
import { openOutbox } from '../../agent/outbox/outbox';
import { storeFileOf } from '../../collector/audit/verify-data-dir';
import { openConnection } from '../../collector/store/sqlite/connection';
import { type Deployment, expectContiguous } from '../support/collector-fixture';
import { eventually, REPO, run } from '../support/processes';

// A recorded root keeps sweeps deterministic (about 25 findings each); with --report-unchanged every sweep
// sends them all again, which is the load.
export const CLEAN_ROOT = path.join(REPO, 'test', 'fixtures', 'roots', 'clean');

export const producingArgs = (deviceId: string, interval = '200ms') => [
  '--root',
  CLEAN_ROOT,
  '--interval',
  interval,
  '--report-unchanged',
  '--no-events',
  '--device-id',
  deviceId,
  '--heartbeat',
  '1s',
];

/** What draining and counting need of a deployment: one collector's, or a cluster's through one member. */
export type FleetView = Pick<Deployment, 'startAgent' | 'agentDataDir' | 'lastSeq' | 'storedSeqs'>;

export async function lastAssignedSeq(
  world: Pick<FleetView, 'agentDataDir'>,
  agentName: string,
): Promise<number> {
  const outbox = await openOutbox(path.join(world.agentDataDir(agentName), 'outbox'));
  const seq = outbox.lastAssignedSeq;
  await outbox.close();
  return seq;
}

/**
 * The producer must be stopped. An agent that reports only changes (and sweeps hourly) sends what is left in
 * the outbox. Its own first sweep may append findings while it drains (the reported-state file of a killed
 * producer can lag its outbox), so repeat until the collector holds every seq the outbox ever assigned.
 */
export async function drain(world: FleetView, agentName: string, deviceId: string, timeoutMs = 60_000) {
  for (let round = 1; ; round++) {
    const produced = await lastAssignedSeq(world, agentName);
    if ((await world.lastSeq(deviceId)) >= produced) return produced;
    if (round > 4) throw new Error(`${deviceId}: still not drained after ${round - 1} drainer runs`);
    const drainer = world.startAgent(agentName, [
      '--root',
      CLEAN_ROOT,
      '--interval',
      '1h',
      '--no-events',
      '--device-id',
      deviceId,
    ]);
    try {
      await eventually(
        async () => ((await world.lastSeq(deviceId)) >= produced ? true : undefined),
        `${deviceId}: all ${produced} findings at the collector`,
        timeoutMs,
        250,
      );
    } finally {
      await drainer.kill('SIGTERM');
    }
  }
}

/** Every seq 1..lastAssigned stored exactly once for the device. */
export async function expectExactlyOnce(
  world: Pick<FleetView, 'storedSeqs'>,
  deviceId: string,
  lastAssigned: number,
) {
  const seqs = await world.storedSeqs(deviceId);
  const contiguous = expectContiguous(seqs);
  const problems: string[] = [];
  if (!contiguous.ok) problems.push(contiguous.problem);
  if (seqs.length !== lastAssigned)
    problems.push(`stored ${seqs.length} findings, the agent assigned ${lastAssigned}`);
  return { stored: seqs.length, problems };
}

/** The offline verifier on a stopped collector's data directory. */
export async function auditVerifiesOffline(dataDir: string) {
  const result = await run('shoumi-collector', ['audit', 'verify', '--data', dataDir, '--json']);
  return { code: result.code, verdict: result.stdout.trim() ? JSON.parse(result.stdout) : result.stderr };
}

export async function integrityCheck(dataDir: string): Promise<string> {
  const connection = await openConnection(storeFileOf(dataDir), 'read-only');
  try {
    const rows = await connection.all<{ integrity_check: string }>('PRAGMA integrity_check');
    return rows.map((row) => row.integrity_check).join('; ');
  } finally {
    await connection.close();
  }
}

/**
 * The agent's seqs stored for a device, read from the store file itself: while the disk is full the admin
 * API refuses every call (it cannot write the call's audit record), so a test looks at the file read-only.
 */
export async function storedSeqsInFile(dataDir: string, deviceId: string): Promise<number[]> {
  const connection = await openConnection(storeFileOf(dataDir), 'read-only');
  try {
    const rows = await connection.all<{ seq: number }>(
      'SELECT seq FROM findings WHERE device_id = ? AND seq > 0 ORDER BY seq',
      [deviceId],
    );
    return rows.map((row) => row.seq);
  } finally {
    await connection.close();
  }
}
