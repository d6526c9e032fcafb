// A collector in the test's own process on a real SQLite file in a temporary directory, with its PKI and
// administrators made first (trust-fixture.ts): for tests that read the store directly or change limits.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  type CollectorOptions,
  type RunningCollector,
  startCollector,
} from '../../collector/collector-server';
import { silentLogger } from '../../collector/logger';
import { baselinePolicyPath } from '../../policies/load-policy';
import { prepareTrust, type TrustWorld } from './trust-fixture';

export interface InProcessCollector {
  dir: string;
  collector: RunningCollector;
  trust: TrustWorld;
  /** Stops the collector and removes the directory. */
  stop(): Promise<void>;
}

export async function inProcessCollector(
  name: string,
  options: Partial<CollectorOptions> = {},
): Promise<InProcessCollector> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `shoumi-${name}-`));
  const dataDir = path.join(dir, 'collector');
  const trust = await prepareTrust(dataDir, path.join(dir, 'admins'));
  const collector = await startCollector({
    dataDir,
    listen: '127.0.0.1:0',
    enrolListen: '127.0.0.1:0',
    adminListen: '127.0.0.1:0',
    policyFile: baselinePolicyPath(),
    log: silentLogger,
    ...options,
  });
  return {
    dir,
    collector,
    trust,
    async stop() {
      await collector.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
