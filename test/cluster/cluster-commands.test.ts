// The operator's cluster commands as a user runs them (the bundled CLI against a real PostgreSQL): a key,
// a data directory's PKI and a policy sealed into the database, and a second collector's data directory
// filled from it with nothing but the database's address and the key.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncClusterCopies } from '../../collector/cluster/cluster-sync';
import { readOperatorKey } from '../../collector/cluster/operator-key';
import { openPostgresClusterVault } from '../../collector/store/postgres/cluster-vault';
import { postgresContext } from '../../collector/store/postgres/pool';
import { baselinePolicyPath } from '../../policies/load-policy';
import { freshPostgresDatabase, type TestDatabase } from '../support/postgres';
import { dist } from '../support/processes';

const run = promisify(execFile);
const collector = (args: string[]) =>
  run(process.execPath, [dist('shoumi-collector'), ...args], { encoding: 'utf8' });

// Each command is a process of its own (a second or two on a loaded two-core machine): bounds fit seven.
describe('shoumi-collector cluster', { timeout: 180_000 }, () => {
  let dir: string;
  let database: TestDatabase;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shoumi-cluster-'));
    database = await freshPostgresDatabase('cluster_cli');
  });
  afterEach(async () => {
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads a PKI and a policy once, and a new collector copies them with only the address and the key', async () => {
    const first = path.join(dir, 'first');
    const keyFile = path.join(dir, 'operator.key');
    await collector(['pki', 'init', '--data', first, '--hostname', 'collector.example']);
    await collector(['cluster', 'key', '--out', keyFile]);
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const upload = await collector([
      'cluster',
      'upload',
      '--store',
      database.url,
      '--key-file',
      keyFile,
      '--data',
      first,
      '--policy',
      baselinePolicyPath(),
    ]);
    expect(upload.stdout.split('\n').filter(Boolean)).toEqual([
      'pki/ca.crt → version 1',
      'pki/ca.key → version 1',
      'pki/server.crt → version 1',
      'pki/server.key → version 1',
      'policy.yaml → version 1',
    ]);
    const status = await collector(['cluster', 'status', '--store', database.url, '--key-file', keyFile]);
    expect(status.stdout).toMatch(/^pki\/ca\.key: version 1, \d+ bytes/m);
    expect(status.stdout).toMatch(/^collector\.yaml: 无 \/ none$/m);

    // The second collector's directory, filled from the database.
    const second = path.join(dir, 'second');
    const context = postgresContext(database.url, { max: 1 });
    try {
      const vault = await openPostgresClusterVault(context, await readOperatorKey(keyFile));
      const policyCopy = path.join(second, 'policy.yaml');
      const synced = await syncClusterCopies(vault, { dataDir: second, policyFile: policyCopy });
      expect(synced.written).toEqual([
        'pki/ca.crt',
        'pki/ca.key',
        'pki/server.crt',
        'pki/server.key',
        'policy.yaml',
      ]);
      for (const file of ['ca.crt', 'ca.key', 'server.crt', 'server.key']) {
        expect(await readFile(path.join(second, 'pki', file), 'utf8')).toBe(
          await readFile(path.join(first, 'pki', file), 'utf8'),
        );
        expect((await stat(path.join(second, 'pki', file))).mode & 0o777).toBe(0o600);
      }
      expect(await readFile(policyCopy, 'utf8')).toBe(await readFile(baselinePolicyPath(), 'utf8'));
      // Nothing moved: nothing is written again.
      expect(
        (await syncClusterCopies(vault, { dataDir: second, policyFile: policyCopy }, synced.versions))
          .written,
      ).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('refuses another operator key, and an upload from a directory without a PKI stores nothing', async () => {
    const data = path.join(dir, 'data');
    const [keyFile, otherKey] = [path.join(dir, 'one.key'), path.join(dir, 'two.key')];
    await collector(['pki', 'init', '--data', data]);
    await collector(['cluster', 'key', '--out', keyFile]);
    await collector(['cluster', 'key', '--out', otherKey]);
    await expect(collector(['cluster', 'key', '--out', keyFile])).rejects.toMatchObject({
      stderr: expect.stringContaining('never overwritten'),
    });
    await collector(['cluster', 'upload', '--store', database.url, '--key-file', keyFile, '--data', data]);
    await expect(
      collector(['cluster', 'status', '--store', database.url, '--key-file', otherKey]),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('not the one this database was first used with'),
    });
    await expect(
      collector([
        'cluster',
        'upload',
        '--store',
        database.url,
        '--key-file',
        keyFile,
        '--data',
        path.join(dir, 'empty'),
      ]),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('no such file (pki init first?)') });
    const status = await collector(['cluster', 'status', '--store', database.url, '--key-file', keyFile]);
    expect(status.stdout).toMatch(/^pki\/ca\.crt: version 1,/m);
  });
});
