// The pool's transaction when PostgreSQL cuts the connection between two statements (a restart does that to
// every connection): the transaction fails and says so; the process does not crash on an unheard 'error'.
// And when the collector stops inside a transaction: the server ends it, so its locks hold nobody up.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, type TestDatabase } from '../../../test/support/postgres';
import { eventually } from '../../../test/support/processes';
import { type PoolOptions, type PostgresContext, postgresContext } from './pool';

/**
 * For the describe block it is called in: a fresh database, the pool under test on it, and another session of
 * its own (the other collector, or an administrator), made before the tests and closed after them.
 */
function poolBeside(name: string, options: PoolOptions) {
  const made = {} as { database: TestDatabase; context: PostgresContext; other: pg.Client };
  beforeAll(async () => {
    made.database = await freshPostgresDatabase(name);
    made.context = postgresContext(made.database.url, options);
    made.other = new pg.Client({ connectionString: made.database.url });
    await made.other.connect();
  });
  afterAll(async () => {
    await made.other?.end();
    await made.context?.close();
    await made.database?.drop();
  });
  return made;
}

describe('postgres pool: a connection cut inside a transaction', () => {
  const made = poolBeside('pool_cut', { max: 2 });

  it('rejects the transaction, and the next one runs on a fresh connection', async () => {
    const { context, other: admin } = made;
    let cutPid = 0;
    const cut = context.transaction(async (client) => {
      cutPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await admin.query('SELECT pg_terminate_backend($1)', [cutPid]);
      // Between statements: the server has gone from this connection before the next one is sent.
      await eventually(
        async () =>
          (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [cutPid])).rowCount === 0
            ? true
            : undefined,
        'the backend gone',
      );
      await client.query('SELECT 1');
    });
    await expect(cut).rejects.toThrow();
    const next = await context.transaction(
      async (client) => (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid,
    );
    expect(next).not.toBe(cutPid);
  });
});

describe('postgres pool: a collector stopped inside a transaction', () => {
  const made = poolBeside('pool_idle', { max: 1, idleInTransactionTimeoutMs: 500 });

  it('loses its transaction and its locks to the server, so another collector is not held up', async () => {
    const { context: stalled, other } = made;
    const CHAIN_LOCK = 4_242;
    let otherGotTheLock = false;
    const frozen = stalled.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
      // As if the process stopped here: it sends nothing until the other session has the lock, which it
      // gets only when the server ends this idle transaction.
      await other.query('SELECT pg_advisory_lock($1)', [CHAIN_LOCK]);
      otherGotTheLock = true;
      await client.query('SELECT 1');
    });
    await expect(frozen).rejects.toThrow(/idle-in-transaction|terminat|connection error/i);
    expect(otherGotTheLock).toBe(true);
    await other.query('SELECT pg_advisory_unlock($1)', [CHAIN_LOCK]);
    // The pool connects afresh for the next transaction.
    await expect(
      stalled.transaction(async (client) => (await client.query('SELECT 1 AS one')).rows[0]),
    ).resolves.toEqual({ one: 1 });
  });
});
