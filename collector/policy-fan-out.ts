// Policy bundles for the whole fleet, whichever collector holds each stream (coordination port).
//
// A change seen here (a policy reload, a ledger edit, a media registration) is told to every collector:
// 'ledger' first (a collector's store drops the ledger slices it remembers before any bundle is built from
// them), then either a 'policy' delivery to each named device (to the one collector holding its stream) or,
// for every device or more than DELIVERIES_PER_CHANGE of them, one 'policy' notice on which every collector
// pushes to all the streams it holds: a hundred thousand deliveries would cost more than a bundle per stream.
// Pushes to the streams held here run one full pass at a time; asked during one, one more follows it (it
// may have been built before the change). A 'resync' (notices may have been lost) pushes to every stream
// held here, since a lost 'policy' notice would otherwise leave them on the old bundle until they reconnect.
import type { AgentConnections } from './agent-connections';
import type { Coordination, CoordinationTopic } from './coordination/coordination';
import type { Logger } from './logger';
import { pushPolicyBundles } from './policy-push';
import type { PolicySource } from './policy-source';
import type { Store } from './store/store';

/** Above this many devices a change is announced with one 'policy' notice rather than a delivery each. */
export const DELIVERIES_PER_CHANGE = 500;

export interface PolicyFanOut {
  /**
   * Sends these devices (every device when omitted) their current bundle, on whichever collector holds
   * their streams. Resolves once the pushes to streams held here that it started are done.
   */
  push(deviceIds?: readonly string[]): Promise<void>;
  /** A 'policy' delivery for a stream held here. */
  pushHeldHere(deviceId: string): Promise<void>;
  /** Stops listening (the collector stops) and waits for pushes in flight. */
  close(): Promise<void>;
}

export function createPolicyFanOut(deps: {
  store: Store;
  policy: PolicySource;
  /** The streams this collector holds. */
  connections: AgentConnections;
  coordination: Pick<Coordination, 'notices' | 'streams'>;
  log: Logger;
}): PolicyFanOut {
  const { coordination, log } = deps;
  const inFlight = new Set<Promise<void>>();
  const track = (push: Promise<void>) => {
    inFlight.add(push);
    void push.finally(() => inFlight.delete(push));
    return push;
  };

  let passing: Promise<void> | null = null;
  let passAgain = false;
  const pushAllHeldHere = (): Promise<void> => {
    if (passing) {
      passAgain = true;
      return passing;
    }
    passing = track(
      (async () => {
        do {
          passAgain = false;
          await pushPolicyBundles(deps);
        } while (passAgain);
      })().finally(() => {
        passing = null;
      }),
    );
    return passing;
  };

  const unsubscribe = coordination.notices.subscribe((topic: CoordinationTopic | 'resync') => {
    if (topic === 'policy' || topic === 'resync') void pushAllHeldHere();
  });

  return {
    async push(deviceIds) {
      coordination.notices.publish('ledger');
      if (deviceIds === undefined || deviceIds.length > DELIVERIES_PER_CHANGE) {
        coordination.notices.publish('policy');
      } else {
        for (const deviceId of deviceIds) {
          await coordination.streams.deliver(deviceId, { kind: 'policy' }).catch((error: Error) =>
            log.error('cannot hand a policy bundle to the collector holding the stream', {
              deviceId,
              error: error.message,
            }),
          );
        }
      }
      // What this change started here (synchronously, with the in-process coordination) is awaited.
      await Promise.all([...inFlight]);
    },
    pushHeldHere: (deviceId) => track(pushPolicyBundles(deps, [deviceId])),
    async close() {
      unsubscribe();
      await Promise.all([...inFlight]);
    },
  };
}
