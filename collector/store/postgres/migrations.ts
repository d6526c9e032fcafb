// Versioned, forward-only schema migrations of the PostgreSQL store. Several collectors may start at once:
// the first takes a session advisory lock on a dedicated connection and migrates, the others wait on it and
// then find nothing to do. Each version commits in its own transaction together with its row in
// schema_migrations; a database written by a newer collector is refused rather than opened.
import type pg from 'pg';
import { SchemaTooNewError } from '../store-errors';
import { CLUSTER_SCHEMA } from './schema-cluster';
import { COORDINATION_SCHEMA } from './schema-coordination';
import { CORE_SCHEMA } from './schema-core';
import { DEVICES_SCHEMA } from './schema-devices';
import { FINDINGS_SCHEMA } from './schema-findings';
import { SWEEPS_TRUST_SCHEMA } from './schema-sweeps-trust';

export interface PostgresMigration {
  version: number;
  description: string;
  statements: readonly string[];
}

export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    description: 'the whole store as SQLite schema 13 left it, for several collectors',
    statements: [
      ...CORE_SCHEMA,
      ...DEVICES_SCHEMA,
      ...FINDINGS_SCHEMA,
      ...SWEEPS_TRUST_SCHEMA,
      ...CLUSTER_SCHEMA,
      ...COORDINATION_SCHEMA,
    ],
  },
];

/** Key of the advisory lock migrations hold ("shoumi:migrate" as a number; any fixed 64-bit value would do). */
export const MIGRATION_LOCK_KEY = 0x73686f756d690001n;

export type MigrationOutcome = { from: number; to: number };

export async function migratePostgres(
  pool: pg.Pool,
  where: string,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<MigrationOutcome> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY.toString()]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
           version INTEGER PRIMARY KEY,
           description TEXT NOT NULL,
           applied_at_ms BIGINT NOT NULL
         )`,
      );
      const found = await client.query<{ version: number | null }>(
        'SELECT max(version) AS version FROM schema_migrations',
      );
      const from = found.rows[0]?.version ?? 0;
      const latest = migrations.at(-1)?.version ?? 0;
      if (from > latest) throw new SchemaTooNewError(where, from, latest);
      for (const migration of migrations) {
        if (migration.version <= from) continue;
        await client.query('BEGIN');
        try {
          for (const statement of migration.statements) await client.query(statement);
          await client.query(
            'INSERT INTO schema_migrations (version, description, applied_at_ms) VALUES ($1, $2, $3)',
            [migration.version, migration.description, Date.now()],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new Error(
            `PostgreSQL migration ${migration.version} (${migration.description}) failed: ${(error as Error).message}`,
          );
        }
      }
      return { from, to: Math.max(from, latest) };
    } finally {
      await client
        .query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY.toString()])
        .catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
