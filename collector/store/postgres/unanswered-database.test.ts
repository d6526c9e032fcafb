// The store's pool against a server that stops answering (a freezing proxy: no error, no end) and against a
// live server whose statement runs too long: the first ends with an error naming the database instead of
// hanging, the second with the server's own cancellation.
import { afterEach, describe, expect, it } from 'vitest';
import { type FreezableProxy, freezableProxy } from '../../../test/support/freezable-proxy';
import { freshPostgresDatabase, type TestDatabase } from '../../../test/support/postgres';
import type { Store } from '../store';
import { helloFor } from '../store-fixtures';
import { openPostgresStore } from '.';
import { postgresContext } from './pool';
import { DatabaseUnansweredError } from './unanswered-database';

describe('the PostgreSQL store when its database does not answer', () => {
  let database: TestDatabase | undefined;
  let proxy: FreezableProxy | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close().catch(() => undefined);
    await proxy?.close();
    await database?.drop();
    store = undefined;
    proxy = undefined;
    database = undefined;
  });

  it('fails a read and a write naming the database, and works again over a new connection', async () => {
    database = await freshPostgresDatabase('unanswered');
    proxy = await freezableProxy(database.url);
    // One pooled connection, so that the frozen one is the one the next call takes.
    store = await openPostgresStore(proxy.url, { max: 1, queryTimeoutMs: 1500 });
    await store.recordHello(helloFor('dev-a'), 1000);

    expect(proxy.freeze()).toBe(1);
    const startedMs = Date.now();
    const read = await store.getDevice('dev-a').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(read).toBeInstanceOf(DatabaseUnansweredError);
    expect((read as Error).message).toContain(`/${database.name}`);
    expect((read as Error).message).toContain('did not answer within 1500 ms');
    expect((read as Error).message).not.toContain('shoumi_test@'); // the password is masked, not the user
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(1400);

    // The frozen connection was dropped: the next call connects afresh and is answered.
    expect(await store.getDevice('dev-a')).toMatchObject({ deviceId: 'dev-a' });

    // A write (a transaction) on a connection that freezes: the same error, and no ROLLBACK waited on.
    expect(proxy.freeze()).toBe(1);
    const writeStartedMs = Date.now();
    const write = await store.recordHello(helloFor('dev-b'), 2000).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(write).toBeInstanceOf(DatabaseUnansweredError);
    expect((write as Error).message).toContain(`/${database.name}`);
    expect(Date.now() - writeStartedMs).toBeLessThan(2 * 1500);
    // The server rolled the unanswered transaction back when its connection closed.
    await expect.poll(() => store!.getDevice('dev-b')).toBeNull();
  });

  it('lets a live server end a statement that runs too long, with its own error', async () => {
    database = await freshPostgresDatabase('statement_timeout');
    const context = postgresContext(database.url, { statementTimeoutMs: 200, queryTimeoutMs: 5000 });
    try {
      const error = await context.query('SELECT pg_sleep(3)').then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
      expect(error).not.toBeInstanceOf(DatabaseUnansweredError);
      expect(error).toMatchObject({ code: '57014' }); // query_canceled: statement timeout
      expect(await context.query('SELECT 1 AS one')).toMatchObject({ rows: [{ one: 1 }] });
    } finally {
      await context.close();
    }
  });
});
