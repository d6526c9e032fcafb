// Change notices between collectors through PostgreSQL: publish is a pg_notify through the pool, every
// collector's listener (notification-listener.ts) hears it, this one included: a collector hears its own
// notices the way the others do, through the database, so that every collector sees one order (the
// database's commit order, not necessarily that of the publish calls: they race on pooled connections) and
// each notice once. A notice that cannot be sent (the database unreachable) turns into a 'resync' for this
// collector's own subscribers: their caches may hold what this collector just changed, and they re-read
// (the other collectors re-read on their periodic re-read or their own resync when the database returns).
import type pg from 'pg';
import type { Logger } from '../logger';
import type { ClusterNotices, CoordinationTopic } from './coordination';
import { MAX_NOTIFY_PAYLOAD_BYTES, NOTICES_CHANNEL } from './coordination-channels';
import type { NotificationListener } from './notification-listener';

type NoticeListener = (topic: CoordinationTopic | 'resync') => void;

export function postgresNotices(deps: {
  pool: pg.Pool;
  listener: NotificationListener;
  log: Logger;
}): ClusterNotices {
  const subscribers = new Set<NoticeListener>();
  const tell = (topic: CoordinationTopic | 'resync') => {
    for (const subscriber of [...subscribers]) {
      try {
        subscriber(topic);
      } catch (error) {
        // One subscriber's failure is its own; the others still hear.
        deps.log.error('notice subscriber failed', { topic, error: (error as Error).message });
      }
    }
  };
  // Only the topics the port names are passed on; anything else on the channel is not ours to trust.
  deps.listener.onNotification(NOTICES_CHANNEL, (payload) => {
    if (isCoordinationTopic(payload)) tell(payload);
    else deps.log.warn('notice with an unknown topic ignored', { payload: payload.slice(0, 80) });
  });
  deps.listener.onResync(() => tell('resync'));
  return {
    publish(topic) {
      if (!isCoordinationTopic(topic) || Buffer.byteLength(topic) > MAX_NOTIFY_PAYLOAD_BYTES)
        throw new Error(`notice topic "${String(topic).slice(0, 80)}" is not a topic, or too long to notify`);
      deps.pool.query('SELECT pg_notify($1, $2)', [NOTICES_CHANNEL, topic]).catch((error: Error) => {
        deps.log.warn('notice not sent; this collector re-reads', { topic, error: error.message });
        tell('resync');
      });
    },
    subscribe(listener) {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },
  };
}

type PlainTopic = Exclude<CoordinationTopic, `device:${string}` | `sweep:${string}`>;
/** Every plain topic of the port: the compiler refuses this table if the union gains or loses one. */
const PLAIN_TOPICS: Record<PlainTopic, true> = {
  ledger: true,
  sweeps: true,
  policy: true,
  fleet: true,
  media: true,
  audit: true,
};

export function isCoordinationTopic(text: string): text is CoordinationTopic {
  return Object.hasOwn(PLAIN_TOPICS, text) || /^(device|sweep):./s.test(text);
}
