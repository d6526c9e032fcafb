// The coordination port for one collector alone (SQLite, the embedded default): notices go to this
// process's listeners, this collector always leads, every slot is its own, and the streams it holds are
// all the streams there are. Exactly the first release's behaviour, behind the port. A slot is remembered
// for this process's life; across a restart the store's own record (a schedule's last fire) says it ran.
import { hostname } from 'node:os';
import type { Coordination, CoordinationTopic, StreamDelivery } from './coordination';

/** Claimed slots remembered (oldest forgotten first). */
export const REMEMBERED_SLOTS = 10_000;

export function inProcessCoordination(): Coordination {
  const listeners = new Set<(topic: CoordinationTopic | 'resync') => void>();
  const held = new Set<string>();
  const claimed = new Set<string>();
  let deliveryHandler: ((deviceId: string, delivery: StreamDelivery) => void) | undefined;
  const leaderships = new Set<{ stop(): Promise<void> }>();
  return {
    collectorId: `${hostname()}:${process.pid}`,
    async claimSlot(job, slot) {
      const key = `${job}\u0000${slot}`;
      if (claimed.has(key)) return false;
      claimed.add(key);
      // A slot is asked for around its own instant: the newest claims are all a repeat can meet. Bounded, so
      // a per-second schedule does not grow this by 86,400 keys a day.
      if (claimed.size > REMEMBERED_SLOTS) claimed.delete(claimed.values().next().value as string);
      return true;
    },
    lead(_job, work) {
      const controller = new AbortController();
      const running = work(controller.signal).catch(() => undefined);
      let leading = true;
      const leadership = {
        get leading() {
          return leading;
        },
        async stop() {
          leading = false;
          controller.abort();
          leaderships.delete(leadership);
          await running;
        },
      };
      leaderships.add(leadership);
      return leadership;
    },
    notices: {
      publish(topic) {
        for (const listener of [...listeners]) {
          try {
            listener(topic);
          } catch {
            // One listener's failure is its own; the others still hear.
          }
        }
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    streams: {
      async claim(deviceId) {
        held.add(deviceId);
      },
      async release(deviceId) {
        held.delete(deviceId);
      },
      async deliver(deviceId, delivery) {
        if (!held.has(deviceId) || !deliveryHandler) return false;
        deliveryHandler(deviceId, delivery);
        return true;
      },
      async connectedDeviceIds() {
        return new Set(held);
      },
      onDelivery(handler) {
        deliveryHandler = handler;
      },
    },
    async close() {
      await Promise.all([...leaderships].map((leadership) => leadership.stop()));
      listeners.clear();
    },
  };
}
