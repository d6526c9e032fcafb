// The one connection on which a collector hears other collectors: a dedicated pg.Client that LISTENs on the
// coordination channels (never a pooled client: the pool closes idle clients and LISTEN goes with them,
// brianc/node-postgres#967). Notifications sent while it is not listening are lost for good, so when the
// connection is lost it reconnects with a bounded backoff and, once listening again, says 'resync': whoever
// relied on what it heard must re-read the database. The connection is heartbeaten (watched-connection.ts),
// since a rebooted server may leave it silent without an error.
import type pg from 'pg';
import type { Logger } from '../logger';
import { type CoordinationTiming, pause, reconnectDelay } from './coordination-timing';
import { openWatchedConnection, type WatchedConnection } from './watched-connection';

export interface NotificationListener {
  /** `handler` hears every payload on `channel` (one of those the listener was started with). */
  onNotification(channel: string, handler: (payload: string) => void): void;
  /** `handler` is called each time listening resumed after the connection was lost. */
  onResync(handler: () => void): void;
  /** The listening connection's server pid; undefined while reconnecting. */
  readonly backendPid: number | undefined;
  close(): Promise<void>;
}

export interface NotificationListenerDeps {
  connectionConfig: pg.ClientConfig;
  timing: CoordinationTiming;
  log: Logger;
}

/** Quotes a channel name as an SQL identifier (LISTEN takes no parameters). */
function quotedChannel(channel: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel))
    throw new Error(`notification channel "${channel}" is not a plain name`);
  return `"${channel}"`;
}

/** Resolves once listening on every channel; rejects when the first connection cannot be made. */
export async function startNotificationListener(
  deps: NotificationListenerDeps,
  channels: readonly string[],
): Promise<NotificationListener> {
  const handlers = new Map<string, Array<(payload: string) => void>>();
  const resyncHandlers: Array<() => void> = [];
  const closing = new AbortController();

  const listen = async (): Promise<WatchedConnection> => {
    const connection = await openWatchedConnection(deps.connectionConfig, deps.timing);
    connection.client.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) {
        try {
          handler(message.payload ?? '');
        } catch (error) {
          deps.log.error('notification handler failed', {
            channel: message.channel,
            error: (error as Error).message,
          });
        }
      }
    });
    try {
      for (const channel of channels) await connection.client.query(`LISTEN ${quotedChannel(channel)}`);
    } catch (error) {
      await connection.close();
      throw error;
    }
    return connection;
  };

  let connection: WatchedConnection | undefined = await listen();

  const keepListening = async () => {
    while (!closing.signal.aborted) {
      const reason = await Promise.race([
        connection!.lost,
        new Promise<undefined>((resolve) =>
          closing.signal.addEventListener('abort', () => resolve(undefined), { once: true }),
        ),
      ]);
      if (closing.signal.aborted || reason === undefined) return;
      deps.log.warn('coordination listener: connection lost; reconnecting', { error: reason.message });
      connection = undefined;
      for (let attempt = 1; !closing.signal.aborted; attempt++) {
        await pause(
          reconnectDelay(attempt, deps.timing.reconnectMinMs, deps.timing.reconnectMaxMs),
          closing.signal,
        );
        if (closing.signal.aborted) return;
        try {
          connection = await listen();
          break;
        } catch (error) {
          deps.log.warn('coordination listener: cannot listen yet', {
            attempt,
            error: (error as Error).message,
          });
        }
      }
      if (!connection) return;
      deps.log.info('coordination listener: listening again; notices sent meanwhile are re-read');
      for (const handler of resyncHandlers) {
        try {
          handler();
        } catch (error) {
          deps.log.error('resync handler failed', { error: (error as Error).message });
        }
      }
    }
  };
  const running = keepListening();

  return {
    onNotification(channel, handler) {
      if (!channels.includes(channel)) throw new Error(`the listener does not listen on "${channel}"`);
      handlers.set(channel, [...(handlers.get(channel) ?? []), handler]);
    },
    onResync(handler) {
      resyncHandlers.push(handler);
    },
    get backendPid() {
      return connection && !connection.isLost ? connection.pid : undefined;
    },
    async close() {
      closing.abort();
      await running;
      await connection?.close();
    },
  };
}
