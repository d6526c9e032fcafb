// A test double of the coordination port for several collectors in one test process: every instance
// joined to one hub (one per fake collector) shares run-once slots, notices, leaderships and a directory
// of streams, all in memory. What the PostgreSQL implementation does across processes, in the shape a
// unit test of a use case can drive: notices arrive on a later turn of the event loop (never inside
// publish), a leadership can be taken away (revoke: the lease was lost), and a delivery reaches the
// handler of the instance holding the stream.
import type {
  ClusterNotices,
  Coordination,
  CoordinationTopic,
  Leadership,
  StreamDelivery,
} from '../../collector/coordination/coordination';

/** What a collector cut by a newer claim of the same device elsewhere tells the agent (gRPC ABORTED). */
export const TAKEN_OVER = { code: 10, message: 'the device connected to another collector' } as const;

interface Member {
  id: string;
  listeners: Set<(topic: CoordinationTopic | 'resync') => void>;
  deliveries?: (deviceId: string, delivery: StreamDelivery) => void;
  closed: boolean;
}

interface Candidate {
  member: Member;
  work: (signal: AbortSignal) => Promise<void>;
  /** Set while this candidate leads. */
  running?: { controller: AbortController; done: Promise<void> };
  stopped: boolean;
}

export interface CoordinationHub {
  /** A new collector's coordination on this hub. */
  join(collectorId: string): Coordination;
  /** Who leads `job` now. */
  leaderOf(job: string): string | undefined;
  /**
   * The leader of `job` loses its lease: its work is aborted and awaited, and the next candidate leads
   * (the one that lost it queues again, as a collector that keeps trying).
   */
  revoke(job: string): Promise<void>;
  /** Which collector holds each device's stream. */
  holderOf(deviceId: string): string | undefined;
  /** Every claimSlot asked, in order, with its answer. */
  readonly claims: ReadonlyArray<{ collectorId: string; job: string; slot: string; won: boolean }>;
  /** Tells one collector that notices may have been missed. */
  resync(collectorId: string): void;
}

export function sharedCoordinationHub(): CoordinationHub {
  const members = new Map<string, Member>();
  const slots = new Set<string>();
  const claims: { collectorId: string; job: string; slot: string; won: boolean }[] = [];
  const candidates = new Map<string, Candidate[]>();
  const holders = new Map<string, Member>();

  const later = (action: () => void) => setImmediate(action);
  const tell = (member: Member, topic: CoordinationTopic | 'resync') => {
    for (const listener of [...member.listeners]) {
      try {
        listener(topic);
      } catch {
        // A listener's failure is its own.
      }
    }
  };

  /** Starts the first queued candidate of `job` when nobody leads it. */
  const elect = (job: string) => {
    const queue = candidates.get(job) ?? [];
    if (queue.some((candidate) => candidate.running)) return;
    const next = queue.find((candidate) => !candidate.stopped);
    if (!next) return;
    const controller = new AbortController();
    next.running = { controller, done: next.work(controller.signal).catch(() => undefined) };
  };

  /** Ends `candidate`'s lead: aborts its work and waits for it to return. */
  const depose = async (candidate: Candidate) => {
    const running = candidate.running;
    if (!running) return;
    running.controller.abort();
    await running.done;
    candidate.running = undefined;
  };

  /** The candidate stops trying for good (its collector stops leading or closes); the next one leads. */
  const withdraw = async (job: string, candidate: Candidate) => {
    candidate.stopped = true;
    await depose(candidate);
    candidates.set(
      job,
      (candidates.get(job) ?? []).filter((queued) => queued !== candidate),
    );
    elect(job);
  };

  const hub: CoordinationHub = {
    join(collectorId) {
      const member: Member = { id: collectorId, listeners: new Set(), closed: false };
      members.set(collectorId, member);
      const leaderships: { job: string; candidate: Candidate }[] = [];
      const notices: ClusterNotices = {
        publish(topic) {
          for (const other of members.values()) if (!other.closed) later(() => tell(other, topic));
        },
        subscribe(listener) {
          member.listeners.add(listener);
          return () => member.listeners.delete(listener);
        },
      };
      const coordination: Coordination = {
        collectorId,
        async claimSlot(job, slot) {
          const key = `${job}\u0000${slot}`;
          const won = !slots.has(key);
          slots.add(key);
          claims.push({ collectorId, job, slot, won });
          return won;
        },
        lead(job, work): Leadership {
          const candidate: Candidate = { member, work, stopped: false };
          const queue = candidates.get(job) ?? [];
          queue.push(candidate);
          candidates.set(job, queue);
          leaderships.push({ job, candidate });
          elect(job);
          return {
            get leading() {
              return candidate.running !== undefined;
            },
            stop: () => withdraw(job, candidate),
          };
        },
        notices,
        streams: {
          async claim(deviceId) {
            const previous = holders.get(deviceId);
            holders.set(deviceId, member);
            if (previous && previous !== member && !previous.closed) {
              const cut: StreamDelivery = { kind: 'cut', ...TAKEN_OVER };
              later(() => previous.deliveries?.(deviceId, cut));
            }
          },
          async release(deviceId) {
            if (holders.get(deviceId) === member) holders.delete(deviceId);
          },
          async deliver(deviceId, delivery) {
            const holder = holders.get(deviceId);
            if (!holder?.deliveries || holder.closed) return false;
            const handler = holder.deliveries;
            later(() => handler(deviceId, delivery));
            return true;
          },
          async connectedDeviceIds() {
            return new Set(holders.keys());
          },
          onDelivery(handler) {
            member.deliveries = handler;
          },
        },
        async close() {
          member.closed = true;
          await Promise.all(leaderships.map(({ job, candidate }) => withdraw(job, candidate)));
          for (const [deviceId, holder] of holders) if (holder === member) holders.delete(deviceId);
          member.listeners.clear();
        },
      };
      return coordination;
    },
    leaderOf(job) {
      return candidates.get(job)?.find((candidate) => candidate.running)?.member.id;
    },
    async revoke(job) {
      const queue = candidates.get(job) ?? [];
      const leader = queue.find((candidate) => candidate.running);
      if (!leader) return;
      await depose(leader);
      // Queued again behind the others: it keeps trying, as a collector whose lease lapsed does.
      candidates.set(job, [...queue.filter((queued) => queued !== leader), leader]);
      elect(job);
    },
    holderOf(deviceId) {
      return holders.get(deviceId)?.id;
    },
    claims,
    resync(collectorId) {
      const member = members.get(collectorId);
      if (member) later(() => tell(member, 'resync'));
    },
  };
  return hub;
}
