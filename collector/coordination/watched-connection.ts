// A dedicated PostgreSQL connection that knows when it is gone. Session advisory locks and LISTEN belong to
// one connection, so leadership and the notice listener each hold a pg.Client of their own (never a pooled
// one: the pool may close or swap it). A connection can die without a word: after a server reboot no
// 'error' event may ever arrive (brianc/node-postgres#3003), so the connection is also asked `SELECT 1`
// every heartbeat and counts as lost when that fails or takes longer than the timeout. `lost` settles once,
// whichever comes first; the client is then ended (or its socket dropped) and must not be used again.
import pg from 'pg';

export interface WatchedConnection {
  readonly client: pg.Client;
  /** The server process of this connection (pg_stat_activity.pid; pg_terminate_backend takes it). */
  readonly pid: number;
  /** Resolves, once, with why the connection was lost: an error, its end, or a failed heartbeat. */
  readonly lost: Promise<Error>;
  readonly isLost: boolean;
  /** Stops the heartbeat and ends the connection (a session lock it holds is released by the server). */
  close(): Promise<void>;
}

export interface WatchedConnectionOptions {
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
}

/** How long ending a connection may take before its socket is simply dropped (a dead peer never answers). */
const END_TIMEOUT_MS = 2000;

export async function openWatchedConnection(
  config: pg.ClientConfig,
  options: WatchedConnectionOptions,
): Promise<WatchedConnection> {
  const client = new pg.Client({ ...config, keepAlive: true });
  let heartbeat: NodeJS.Timeout | undefined;
  let markLost: (reason: Error, endGently?: boolean) => void = () => undefined;
  let isLost = false;
  const lost = new Promise<Error>((resolve) => {
    markLost = (reason, endGently = false) => {
      if (isLost) return;
      isLost = true;
      clearInterval(heartbeat);
      resolve(reason);
      // A connection found dead gets no goodbye: its socket is dropped at once, so that the server (if it
      // still holds the session) sees it close and releases what the session held.
      if (endGently) void endClient(client);
      else dropSocket(client);
    };
  });
  // An 'error' with no listener would crash the process: here it is only the news that the connection is gone.
  client.on('error', (error) => markLost(error));
  client.on('end', () => markLost(new Error('the connection to PostgreSQL ended')));
  try {
    await client.connect();
  } catch (error) {
    isLost = true;
    await endClient(client);
    throw error;
  }
  const pid = (client as unknown as { processID: number }).processID;
  let beating = false;
  heartbeat = setInterval(() => {
    if (beating || isLost) return;
    beating = true;
    void answersWithin(client, options.heartbeatTimeoutMs).then(
      (problem) => {
        beating = false;
        if (problem) markLost(problem);
      },
      () => undefined,
    );
  }, options.heartbeatMs);
  heartbeat.unref();
  return {
    client,
    pid,
    lost,
    get isLost() {
      return isLost;
    },
    async close() {
      // Lost already: its socket was dropped then (or the server ended it); nothing is left to end.
      if (isLost) return;
      markLost(new Error('closed by this collector'), true);
      await endClient(client);
    },
  };
}

/** `SELECT 1` within `timeoutMs`: undefined when it answered, else why not. */
async function answersWithin(client: pg.Client, timeoutMs: number): Promise<Error | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>((resolve) => {
    timer = setTimeout(
      () => resolve(new Error(`PostgreSQL did not answer a heartbeat within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([
      client.query('SELECT 1').then(
        () => undefined,
        (error: Error) => error,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const ending = new WeakMap<pg.Client, Promise<void>>();

/** Ends the client once; drops its socket if the server does not answer the goodbye in time. */
function endClient(client: pg.Client): Promise<void> {
  const already = ending.get(client);
  if (already) return already;
  const ended = new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      dropSocket(client);
      resolve();
    }, END_TIMEOUT_MS);
    timer.unref();
    client.end().then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
  ending.set(client, ended);
  return ended;
}

function dropSocket(client: pg.Client): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}
