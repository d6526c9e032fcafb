// The cluster vault on a real PostgreSQL: files sealed under the operator key, versions, audit, wrong keys.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, type TestDatabase } from '../../../test/support/postgres';
import { CLUSTER_FILES } from '../../cluster/cluster-vault';
import { OperatorKeyError } from '../../cluster/operator-key';
import { SealedBoxError } from '../../cluster/sealed-box';
import { listAudit } from './audit';
import { openPostgresClusterVault } from './cluster-vault';
import { migratePostgres } from './migrations';
import { type PostgresContext, postgresContext } from './pool';

const KEY = Buffer.alloc(32, 0x5a);
const OPERATOR = { actor: 'admin:运维(system_admin)', source: 'local' };

describe('cluster vault on PostgreSQL', () => {
  let database: TestDatabase | undefined;
  const contexts: PostgresContext[] = [];
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close();
    await database?.drop();
  });
  const connect = async () => {
    const context = postgresContext(database!.url, { max: 2 });
    contexts.push(context);
    await migratePostgres(context.pool, 'test');
    return context;
  };

  it('a file stored through one collector opens on another with the same key, versioned and audited', async () => {
    database = await freshPostgresDatabase('vault');
    const [a, b] = [await connect(), await connect()];
    const vaultA = await openPostgresClusterVault(a, KEY);
    const vaultB = await openPostgresClusterVault(b, KEY);
    const policy = Buffer.from('{"version":"策略-1"}');
    expect(await vaultA.store(CLUSTER_FILES.policy, policy, OPERATOR, 1000)).toBe(1);
    expect(
      await vaultA.store(CLUSTER_FILES.caKey, Buffer.from('-----BEGIN PRIVATE KEY-----'), OPERATOR, 1001),
    ).toBe(1);
    const read = await vaultB.read(CLUSTER_FILES.policy);
    expect(read).toMatchObject({
      name: 'policy.yaml',
      version: 1,
      updatedAtMs: 1000,
      updatedBy: OPERATOR.actor,
    });
    expect(read?.content.toString()).toBe('{"version":"策略-1"}');
    expect(await vaultB.store(CLUSTER_FILES.policy, Buffer.from('{"version":"2"}'), OPERATOR, 2000)).toBe(2);
    expect(await vaultA.versions()).toEqual(
      new Map([
        ['policy.yaml', 2],
        ['pki/ca.key', 1],
      ]),
    );
    expect(await vaultA.read(CLUSTER_FILES.configuration)).toBeUndefined();
    // Only sealed bytes are kept: the plaintext is nowhere in the row.
    const raw = await a.query<{ sealed: Buffer }>(
      `SELECT sealed FROM cluster_files WHERE name = 'pki/ca.key'`,
    );
    expect(raw.rows[0]!.sealed.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    const audit = await listAudit(a.pool, { limit: 10 });
    expect(audit.map((entry) => [entry.action, entry.target, entry.detail])).toEqual([
      [
        'cluster.file_stored',
        'policy.yaml',
        { version: 1, bytes: policy.length, sha256: createHash('sha256').update(policy).digest('hex') },
      ],
      ['cluster.file_stored', 'pki/ca.key', { version: 1, bytes: 27 }],
      [
        'cluster.file_stored',
        'policy.yaml',
        { version: 2, bytes: 15, sha256: createHash('sha256').update('{"version":"2"}').digest('hex') },
      ],
    ]);
  });

  it('refuses another operator key before reading anything, and a value altered in the database', async () => {
    database = await freshPostgresDatabase('vault_keys');
    const context = await connect();
    const vault = await openPostgresClusterVault(context, KEY);
    await vault.store(CLUSTER_FILES.policy, Buffer.from('p'), OPERATOR, 1);
    await expect(openPostgresClusterVault(context, Buffer.alloc(32, 1))).rejects.toBeInstanceOf(
      OperatorKeyError,
    );
    await context.query(`UPDATE cluster_files SET sealed = set_byte(sealed, 14, get_byte(sealed, 14) # 1)`);
    await expect(vault.read(CLUSTER_FILES.policy)).rejects.toBeInstanceOf(SealedBoxError);
  });
});
