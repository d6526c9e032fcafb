// Which collector holds each device's live stream, in the `live_streams` table, and the delivery of work
// to it. A claim is one upsert that also records whom it took the stream from (superseded_collector_id),
// so two collectors claiming one device at once cannot both miss each other: the later one is told the
// earlier, and the earlier one's stream is cut there. Only collectors with a fresh heartbeat
// (collector-registry.ts) count as holders: a crashed collector's streams drop out after its lease.
//
// Deliveries are hints, like notices: one addressed to a collector whose listener is reconnecting is lost,
// and that collector's notices then say 'resync' (its streams must be re-checked: revocation, sweeps,
// policy). A delivery to a stream this collector holds is handed over here at once, not through the database.
import type pg from 'pg';
import type { Logger } from '../logger';
import type { StreamDelivery, StreamDirectory } from './coordination';
import { DELIVERIES_CHANNEL } from './coordination-channels';
import type { CoordinationTiming } from './coordination-timing';
import { DATABASE_NOW_MS } from './database-clock';
import { decodeDelivery, encodeDelivery } from './delivery-message';
import type { NotificationListener } from './notification-listener';

/** gRPC ALREADY_EXISTS: the device has a newer stream (the agent's link reconnects on any status). */
export const SUPERSEDED_STREAM_CODE = 6;
/** gRPC UNAVAILABLE: this collector was presumed gone; the agent reconnects (here or elsewhere). */
export const LAPSED_COLLECTOR_CODE = 14;

export interface LiveStreams extends StreamDirectory {
  /** Cuts every stream held here (locally: the database may be unreachable): this collector may have been presumed gone. */
  cutAll(reason: string): void;
  /** Deletes this collector's rows of streams it no longer holds (those cut while it was presumed gone). */
  forgetUnheld(): Promise<void>;
  /** Forgets this collector's rows (it is closing; its streams end with its server). */
  close(): Promise<void>;
}

type DeliveryHandler = (deviceId: string, delivery: StreamDelivery) => void;

export function liveStreams(deps: {
  pool: pg.Pool;
  collectorId: string;
  listener: NotificationListener;
  timing: CoordinationTiming;
  log: Logger;
}): LiveStreams {
  const { pool, collectorId } = deps;
  // The streams claimed here and not yet released: what cutAll must end. The table is the truth for everyone
  // else; this set only lets this collector end its own streams when the database cannot be reached.
  const heldHere = new Set<string>();
  let handler: DeliveryHandler | undefined;

  const hand = (deviceId: string, delivery: StreamDelivery): boolean => {
    if (!handler) {
      deps.log.warn('a delivery arrived before the stream handler was set; dropped', {
        deviceId,
        kind: delivery.kind,
      });
      return false;
    }
    try {
      handler(deviceId, delivery);
    } catch (error) {
      deps.log.error('the delivery handler failed', {
        deviceId,
        kind: delivery.kind,
        error: (error as Error).message,
      });
    }
    return true;
  };

  const send = (to: string, deviceId: string, delivery: StreamDelivery) =>
    pool.query('SELECT pg_notify($1, $2)', [DELIVERIES_CHANNEL, encodeDelivery({ to, deviceId, delivery })]);

  deps.listener.onNotification(DELIVERIES_CHANNEL, (payload) => {
    const decoded = decodeDelivery(payload);
    if (!decoded.ok) {
      deps.log.warn('a delivery that is not ours was ignored', { problem: decoded.problem });
      return;
    }
    if (decoded.message.to === collectorId) hand(decoded.message.deviceId, decoded.message.delivery);
  });

  const assertDeviceId = (deviceId: string) => {
    if (typeof deviceId !== 'string' || deviceId === '')
      throw new Error('live streams: the device id is empty');
  };

  return {
    // Rejects when the row could not be written, or when the older stream's collector could not be told
    // (the database unreachable): either way the caller ends the new stream, so that two live streams of
    // one device never both go on knowingly.
    async claim(deviceId) {
      assertDeviceId(deviceId);
      const claimed = await pool.query<{ superseded_collector_id: string | null }>(
        `INSERT INTO live_streams (device_id, collector_id, claimed_at_ms, superseded_collector_id)
         VALUES ($1, $2, ${DATABASE_NOW_MS}, NULL)
         ON CONFLICT (device_id) DO UPDATE SET collector_id = excluded.collector_id,
           claimed_at_ms = excluded.claimed_at_ms, superseded_collector_id = live_streams.collector_id
         RETURNING superseded_collector_id`,
        [deviceId, collectorId],
      );
      heldHere.add(deviceId);
      const previous = claimed.rows[0]?.superseded_collector_id;
      // Told even when its heartbeat is stale: a collector that is only late still ends the older stream.
      if (previous && previous !== collectorId)
        await send(previous, deviceId, {
          kind: 'cut',
          code: SUPERSEDED_STREAM_CODE,
          message: `superseded by a newer stream of this device on collector ${collectorId}`,
        });
    },
    async release(deviceId) {
      heldHere.delete(deviceId);
      await pool.query('DELETE FROM live_streams WHERE device_id = $1 AND collector_id = $2', [
        deviceId,
        collectorId,
      ]);
    },
    async deliver(deviceId, delivery) {
      const holder = await pool.query<{ collector_id: string }>(
        `SELECT s.collector_id FROM live_streams s JOIN collectors c ON c.collector_id = s.collector_id
         WHERE s.device_id = $1 AND c.heartbeat_at_ms >= ${DATABASE_NOW_MS} - $2`,
        [deviceId, deps.timing.leaseMs],
      );
      const to = holder.rows[0]?.collector_id;
      if (to === undefined) return false;
      if (to === collectorId) return hand(deviceId, delivery);
      await send(to, deviceId, delivery);
      return true;
    },
    async connectedDeviceIds() {
      const live = await pool.query<{ device_id: string }>(
        `SELECT s.device_id FROM live_streams s JOIN collectors c ON c.collector_id = s.collector_id
         WHERE c.heartbeat_at_ms >= ${DATABASE_NOW_MS} - $1`,
        [deps.timing.leaseMs],
      );
      return new Set(live.rows.map((row) => row.device_id));
    },
    onDelivery(next) {
      handler = next;
    },
    cutAll(reason) {
      const cut = [...heldHere];
      heldHere.clear();
      for (const deviceId of cut)
        hand(deviceId, {
          kind: 'cut',
          code: LAPSED_COLLECTOR_CODE,
          message: `collector ${collectorId} may have been presumed gone (${reason}); reconnect`,
        });
    },
    async forgetUnheld() {
      await pool.query('DELETE FROM live_streams WHERE collector_id = $1 AND NOT (device_id = ANY($2))', [
        collectorId,
        [...heldHere],
      ]);
    },
    async close() {
      heldHere.clear();
      await pool.query('DELETE FROM live_streams WHERE collector_id = $1', [collectorId]);
    },
  };
}
