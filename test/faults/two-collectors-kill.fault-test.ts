// Two collector processes on one PostgreSQL under load from four agents (two started on each):
// 1. one collector SIGKILLed, A and B in turn, SHOUMI_FAULT_ROUNDS times (10 unless set): each time the agents
//    it held move to the other and are stored through it, then the killed one is started again on its data
//    directory;
// 2. PostgreSQL itself stopped and started under load (a private server: the shared one serves other suites):
//    while it is down the collectors refuse and the agents keep their findings; once it is back they are sent.
// Afterwards, for every device, seqs 1..last assigned by its agent are stored exactly once, and the audit chain
// verifies on the database (`audit verify --store`).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type ClusterDeployment, clusterDeployment, type MemberName } from '../support/cluster-fixture';
import { type PrivatePostgres, startPrivatePostgres } from '../support/private-postgres';
import { eventually, type Running, run } from '../support/processes';
import { drain, expectExactlyOnce, type FleetView, producingArgs } from './fleet-under-fault';

const ROUNDS = Number(process.env.SHOUMI_FAULT_ROUNDS || 10);
/** Name, device id and the collector the agent knows first. */
const AGENTS: ReadonlyArray<{ name: string; first: MemberName }> = [
  { name: 'tk-agent-1', first: 'a' },
  { name: 'tk-agent-2', first: 'a' },
  { name: 'tk-agent-3', first: 'b' },
  { name: 'tk-agent-4', first: 'b' },
];
const other = (name: MemberName): MemberName => (name === 'a' ? 'b' : 'a');

/** Every device's highest stored seq, read through one collector in one call. */
async function lastSeqs(cluster: ClusterDeployment, through: MemberName): Promise<Map<string, number>> {
  const page = await cluster.members[through].admin.listDevices({ limit: 1000 });
  return new Map(page.devices.map((device) => [device.deviceId, device.lastSeq]));
}

/** Which collector process holds each device's stream, from the database's live_streams table. */
async function streamHolders(cluster: ClusterDeployment): Promise<Map<string, MemberName | 'other'>> {
  const client = new pg.Client({ connectionString: cluster.database.url });
  await client.connect();
  try {
    const rows = await client.query<{ device_id: string; collector_id: string }>(
      'SELECT device_id, collector_id FROM live_streams',
    );
    const pidOf = (name: MemberName) => cluster.members[name].process?.child.pid;
    return new Map(
      rows.rows.map((row) => {
        // collector ids are host:pid:random (postgres-coordination.ts)
        const pid = Number(row.collector_id.split(':').at(-2));
        return [row.device_id, pid === pidOf('a') ? 'a' : pid === pidOf('b') ? 'b' : 'other'];
      }),
    );
  } finally {
    await client.end();
  }
}

interface LoadedCluster {
  cluster: ClusterDeployment;
  /** The producing agents (the load). */
  agents: Running[];
}

async function startLoadedCluster(serverUrl?: string): Promise<LoadedCluster> {
  const cluster = await clusterDeployment(serverUrl ? { serverUrl } : {});
  await cluster.members.a.start();
  await cluster.members.b.start();
  const agents = AGENTS.map((agent) =>
    cluster.startAgent(agent.name, agent.first, producingArgs(agent.name, '300ms')),
  );
  await eventually(
    async () => {
      const seqs = await lastSeqs(cluster, 'a');
      return AGENTS.every((agent) => (seqs.get(agent.name) ?? 0) > 0) ? true : undefined;
    },
    'every agent enrolled and stored',
    90_000,
  );
  return { cluster, agents };
}

/** Stops the load, drains every outbox, and checks each device's seqs and the chain on the database. */
async function expectEverythingStoredOnce({ cluster, agents }: LoadedCluster, label: string) {
  for (const agent of agents) await agent.kill('SIGTERM');
  const view: FleetView = {
    startAgent: (name, args, token) => cluster.startAgent(name, 'a', args, token),
    agentDataDir: (name) => cluster.agentDataDir(name),
    lastSeq: (deviceId) => cluster.lastSeq(deviceId, 'a'),
    storedSeqs: (deviceId) => cluster.storedSeqs(deviceId, 'b'),
  };
  const results: Record<string, { stored: number; problems: string[] }> = {};
  for (const agent of AGENTS) {
    const last = await drain(view, agent.name, agent.name, 90_000);
    results[agent.name] = await expectExactlyOnce(view, agent.name, last);
  }
  console.log(`[faults] ${label}: stored per agent`, JSON.stringify(results));
  for (const agent of AGENTS) {
    expect(results[agent.name]!.problems, agent.name).toEqual([]);
    expect(results[agent.name]!.stored).toBeGreaterThan(100);
  }
  const verify = await run('shoumi-collector', [
    'audit',
    'verify',
    '--data',
    cluster.members.a.dataDir,
    '--store',
    cluster.database.url,
    '--json',
  ]);
  const verdict = verify.stdout.trim() ? JSON.parse(verify.stdout) : verify.stderr;
  expect(verify.code, JSON.stringify(verdict)).toBe(0);
  expect(verdict.ok).toBe(true);
  return verdict;
}

describe('two collectors on one PostgreSQL under faults', () => {
  const clusters: ClusterDeployment[] = [];
  let privateServer: PrivatePostgres | undefined;
  afterAll(async () => {
    for (const cluster of clusters) await cluster.close().catch(() => undefined);
    await privateServer?.destroy();
  });

  it(
    `stores every finding exactly once across ${ROUNDS} SIGKILLs of one collector, A and B in turn`,
    async () => {
      const loaded = await startLoadedCluster();
      const { cluster } = loaded;
      clusters.push(cluster);
      const figures: string[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const victim: MemberName = round % 2 === 1 ? 'a' : 'b';
        const survivor = other(victim);
        // Under load: some finding stored since the last round before this kill.
        const before = await lastSeqs(cluster, survivor);
        await eventually(
          async () => {
            const now = await lastSeqs(cluster, survivor);
            return AGENTS.some((agent) => (now.get(agent.name) ?? 0) > (before.get(agent.name) ?? 0))
              ? true
              : undefined;
          },
          `ingest flowing before kill ${round}`,
          30_000,
        );
        const held = await streamHolders(cluster);
        const victimHeld = AGENTS.filter((agent) => held.get(agent.name) === victim).map(
          (agent) => agent.name,
        );
        const victimProcess = cluster.members[victim].process!;
        const killedAt = Date.now();
        await victimProcess.kill('SIGKILL');
        expect((await victimProcess.exited).signal).toBe('SIGKILL');
        // Read after the victim is gone: whatever is stored beyond this came through the survivor.
        const atKill = await lastSeqs(cluster, survivor);
        let firstMs: number | undefined;
        await eventually(
          async () => {
            const now = await lastSeqs(cluster, survivor);
            const grown = AGENTS.filter(
              (agent) => (now.get(agent.name) ?? 0) > (atKill.get(agent.name) ?? 0),
            );
            if (
              victimHeld.length > 0 &&
              firstMs === undefined &&
              grown.some((a) => victimHeld.includes(a.name))
            )
              firstMs = Date.now() - killedAt;
            return grown.length === AGENTS.length ? true : undefined;
          },
          `every agent stored through ${survivor} after kill ${round} of ${victim}`,
          60_000,
        );
        const allMs = Date.now() - killedAt;
        // The streams the victim held are now held by the survivor.
        const movedTo = await eventually(
          async () => {
            const holders = await streamHolders(cluster);
            return AGENTS.every((agent) => holders.get(agent.name) === survivor) ? holders : undefined;
          },
          `every stream held by ${survivor} after kill ${round}`,
          30_000,
        );
        expect(movedTo.size).toBe(AGENTS.length);
        figures.push(
          `round ${round}: killed ${victim} (held ${victimHeld.length}), first of its agents stored through ` +
            `${survivor} after ${firstMs ?? '-'} ms, all agents after ${allMs} ms`,
        );
        await cluster.members[victim].start();
      }
      console.log(`[faults] two collectors, ${ROUNDS} kills:\n  ${figures.join('\n  ')}`);
      expect(figures).toHaveLength(ROUNDS);
      await expectEverythingStoredOnce(loaded, 'two collectors kills');
    },
    120_000 + ROUNDS * 60_000,
  );

  it('keeps every finding while PostgreSQL is stopped under load, and stores each once when it is back', async () => {
    privateServer = await startPrivatePostgres();
    const loaded = await startLoadedCluster(privateServer.url);
    const { cluster } = loaded;
    clusters.push(cluster);
    await privateServer.stop();
    const stoppedAt = Date.now();
    // The collectors refuse what needs the database …
    for (const name of ['a', 'b'] as const)
      await expect(cluster.members[name].admin.listDevices({ limit: 10 }), name).rejects.toThrow();
    // … and the agents keep their findings: each outbox grows by 50 beyond its depth when the server stopped.
    const outboxDepths = () =>
      Promise.all(
        AGENTS.map(
          async (agent) =>
            (
              JSON.parse(
                await readFile(path.join(cluster.agentDataDir(agent.name), 'status.json'), 'utf8'),
              ) as { outboxDepth: number }
            ).outboxDepth,
        ),
      );
    const atStop = await outboxDepths();
    const depths = await eventually(
      async () => {
        const depth = await outboxDepths();
        return depth.every((value, index) => value >= atStop[index]! + 50) ? depth : undefined;
      },
      'every agent holding 50 more findings while PostgreSQL is down',
      60_000,
      250,
    );
    // Neither collector gave up: both still run.
    for (const name of ['a', 'b'] as const) {
      const collector = cluster.members[name].process!;
      expect(
        collector.child.exitCode,
        `collector ${name} exited:\n${collector.output().slice(-3000)}`,
      ).toBeNull();
    }
    const downMs = Date.now() - stoppedAt;
    await privateServer.start();
    const startedAt = Date.now();
    for (const name of ['a', 'b'] as const) {
      const answered = await eventually(
        async () => ((await lastSeqs(cluster, name)).size === AGENTS.length ? true : undefined),
        `collector ${name} answering again after PostgreSQL started`,
        120_000,
        250,
      );
      expect(answered).toBe(true);
    }
    console.log(
      `[faults] PostgreSQL stopped ${downMs} ms under load (outbox depths ${atStop.join(' ')} at the stop, then ${depths.join(' ')}); ` +
        `collectors answering ${Date.now() - startedAt} ms after it started`,
    );
    await expectEverythingStoredOnce(loaded, 'PostgreSQL restart');
  }, 600_000);
});
