// Two collectors as real processes on one PostgreSQL database, set up the way an operator does it: the PKI,
// administrators and tokens made once (the administrators and tokens recorded in the database), an operator
// key, the CA and server certificate sealed into the database (`cluster upload`), then each collector started
// in an empty data directory of its own with only the database's address and the key
// (`serve --store … --operator-key …`). Agents are given both collectors' addresses, in the order a test
// chooses, and fail over between them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { vi } from 'vitest';
import { runClusterUpload } from '../../collector/cluster/cluster-commands';
import { writeNewOperatorKey } from '../../collector/cluster/operator-key';
import type { AdminClient } from '../../collector/ctl/admin-client';
import { lastStoredSeq, storedAgentSeqs } from './collector-fixture';
import { freshPostgresDatabase, type TestDatabase } from './postgres';
import { freePort, type Running, start } from './processes';
import { prepareTrust, roleRoutedAdmin, type TrustWorld } from './trust-fixture';

export type MemberName = 'a' | 'b';

export interface ClusterMember {
  name: MemberName;
  dataDir: string;
  agentAddress: string;
  enrolAddress: string;
  adminAddress: string;
  /** Each call made as the first administrator role allowed to make it, through this collector. */
  admin: AdminClient;
  /** The running process, once started. */
  process?: Running;
  start(extraArgs?: string[]): Promise<Running>;
}

export interface ClusterDeployment {
  dir: string;
  database: TestDatabase;
  operatorKeyFile: string;
  trust: TrustWorld;
  members: Record<MemberName, ClusterMember>;
  /** An agent that knows both collectors, `first` first, and enrols through `first` on its first start. */
  startAgent(name: string, first: MemberName, args?: string[], token?: string): Running;
  agentDataDir(name: string): string;
  /** Every finding the device's agent sent, in seq order (history, all pages), read through `through`. */
  storedSeqs(deviceId: string, through?: MemberName): Promise<number[]>;
  /**
   * Which collector holds the device's live stream now, read from the stream directory both share
   * (live_streams, whose collector ids carry the process id); undefined when none does.
   */
  holderOf(deviceId: string): Promise<MemberName | undefined>;
  /** The device's highest stored agent seq (0 when unknown), read through `through`. */
  lastSeq(deviceId: string, through?: MemberName): Promise<number>;
  /** Stops what runs (collectors, agents) with SIGKILL, drops the database and removes the directory. */
  close(): Promise<void>;
}

export interface ClusterOptions {
  /** The maintenance URL of another PostgreSQL server (a private instance); the shared test server if absent. */
  serverUrl?: string;
}

export async function clusterDeployment(options: ClusterOptions = {}): Promise<ClusterDeployment> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-cluster-'));
  const database = await freshPostgresDatabase('cluster_e2e', options.serverUrl);
  const seedDir = path.join(dir, 'seed');
  const trust = await prepareTrust(seedDir, path.join(dir, 'admins'), { storeUrl: database.url });
  const operatorKeyFile = path.join(dir, 'operator.key');
  await writeNewOperatorKey(operatorKeyFile);
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await runClusterUpload({ store: database.url, keyFile: operatorKeyFile, data: seedDir });
  } finally {
    write.mockRestore();
  }
  const running: Running[] = [];
  const addresses = async () => ({
    agentAddress: `127.0.0.1:${await freePort()}`,
    enrolAddress: `127.0.0.1:${await freePort()}`,
    adminAddress: `127.0.0.1:${await freePort()}`,
  });
  const ports = { a: await addresses(), b: await addresses() };
  const advertised = `${ports.a.agentAddress},${ports.b.agentAddress}`;
  const member = (name: MemberName): ClusterMember => {
    const dataDir = path.join(dir, `collector-${name}`);
    const self: ClusterMember = {
      name,
      dataDir,
      ...ports[name],
      admin: roleRoutedAdmin(ports[name].adminAddress, trust),
      async start(extraArgs = []) {
        const collector = start('shoumi-collector', [
          'serve',
          '--data',
          dataDir,
          '--store',
          database.url,
          '--operator-key',
          operatorKeyFile,
          '--listen',
          ports[name].agentAddress,
          '--enrol-listen',
          ports[name].enrolAddress,
          '--admin-listen',
          ports[name].adminAddress,
          '--advertise-agent-addresses',
          advertised,
          ...extraArgs,
        ]);
        running.push(collector);
        self.process = collector;
        await collector.waitForLog('collector listening', 60_000);
        return collector;
      },
    };
    return self;
  };
  const members = { a: member('a'), b: member('b') };
  const other = (name: MemberName): MemberName => (name === 'a' ? 'b' : 'a');
  return {
    dir,
    database,
    operatorKeyFile,
    trust,
    members,
    startAgent(name, first, args = [], token) {
      const agent = start('shoumi-agent', [
        'run',
        '--collector',
        `${members[first].agentAddress},${members[other(first)].agentAddress}`,
        '--enrol',
        members[first].enrolAddress,
        '--token',
        token ?? trust.token(),
        '--ca-sha256',
        trust.caSha256,
        '--data',
        path.join(dir, name),
        ...args,
      ]);
      running.push(agent);
      return agent;
    },
    agentDataDir: (name) => path.join(dir, name),
    storedSeqs: (deviceId, through = 'a') => storedAgentSeqs(members[through].admin, deviceId),
    async holderOf(deviceId) {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ collector_id: string }>(
          'SELECT collector_id FROM live_streams WHERE device_id = $1',
          [deviceId],
        );
        const pid = rows[0]?.collector_id.split(':').at(-2);
        return (['a', 'b'] as const).find((name) => String(members[name].process?.child.pid) === pid);
      } finally {
        await client.end();
      }
    },
    lastSeq: (deviceId, through = 'a') => lastStoredSeq(members[through].admin, deviceId),
    async close() {
      await Promise.all(running.map((process) => process.kill('SIGKILL').catch(() => {})));
      for (const member of Object.values(members)) member.admin.close();
      await database.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
