// The coordination port for several collectors on one PostgreSQL: run-once slots (claimed-slots.ts),
// leadership by session advisory locks (job-leadership.ts), change notices and stream deliveries over
// LISTEN/NOTIFY (notification-listener.ts, postgres-notices.ts, live-streams.ts) and the collectors alive
// now (collector-registry.ts). This file only composes them and writes down the order.
//
// Start-up: migrations (migratePostgres under its advisory lock, on a pool of their own; the store and the
// coordination open the same database and either may start first: the second finds nothing to do) → prune
// old slots → this collector's row in `collectors` with its heartbeat → the listener, on both channels.
// Shutdown (close): leaderships stop (each work awaited, each lock connection ended) → slot pruning stops →
// this collector's live_streams rows, then its collectors row, are deleted → the listener ends → the pool ends.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { jsonLogger, type Logger } from '../logger';
import { redactedPostgresUrl } from '../store/postgres/index';
import { migratePostgres } from '../store/postgres/migrations';
import { postgresPoolConfig } from '../store/postgres/pool';
import { claimedSlots } from './claimed-slots';
import { startCollectorRegistry } from './collector-registry';
import type { Coordination } from './coordination';
import { DELIVERIES_CHANNEL, NOTICES_CHANNEL } from './coordination-channels';
import { type CoordinationTiming, coordinationTiming } from './coordination-timing';
import { leadJob, type PostgresLeadership } from './job-leadership';
import { liveStreams } from './live-streams';
import { startNotificationListener } from './notification-listener';
import { postgresNotices } from './postgres-notices';

export interface PostgresCoordinationOptions extends Partial<CoordinationTiming> {
  /** Default: host, pid and a random part. Unique among the collectors on the database. */
  collectorId?: string;
  /** Pooled connections for claims, notices and heartbeats (default 4; the dedicated ones come on top). */
  poolMax?: number;
  log?: Logger;
}

export interface PostgresCoordination extends Coordination {
  lead(job: string, work: (signal: AbortSignal) => Promise<void>): PostgresLeadership;
  /** The listening connection's server pid (undefined while it reconnects): for tests and diagnostics. */
  readonly listenerBackendPid: number | undefined;
}

export async function postgresCoordination(
  url: string,
  options: PostgresCoordinationOptions = {},
): Promise<PostgresCoordination> {
  const { collectorId: chosenId, poolMax, log: chosenLog, ...timingOverrides } = options;
  const timing = coordinationTiming(timingOverrides);
  const collectorId = chosenId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const log = chosenLog ?? jsonLogger('coordination');
  // Shown in pg_stat_activity: which collector, and what the connection is for (PostgreSQL keeps 63 bytes).
  const connectionConfig = (purpose: string): pg.ClientConfig => {
    const { max: _max, ...config } = postgresPoolConfig(url, {
      applicationName: `shoumi ${purpose} ${collectorId}`.slice(0, 63),
    });
    return config;
  };
  const pool = new pg.Pool({
    ...postgresPoolConfig(url, {
      max: poolMax ?? 4,
      applicationName: `shoumi coordination ${collectorId}`.slice(0, 63),
    }),
    keepAlive: true,
    query_timeout: timing.queryTimeoutMs,
  });
  // An idle pooled connection dropping (PostgreSQL restarted) is not fatal: the next query connects afresh.
  pool.on('error', () => undefined);

  const opened: Array<() => Promise<void>> = [() => pool.end()];
  const undo = async () => {
    for (const close of opened.reverse()) await close().catch(() => undefined);
  };
  try {
    await migrateOnce(url);
    const slots = claimedSlots({ pool, collectorId, timing, log });
    opened.push(() => slots.close());
    await slots.prune();
    const registry = await startCollectorRegistry({ pool, collectorId, timing, log });
    opened.push(() => registry.close());
    const listener = await startNotificationListener(
      { connectionConfig: connectionConfig('listen'), timing, log },
      [NOTICES_CHANNEL, DELIVERIES_CHANNEL],
    );
    opened.push(() => listener.close());
    const notices = postgresNotices({ pool, listener, log });
    const streams = liveStreams({ pool, collectorId, listener, timing, log });
    registry.onLapsed((reason) => streams.cutAll(reason));
    registry.onRegisteredAgain(() => streams.forgetUnheld());
    const leaderships = new Set<PostgresLeadership>();
    let closing: Promise<void> | undefined;

    return {
      collectorId,
      claimSlot: (job, slot) => slots.claim(job, slot),
      lead(job, work) {
        if (closing) throw new Error(`lead("${job}"): the coordination is closed`);
        const leadership = leadJob({ connectionConfig, timing, log }, job, work);
        leaderships.add(leadership);
        return {
          get leading() {
            return leadership.leading;
          },
          get lockBackendPid() {
            return leadership.lockBackendPid;
          },
          async stop() {
            leaderships.delete(leadership);
            await leadership.stop();
          },
        };
      },
      notices,
      streams,
      get listenerBackendPid() {
        return listener.backendPid;
      },
      close() {
        closing ??= (async () => {
          await Promise.all([...leaderships].map((leadership) => leadership.stop()));
          leaderships.clear();
          await slots.close();
          await streams.close().catch((error: Error) =>
            log.warn('live streams of this collector not deleted; they drop out after the lease', {
              error: error.message,
            }),
          );
          await registry.close().catch((error: Error) =>
            log.warn('this collector row not deleted; it drops out after the lease', {
              error: error.message,
            }),
          );
          await listener.close();
          await pool.end();
        })();
        return closing;
      },
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

/**
 * Migrations on a pool of their own, without the coordination pool's query timeout: waiting for another
 * collector's migration (its advisory lock) may take longer than any coordination query should.
 */
async function migrateOnce(url: string): Promise<void> {
  const pool = new pg.Pool(
    postgresPoolConfig(url, { max: 1, applicationName: 'shoumi coordination migrate' }),
  );
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, redactedPostgresUrl(url));
  } finally {
    await pool.end();
  }
}
