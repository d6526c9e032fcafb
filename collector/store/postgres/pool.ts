// The PostgreSQL connection pool and the one way this backend writes: `transaction`, which retries a
// transaction PostgreSQL aborted as a deadlock or a serialization failure (both are normal under concurrent
// upserts from several collectors: Fleet's deadlocks on concurrent host upserts, PR #15447, were answered
// with ordered keys and retries). A transaction body may therefore run more than once: it must not change
// anything outside the database before it returns.
import pg from 'pg';
import { StoreClosedError } from '../store-errors';
import { redactedPostgresUrl } from './postgres-url';
import { isUnanswered, namedIfUnanswered } from './unanswered-database';

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
  /** The server ends a statement running longer than this (default 60 s). */
  statementTimeoutMs?: number;
  /** The client gives up on a server that has not answered a query after this (default: statement + 15 s). */
  queryTimeoutMs?: number;
  /** The client gives up connecting after this (default 10 s). */
  connectionTimeoutMs?: number;
  /** The server ends a session left idle inside a transaction this long (default 60 s). */
  idleInTransactionTimeoutMs?: number;
}

// The longest single statements at 100,000 devices answer in 0.2–2 s (docs/PERFORMANCE.md: fleet counts, device
// search); every listing is paged. 60 s leaves a report thirty times that and still ends a statement stuck
// behind a lock held by a collector gone mute. The client's own limit is longer than the server's, so a live
// server always ends a long statement itself first (a clear error, the connection kept); the client's timer
// fires only when the server answers nothing at all, and then the collector fails the call instead of hanging.
const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;
const CLIENT_GRACE_MS = 15_000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;
// A collector stopped mid-transaction (SIGSTOP, a debugger, a VM paused) keeps its connection alive — the
// kernel answers TCP keepalives for a stopped process — and with it every lock the transaction took, the
// audit chain's among them: every other collector's audit append would wait on it. The server ends such a
// session after this long idle inside a transaction. No transaction body here waits on anything but the
// database between two statements (migrate's copy reads a page of SQLite rows: milliseconds).
const DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS = 60_000;
// TCP keepalive probes on idle pooled connections, so that a connection to a server gone away is found dead
// by the kernel instead of waiting for the next query to time out.
const KEEPALIVE_INITIAL_DELAY_MS = 10_000;

export function postgresPoolConfig(url: string, options: PoolOptions = {}): pg.PoolConfig {
  return {
    connectionString: url,
    max: options.max ?? 10,
    types: TYPES,
    application_name: options.applicationName ?? 'shoumi-collector',
    connectionTimeoutMillis: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    statement_timeout: statementTimeoutMs(options),
    query_timeout: queryTimeoutMs(options),
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_INITIAL_DELAY_MS,
    idle_in_transaction_session_timeout:
      options.idleInTransactionTimeoutMs ?? DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

function statementTimeoutMs(options: PoolOptions): number {
  return options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
}

function queryTimeoutMs(options: PoolOptions): number {
  return options.queryTimeoutMs ?? statementTimeoutMs(options) + CLIENT_GRACE_MS;
}

const ignoreLostConnection = () => undefined;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A pool whose client-side timeouts reject with an error naming the database (unanswered-database.ts). */
class NamingPool extends pg.Pool {
  constructor(
    config: pg.PoolConfig,
    private readonly named: (error: unknown) => unknown,
  ) {
    super(config);
  }

  // biome-ignore lint/suspicious/noExplicitAny: passes pg's overloads through unchanged
  override query(...args: any[]): any {
    return this.naming((super.query as (...a: unknown[]) => unknown)(...args));
  }

  // biome-ignore lint/suspicious/noExplicitAny: passes pg's overloads through unchanged
  override connect(...args: any[]): any {
    return this.naming((super.connect as (...a: unknown[]) => unknown)(...args));
  }

  /** A promised answer's rejection renamed; a callback call's answer (undefined) as it is. */
  private naming(answer: unknown): unknown {
    if (!(answer instanceof Promise)) return answer;
    return answer.catch((error) => {
      throw this.named(error);
    });
  }
}

export function postgresContext(url: string, options: PoolOptions = {}): PostgresContext {
  const config = postgresPoolConfig(url, options);
  const limits = {
    database: redactedPostgresUrl(url),
    queryTimeoutMs: queryTimeoutMs(options),
    connectionTimeoutMs: config.connectionTimeoutMillis ?? DEFAULT_CONNECTION_TIMEOUT_MS,
  };
  const named = (error: unknown) => namedIfUnanswered(error, limits);
  const pool: pg.Pool = new NamingPool(config, named);
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
        } catch (thrown) {
          const error = named(thrown);
          // A server that did not answer would not answer ROLLBACK either: the connection is dropped, and the
          // server rolls the transaction back when it sees it closed.
          const rolledBack =
            !isUnanswered(error) &&
            (await client.query('ROLLBACK').then(
              () => true,
              () => false,
            ));
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
