// A database that stops answering (a server rebooted under its connections, a cut network: no error, no end,
// brianc/node-postgres#3003) is noticed by the client's own timers, whose errors say only "Query read timeout"
// or "timeout exceeded when trying to connect". An operator reading the collector's log must learn which
// database did not answer and after how long, so those errors are given again, naming it (password masked).

/** The store's database did not answer within the client's time limit; the call's outcome is unknown. */
export class DatabaseUnansweredError extends Error {
  override readonly name = 'DatabaseUnansweredError';
  constructor(
    readonly database: string,
    readonly afterMs: number,
    readonly clientMessage: string,
  ) {
    super(
      `PostgreSQL at ${database} did not answer within ${afterMs} ms (${clientMessage}): ` +
        'is the server up and the network to it open?',
    );
  }
}

/** The messages node-postgres and its pool give when their timers, not the server, end a wait. */
const QUERY_TIMEOUT = 'Query read timeout';
const CONNECT_TIMEOUTS = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
];

export interface DatabaseLimits {
  /** The URL with its password masked. */
  database: string;
  queryTimeoutMs: number;
  connectionTimeoutMs: number;
}

/** `error` itself, or, if a client timer ended the wait, a DatabaseUnansweredError naming the database. */
export function namedIfUnanswered(error: unknown, limits: DatabaseLimits): unknown {
  if (!(error instanceof Error) || error instanceof DatabaseUnansweredError) return error;
  if (error.message === QUERY_TIMEOUT)
    return new DatabaseUnansweredError(limits.database, limits.queryTimeoutMs, error.message);
  if (CONNECT_TIMEOUTS.includes(error.message))
    return new DatabaseUnansweredError(limits.database, limits.connectionTimeoutMs, error.message);
  return error;
}

export function isUnanswered(error: unknown): error is DatabaseUnansweredError {
  return error instanceof DatabaseUnansweredError;
}
