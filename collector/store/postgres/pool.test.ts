// The pool's transaction when PostgreSQL cuts the connection between two statements (a restart does that to
// every connection): the transaction fails and says so; the process does not crash on an unheard 'error'.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, type TestDatabase } from '../../../test/support/postgres';
import { eventually } from '../../../test/support/processes';
import { type PostgresContext, postgresContext } from './pool';

describe('postgres pool: a connection cut inside a transaction', () => {
  let database: TestDatabase;
  let context: PostgresContext;
  let admin: pg.Client;
  beforeAll(async () => {
    database = await freshPostgresDatabase('pool_cut');
    context = postgresContext(database.url, { max: 2 });
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.end();
    await context?.close();
    await database?.drop();
  });

  it('rejects the transaction, and the next one runs on a fresh connection', async () => {
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
  let database: TestDatabase;
  let stalled: PostgresContext;
  let other: pg.Client;
  beforeAll(async () => {
    database = await freshPostgresDatabase('pool_idle');
    stalled = postgresContext(database.url, { max: 1, idleInTransactionTimeoutMs: 500 });
    other = new pg.Client({ connectionString: database.url });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await stalled?.close();
    await database?.drop();
  });

  it('loses its transaction and its locks to the server, so another collector is not held up', async () => {
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
