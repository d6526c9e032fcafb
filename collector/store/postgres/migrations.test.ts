// Migrations on a real PostgreSQL (npm run setup:postgres): two collectors starting at once migrate once,
// and a database written by a newer collector is refused.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, type TestDatabase } from '../../../test/support/postgres';
import { SchemaTooNewError } from '../store-errors';
import { migratePostgres, POSTGRES_MIGRATIONS } from './migrations';
import { postgresPoolConfig } from './pool';

describe('PostgreSQL migrations', () => {
  let database: TestDatabase | undefined;
  const pools: pg.Pool[] = [];
  afterEach(async () => {
    for (const pool of pools.splice(0)) await pool.end();
    await database?.drop();
  });

  it('two collectors starting at once apply each version exactly once', async () => {
    database = await freshPostgresDatabase('migrate');
    const one = new pg.Pool(postgresPoolConfig(database.url));
    const two = new pg.Pool(postgresPoolConfig(database.url));
    pools.push(one, two);
    const outcomes = await Promise.all([migratePostgres(one, 'one'), migratePostgres(two, 'two')]);
    const latest = POSTGRES_MIGRATIONS.at(-1)!.version;
    // One of them migrated from 0, the other found the work done.
    expect(outcomes.map((outcome) => outcome.from).sort()).toEqual([0, latest]);
    const applied = await one.query('SELECT version FROM schema_migrations ORDER BY version');
    expect(applied.rows.map((row) => row.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
  });

  it('refuses a database whose schema is newer than this collector knows', async () => {
    database = await freshPostgresDatabase('migrate_new');
    const pool = new pg.Pool(postgresPoolConfig(database.url));
    pools.push(pool);
    await migratePostgres(pool, 'db');
    await pool.query(`INSERT INTO schema_migrations VALUES (999, 'from the future', 0)`);
    await expect(migratePostgres(pool, 'db')).rejects.toBeInstanceOf(SchemaTooNewError);
  });

  it('the audit table refuses UPDATE and DELETE', async () => {
    database = await freshPostgresDatabase('migrate_audit');
    const pool = new pg.Pool(postgresPoolConfig(database.url));
    pools.push(pool);
    await migratePostgres(pool, 'db');
    await pool.query(
      `INSERT INTO audit VALUES (1, 1, 'a', 's', 'x', 't', '{}', 'allowed', 'sha256', 'p', 'h')`,
    );
    await expect(pool.query(`UPDATE audit SET actor = 'b'`)).rejects.toThrow(/append-only/);
    await expect(pool.query('DELETE FROM audit')).rejects.toThrow(/append-only/);
  });
});
