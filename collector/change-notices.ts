// Change notices: "something about this device / sweep / the fleet changed", told to whoever watches (the
// console's live views). A notice carries no data and no promise: a watcher re-reads through the use cases
// (each read audited like any other), and a notice lost or repeated costs one read too many or one too late.
//
// Published through the coordination port's notices (coordination.ts), so that a browser watching collector
// B hears of a change stored through collector A; the watchers themselves are this process's. When notices
// may have been missed ('resync'), every watcher is told once, with the first topic it watches: it re-reads.

import type { ClusterNotices, CoordinationTopic } from './coordination/coordination';

export type ChangeTopic = `device:${string}` | `sweep:${string}` | 'fleet' | 'media' | 'audit';

export interface ChangeNotices {
  publish(topic: ChangeTopic): void;
  /** Calls `listener` for each notice on one of `topics`; returns the unsubscribe. */
  subscribe(topics: readonly ChangeTopic[], listener: (topic: ChangeTopic) => void): () => void;
  /** Watchers now subscribed, all topics together. */
  readonly watchers: number;
  /** Stops listening to the cluster's notices (the collector stops). */
  close(): void;
}

/** Notices of this process alone: what the cluster's are for one collector. */
function localNotices(): ClusterNotices {
  const listeners = new Set<(topic: CoordinationTopic | 'resync') => void>();
  return {
    publish(topic) {
      for (const listener of [...listeners]) listener(topic);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function changeNotices(cluster: ClusterNotices = localNotices()): ChangeNotices {
  const byTopic = new Map<ChangeTopic, Set<(topic: ChangeTopic) => void>>();
  let watchers = 0;
  const tell = (listener: (topic: ChangeTopic) => void, topic: ChangeTopic) => {
    try {
      listener(topic);
    } catch {
      // A watcher's failure is its own (a closed response); the others still hear.
    }
  };
  const unsubscribeCluster = cluster.subscribe((topic) => {
    if (topic === 'resync') {
      const told = new Set<(topic: ChangeTopic) => void>();
      for (const [watched, listeners] of [...byTopic]) {
        for (const listener of [...listeners]) {
          if (told.has(listener)) continue;
          told.add(listener);
          tell(listener, watched);
        }
      }
      return;
    }
    // The cluster's own topics ('ledger', 'sweeps', 'policy') are never watched: no set, nothing told.
    for (const listener of [...(byTopic.get(topic as ChangeTopic) ?? [])])
      tell(listener, topic as ChangeTopic);
  });
  return {
    publish(topic) {
      cluster.publish(topic);
    },
    subscribe(topics, listener) {
      for (const topic of topics) {
        const set = byTopic.get(topic) ?? new Set();
        set.add(listener);
        byTopic.set(topic, set);
      }
      watchers++;
      let done = false;
      return () => {
        if (done) return;
        done = true;
        watchers--;
        for (const topic of topics) {
          const set = byTopic.get(topic);
          set?.delete(listener);
          if (set?.size === 0) byTopic.delete(topic);
        }
      };
    },
    get watchers() {
      return watchers;
    },
    close() {
      unsubscribeCluster();
    },
  };
}
