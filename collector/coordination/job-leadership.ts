// Leadership of a continuous fleet job on PostgreSQL: a session advisory lock (pg_try_advisory_lock) held on
// a dedicated connection of its own (a session lock belongs to the connection that took it; through the
// pool it could be taken on one connection and "released" on another). While the lock is held the work
// runs; the moment the connection is known lost (an error, its end, or a heartbeat that fails or is late)
// the work's signal aborts. The work is awaited, the connection ended (the server releases the lock with the
// session), and only then is leadership tried again: after a lease of standing down, then every
// leadRetryMs, jittered.
//
// When two collectors may both believe they lead (fleetdm/fleet#35044: a lease that expired while its job
// ran on). The lock is released by the server when the session ends; the old leader learns of it
//   - at once when the server says so (pg_terminate_backend, a shutdown: the FATAL message arrives), or
//   - at its next heartbeat when it does not (a server reboot or a network cut; brianc/node-postgres#3003):
//     at most heartbeatMs + heartbeatTimeoutMs after the session was lost.
// A new leader takes the lock at its next try, no sooner than 0.75 × leadRetryMs after its previous one.
// So the window is at most heartbeatMs + heartbeatTimeoutMs (8 s by default), plus the time the old work
// takes to honour its aborted signal, and only in the second case. The reverse case (the old leader's
// network cut, the server still holding its session) is safe but slow: nobody leads until the server drops
// the dead session, which the lock connection's TCP keepalive settings below bound to about 11 s.
import type pg from 'pg';
import type { Logger } from '../logger';
import type { Leadership } from './coordination';
import { type CoordinationTiming, jittered, pause } from './coordination-timing';
import { leadershipLockKey } from './leadership-key';
import { openWatchedConnection, type WatchedConnection } from './watched-connection';

/** The server notices a lock holder gone mute after about idle + interval × count seconds, not hours. */
const LOCK_SESSION_KEEPALIVES =
  '-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3';

export interface JobLeadershipDeps {
  connectionConfig: (purpose: string) => pg.ClientConfig;
  timing: CoordinationTiming;
  log: Logger;
}

/** What a leadership exposes beyond the port: the lock connection's server pid (tests terminate it). */
export interface PostgresLeadership extends Leadership {
  readonly lockBackendPid: number | undefined;
}

export function leadJob(
  deps: JobLeadershipDeps,
  job: string,
  work: (signal: AbortSignal) => Promise<void>,
): PostgresLeadership {
  const key = leadershipLockKey(job);
  const stopping = new AbortController();
  let leading = false;
  let connection: WatchedConnection | undefined;

  const connect = async (): Promise<WatchedConnection | undefined> => {
    try {
      const config = deps.connectionConfig(`lead ${job}`);
      return await openWatchedConnection(
        { ...config, options: [config.options, LOCK_SESSION_KEEPALIVES].filter(Boolean).join(' ') },
        deps.timing,
      );
    } catch (error) {
      deps.log.warn('leadership: cannot connect to PostgreSQL; will try again', {
        job,
        error: (error as Error).message,
      });
      return undefined;
    }
  };

  const tryLock = async (held: WatchedConnection): Promise<boolean> => {
    try {
      const result = await held.client.query<{ acquired: boolean }>(
        'SELECT pg_try_advisory_lock($1::bigint) AS acquired',
        [key],
      );
      return result.rows[0]?.acquired === true;
    } catch {
      return false; // the connection's loss is reported by `lost`; the loop reconnects
    }
  };

  const leadWhileHeld = async (held: WatchedConnection) => {
    // stop() came while the lock was being taken: the work does not start at all.
    if (stopping.signal.aborted) return held.close();
    const controller = new AbortController();
    void held.lost.then((reason) => controller.abort(reason));
    const onStop = () => controller.abort(stopping.signal.reason);
    stopping.signal.addEventListener('abort', onStop, { once: true });
    leading = true;
    deps.log.info('leadership: leading', { job });
    try {
      await work(controller.signal);
    } catch (error) {
      if (!controller.signal.aborted)
        deps.log.error('leadership: the job failed; leadership is given up and tried again', {
          job,
          error: (error as Error).message,
        });
    } finally {
      leading = false;
      stopping.signal.removeEventListener('abort', onStop);
    }
    if (controller.signal.aborted && !stopping.signal.aborted)
      deps.log.warn('leadership: lost; the job was stopped', {
        job,
        reason: (controller.signal.reason as Error | undefined)?.message,
      });
    // Ending the session releases the lock, whatever state the connection is in.
    await held.close();
  };

  const loop = async () => {
    while (!stopping.signal.aborted) {
      if (!connection || connection.isLost) connection = await connect();
      if (connection && !stopping.signal.aborted && (await tryLock(connection))) {
        await leadWhileHeld(connection);
        connection = undefined;
        // A collector that has just lost its lock (its connection went silent or was cut, or its job
        // failed) stands down for a lease before trying again: otherwise it races the collectors retrying
        // every leadRetryMs for the lock the server has just released, and under load the one just seen
        // failing can win it back while a healthy one waits.
        await pause(deps.timing.leaseMs, stopping.signal);
      }
      await pause(jittered(deps.timing.leadRetryMs), stopping.signal);
    }
    await connection?.close();
  };
  const running = loop();

  return {
    get leading() {
      return leading;
    },
    get lockBackendPid() {
      return connection && !connection.isLost ? connection.pid : undefined;
    },
    async stop() {
      stopping.abort(new Error('leadership stopped by this collector'));
      await running;
    },
  };
}
