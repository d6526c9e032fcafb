// Sweeps run one at a time (probes and the reported-state file are not built for two at once), and a sweep
// an event asked for must not wait behind a queue of routine ones. What waits is kept as three slots:
//
//   immediate — at most one: the first event of a burst (a stick's descriptors, judged at once); later
//               first events merge into it (union of rules, earliest event time kept);
//   event     — at most one: settled bursts, merged the same way. Kept apart from `immediate` so that
//               a stick plugged while a settled sweep waits is not made to carry that sweep's slower rules;
//   commanded — sweeps the collector asked for, each with its own id and result, in order;
//   routine   — at most one full sweep (schedule, new policy): asking again while one waits adds nothing.
//
// The next sweep is taken from the first non-empty slot in that order. A running sweep is never
// interrupted: an event that arrives during a full sweep waits for it (a full sweep takes well under a
// second), then runs before anything else that waits, since the running sweep may have read the machine
// before the event.
import type { WatchArea, WatchEvent } from './watch-event';

export interface EventTrigger {
  area: WatchArea;
  phase: WatchEvent['phase'];
  /** Earliest OS event this sweep answers for. */
  eventAtMs: number;
  detail: string;
}

export interface SweepRequest {
  /** The collector's sweep id for commanded sweeps; "" otherwise. */
  sweepId: string;
  /** Judge only these rules; all when absent. */
  onlyRuleIds?: readonly string[];
  trigger?: EventTrigger;
}

export interface SweepQueue {
  /** Queues a sweep; resolves once the sweep that covers it has finished (or the queue stopped). */
  request(request: SweepRequest): Promise<void>;
  /** Drops what waits and resolves once the running sweep, if any, has finished. */
  stop(): Promise<void>;
}

interface Waiting {
  request: SweepRequest;
  waiters: Array<() => void>;
}

export function createSweepQueue(run: (request: SweepRequest) => Promise<void>): SweepQueue {
  let immediate: Waiting | null = null;
  let event: Waiting | null = null;
  const commanded: Waiting[] = [];
  let routine: Waiting | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const take = (): Waiting | null => {
    const next = immediate ?? event ?? commanded.shift() ?? routine;
    if (next === immediate) immediate = null;
    else if (next === event) event = null;
    else if (next === routine) routine = null;
    return next ?? null;
  };

  const drain = async () => {
    for (let next = take(); next !== null && !stopped; next = take()) {
      try {
        await run(next.request);
      } catch {
        // The runner reports its own failures; one failed sweep must not stop the ones behind it.
      }
      for (const wake of next.waiters) wake();
    }
    running = null;
  };

  const enqueue = (request: SweepRequest): Waiting => {
    if (request.trigger && request.sweepId === '') {
      const slot = request.trigger.phase === 'first' ? immediate : event;
      if (slot) {
        slot.request = mergeEventRequests(slot.request, request);
        return slot;
      }
      const waiting = { request, waiters: [] };
      if (request.trigger.phase === 'first') immediate = waiting;
      else event = waiting;
      return waiting;
    }
    if (request.sweepId === '' && request.onlyRuleIds === undefined) {
      routine ??= { request, waiters: [] };
      return routine;
    }
    const waiting = { request, waiters: [] };
    commanded.push(waiting);
    return waiting;
  };

  return {
    request(request) {
      if (stopped) return Promise.resolve();
      const waiting = enqueue(request);
      const done = new Promise<void>((resolve) => waiting.waiters.push(resolve));
      running ??= drain();
      return done;
    },
    async stop() {
      stopped = true;
      for (const waiting of [immediate, event, routine, ...commanded.splice(0)])
        for (const wake of waiting?.waiters ?? []) wake();
      immediate = null;
      event = null;
      routine = null;
      await running;
    },
  };
}

/** One event sweep for two waiting requests: every rule either named, timed from the earlier event. */
export function mergeEventRequests(a: SweepRequest, b: SweepRequest): SweepRequest {
  const everything = a.onlyRuleIds === undefined || b.onlyRuleIds === undefined;
  const earlier =
    (b.trigger?.eventAtMs ?? Number.POSITIVE_INFINITY) < (a.trigger?.eventAtMs ?? Number.POSITIVE_INFINITY)
      ? b
      : a;
  return {
    sweepId: '',
    onlyRuleIds: everything ? undefined : [...new Set([...a.onlyRuleIds!, ...b.onlyRuleIds!])],
    trigger: earlier.trigger,
  };
}
