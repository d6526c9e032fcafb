// A collector started on a shared PostgreSQL store with only the database's address and the operator key:
// the CA, server certificate, policy and shared settings come from the database, a policy uploaded while it
// runs is served within the re-read, and a start without the key (or with another key) is refused before
// anything is served. In the test's process: the same steps main.ts takes for `serve` (shared settings
// read, merged under the flags, the collector started).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runClusterUpload } from '../../collector/cluster/cluster-commands';
import { writeNewOperatorKey } from '../../collector/cluster/operator-key';
import { parseSharedSettings, serveOptionsWithShared } from '../../collector/cluster/shared-settings';
import { type RunningCollector, startCollector } from '../../collector/collector-server';
import { silentLogger } from '../../collector/logger';
import { initPki } from '../../collector/pki/pki-init';
import { mergeSettings, serveOptions } from '../../collector/service/serve-settings';
import { baselinePolicyPath } from '../../policies/load-policy';
import { freshPostgresDatabase, type TestDatabase } from '../support/postgres';

const quietly = <T>(work: () => Promise<T>) => {
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  return work().finally(() => write.mockRestore());
};

describe('serve --store postgres://… --operator-key FILE', { timeout: 120_000 }, () => {
  let dir: string;
  let database: TestDatabase;
  let keyFile: string;
  let policyFile: string;
  const running: RunningCollector[] = [];

  const flagsFor = (dataDir: string, extra: Record<string, string> = {}) => ({
    data: dataDir,
    listen: '127.0.0.1:0',
    'enrol-listen': '127.0.0.1:0',
    'admin-listen': '127.0.0.1:0',
    store: database.url,
    ...extra,
  });
  /** What main.ts does for `serve`: this host's flags over the database's shared settings. */
  const serve = async (dataDir: string, extra: Record<string, string> = {}) => {
    const options = await serveOptionsWithShared(flagsFor(dataDir, extra), undefined, {
      policy: baselinePolicyPath(),
    });
    const collector = await startCollector({ ...options, clusterRereadMs: 200, log: silentLogger });
    running.push(collector);
    return { collector, options };
  };

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shoumi-cluster-serve-'));
    database = await freshPostgresDatabase('cluster_serve');
    keyFile = path.join(dir, 'operator.key');
    await writeNewOperatorKey(keyFile);
    await initPki({ dataDir: path.join(dir, 'first'), hostnames: ['collector.example'], ips: [] });
    policyFile = path.join(dir, 'policy.yaml');
    const baseline = await readFile(baselinePolicyPath(), 'utf8');
    await writeFile(policyFile, baseline.replace('version: "2026.11"', 'version: "cluster-1"'));
    const config = path.join(dir, 'shared.yaml');
    await writeFile(config, 'unit: "某研究所（集群）"\nseal-interval: 7m\n');
    await quietly(() =>
      runClusterUpload({
        store: database.url,
        keyFile,
        data: path.join(dir, 'first'),
        policy: policyFile,
        config,
      }),
    );
  });
  afterEach(async () => {
    for (const collector of running.splice(0)) await collector.stop();
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('starts in an empty data directory with the cluster CA, server certificate, policy and settings', async () => {
    const second = path.join(dir, 'second');
    const { collector, options } = await serve(second, { 'operator-key': keyFile });
    for (const file of ['ca.crt', 'ca.key', 'server.crt', 'server.key']) {
      expect(await readFile(path.join(second, 'pki', file), 'utf8')).toBe(
        await readFile(path.join(dir, 'first', 'pki', file), 'utf8'),
      );
    }
    expect(collector.policy.current().policy.version).toBe('cluster-1');
    // From the shared collector.yaml, under this host's flags.
    expect(options.inspectedUnit).toBe('某研究所（集群）');
    expect(options.sealIntervalMs).toBe(7 * 60_000);
    // This host's flag wins over the shared file.
    const third = await serve(path.join(dir, 'third'), { 'operator-key': keyFile, unit: '本机单位' });
    expect(third.options.inspectedUnit).toBe('本机单位');
  });

  it('serves a policy uploaded while it runs, within the re-read', async () => {
    const { collector } = await serve(path.join(dir, 'second'), { 'operator-key': keyFile });
    expect(collector.policy.current().policy.version).toBe('cluster-1');
    const baseline = await readFile(baselinePolicyPath(), 'utf8');
    await writeFile(policyFile, baseline.replace('version: "2026.11"', 'version: "cluster-2"'));
    await quietly(() =>
      runClusterUpload({ store: database.url, keyFile, data: path.join(dir, 'first'), policy: policyFile }),
    );
    await vi.waitFor(() => expect(collector.policy.current().policy.version).toBe('cluster-2'), {
      timeout: 15_000,
      interval: 100,
    });
  });

  it('refuses to start without the operator key while the database holds sealed files, naming them', async () => {
    await expect(serve(path.join(dir, 'second'))).rejects.toThrow(
      /holds cluster files sealed under an operator key \(collector\.yaml, pki\/ca\.crt, pki\/ca\.key, pki\/server\.crt, pki\/server\.key, policy\.yaml\): give --operator-key FILE/,
    );
  });

  it('refuses another operator key before any file is read', async () => {
    const otherKey = path.join(dir, 'other.key');
    await writeNewOperatorKey(otherKey);
    await expect(serve(path.join(dir, 'second'), { 'operator-key': otherKey })).rejects.toThrow(
      /this operator key is not the one this database was first used with/,
    );
  });

  it('refuses shared settings that name a host’s own places, at upload and when read', async () => {
    expect(() => parseSharedSettings('data: /srv/shoumi\nstore: postgres://x/y\n', 'shared.yaml')).toThrow(
      'shared.yaml: "data", "store" name this host\'s own places and cannot be shared',
    );
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, 'operator-key: /etc/shoumi/operator.key\n');
    await expect(
      runClusterUpload({ store: database.url, keyFile, data: path.join(dir, 'first'), config: bad }),
    ).rejects.toThrow(/"operator-key" name this host's own places/);
  });

  it('refuses --operator-key without --store, and a --store that is not PostgreSQL', () => {
    const settings = (flags: Record<string, string>) =>
      serveOptions(
        mergeSettings(
          {
            data: '/srv/d',
            listen: '127.0.0.1:0',
            'enrol-listen': '127.0.0.1:0',
            'admin-listen': '127.0.0.1:0',
            ...flags,
          },
          undefined,
          { policy: baselinePolicyPath() },
        ),
      );
    expect(() => settings({ 'operator-key': '/k' })).toThrow(
      '--operator-key: the operator key opens files sealed in a PostgreSQL store; give --store postgres://… too',
    );
    expect(() => settings({ store: 'mysql://u:secret@h/db' })).toThrow(
      '--store: expected a postgres:// or postgresql:// URL, not one beginning "mysql"',
    );
  });
});
