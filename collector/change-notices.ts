// Change notices: "something about this device / sweep / the fleet changed", told to whoever watches (the
// console's live views). A notice carries no data and no promise: a watcher re-reads through the use cases
// (each read audited like any other), and a notice lost or repeated costs one read too many or one too late.
// In process today; several collectors on one database (issue 17) deliver the same notices from the
// database (LISTEN/NOTIFY as a hint) behind this same interface.

export type ChangeTopic = `device:${string}` | `sweep:${string}` | 'fleet' | 'media' | 'audit';

export interface ChangeNotices {
  publish(topic: ChangeTopic): void;
  /** Calls `listener` for each notice on one of `topics`; returns the unsubscribe. */
  subscribe(topics: readonly ChangeTopic[], listener: (topic: ChangeTopic) => void): () => void;
  /** Watchers now subscribed, all topics together. */
  readonly watchers: number;
}

export function changeNotices(): ChangeNotices {
  const byTopic = new Map<ChangeTopic, Set<(topic: ChangeTopic) => void>>();
  let watchers = 0;
  return {
    publish(topic) {
      for (const listener of byTopic.get(topic) ?? []) {
        try {
          listener(topic);
        } catch {
          // A watcher's failure is its own (a closed response); the others still hear.
        }
      }
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
  };
}
