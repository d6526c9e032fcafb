// The PostgreSQL connection pool and the one way this backend writes: `transaction`, which retries a
// transaction PostgreSQL aborted as a deadlock or a serialization failure (both are normal under concurrent
// upserts from several collectors: Fleet's deadlocks on concurrent host upserts, PR #15447, were answered
// with ordered keys and retries). A transaction body may therefore run more than once: it must not change
// anything outside the database before it returns.
import pg from 'pg';
import { StoreClosedError } from '../store-errors';

/** BIGINT columns hold epoch milliseconds, positions and seqs: read as numbers, refused past 2^53. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value))
    throw new Error(`bigint ${text} is past what this collector can count exactly`);
  return value;
}

const TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return parseInt8;
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** SQLSTATEs after which the whole transaction may simply run again. */
const RETRYABLE = new Set(['40P01', '40001']);
const MAX_ATTEMPTS = 8;

export interface PostgresContext {
  readonly pool: pg.Pool;
  /** BEGIN … COMMIT around `body` on one pooled client; ROLLBACK on error; retried on deadlock/serialization. */
  transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** One statement outside an explicit transaction (reads). */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  /** Rejects with StoreClosedError once close() began. */
  assertOpen(): void;
  close(): Promise<void>;
}

export interface PoolOptions {
  /** Connections this collector may hold (default 10). */
  max?: number;
  /** application_name shown in pg_stat_activity. */
  applicationName?: string;
}

export function postgresPoolConfig(url: string, options: PoolOptions = {}): pg.PoolConfig {
  return {
    connectionString: url,
    max: options.max ?? 10,
    types: TYPES,
    application_name: options.applicationName ?? 'shoumi-collector',
    connectionTimeoutMillis: 10_000,
    // A statement that hangs (a lock never released by a collector gone mute) fails instead of holding the pool.
    statement_timeout: 60_000,
  };
}

const ignoreLostConnection = () => undefined;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function postgresContext(url: string, options: PoolOptions = {}): PostgresContext {
  const pool = new pg.Pool(postgresPoolConfig(url, options));
  // An idle client's connection dropping (PostgreSQL restarted) must not crash the collector: the pool
  // discards it and the next call connects afresh (or fails, and says so, to its caller).
  pool.on('error', () => undefined);
  let closed = false;
  const assertOpen = () => {
    if (closed) throw new StoreClosedError();
  };
  return {
    pool,
    assertOpen,
    async transaction(body) {
      assertOpen();
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        // The pool listens for a checked-out client's 'error' no more: a connection cut between two statements
        // (PostgreSQL restarted) would crash the collector. The next statement fails and says so instead.
        client.on('error', ignoreLostConnection);
        try {
          await client.query('BEGIN');
          const result = await body(client);
          await client.query('COMMIT');
          client.removeListener('error', ignoreLostConnection);
          client.release();
          return result;
        } catch (error) {
          const rolledBack = await client.query('ROLLBACK').then(
            () => true,
            () => false,
          );
          // A client whose ROLLBACK failed is in an unknown state: destroyed, not returned to the pool.
          client.removeListener('error', ignoreLostConnection);
          client.release(rolledBack ? undefined : true);
          const code = (error as { code?: string }).code;
          if (code === undefined || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
          await pause(Math.random() * 20 * attempt);
        }
      }
    },
    query(text, values) {
      assertOpen();
      return pool.query(text, values);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
