// Which sweep runs when. A sweep is two steps: READ (probes, then the pure checks) and COMMIT (outbox,
// reported state, status, the sweep result). What waits is kept as four slots:
//
//   immediate — at most one: the first event of a burst (a stick's descriptors, judged at once); later
//               first events merge into it (union of rules, earliest event time kept);
//   event     — at most one: settled bursts, merged the same way. Kept apart from `immediate` so that
//               a stick plugged while a settled sweep waits is not made to carry that sweep's slower rules;
//   commanded — sweeps the collector asked for, each with its own id and result, in order;
//   routine   — at most one full sweep (schedule, new policy): asking again while one waits adds nothing.
//
// Two lanes take from them: the immediate lane runs the `immediate` slot only, the main lane the first
// non-empty of `event`, `commanded`, `routine`. So a stick's first sweep starts at once even while a full
// sweep is reading (under emulation a full sweep takes 1–2 s), and at most two sweeps read at a time. The
// other way round, the main lane starts nothing while an immediate sweep reads or commits: the stick's
// settled sweep comes due 150 ms after its first event, and its synchronous sysfs reads (radios, PCI) held
// the event loop while the first sweep's findings waited to be appended and sent (under emulation, where
// a settled sweep takes 0.5–1.8 s, that was most of a plug's tail). It starts as soon as the immediate one
// has committed. The
// probes an immediate sweep reads keep no state between reads (usb: sysfs only; a network event's radios,
// pci, wifi tools: sysfs and one-shot commands), so two reads side by side cannot corrupt each other.
//
// COMMITs never overlap, and happen in the order the READs finished: the outbox, reported.json and the
// sequence numbers are written by one sweep at a time. Each READ gets a number when it starts, growing by
// one; the committer uses it so that a reading that started earlier never overwrites, for a rule, one that
// started later and committed first (reading-order.ts). A running sweep is never interrupted.
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
  /** Queues a sweep; resolves once the sweep that covers it has committed (or the queue stopped). */
  request(request: SweepRequest): Promise<void>;
  /** Drops what waits and resolves once the running sweeps, if any (at most two), have committed. */
  stop(): Promise<void>;
}

export interface SweepRunner<R> {
  /** Reads the machine and judges; may run beside one other read. `number` grows by one per read started. */
  read(request: SweepRequest, number: number): Promise<R>;
  /** Makes a reading durable; never two at once, in the order the reads finished. */
  commit(request: SweepRequest, reading: R, number: number): Promise<void>;
}

interface Waiting {
  request: SweepRequest;
  waiters: Array<() => void>;
}

interface Lane {
  take(): Waiting | null;
  running: Promise<void> | null;
}

export function createSweepQueue<R>(runner: SweepRunner<R>): SweepQueue {
  let immediate: Waiting | null = null;
  let event: Waiting | null = null;
  const commanded: Waiting[] = [];
  let routine: Waiting | null = null;
  let stopped = false;
  let lastNumber = 0;
  // The tail of the commit chain: each finished read appends its commit here.
  let commits: Promise<void> = Promise.resolve();

  const immediateLane: Lane = {
    take() {
      const next = immediate;
      immediate = null;
      return next;
    },
    running: null,
  };
  const mainLane: Lane = {
    take() {
      const next = event ?? commanded.shift() ?? routine;
      if (next === event) event = null;
      else if (next === routine) routine = null;
      return next ?? null;
    },
    running: null,
  };

  const sweep = async ({ request }: Waiting) => {
    const number = ++lastNumber;
    let reading: R;
    try {
      reading = await runner.read(request, number);
    } catch {
      // The runner reports its own failures (as a reading); a throw is a bug, and there is nothing to commit.
      return;
    }
    const committed = commits.then(() => runner.commit(request, reading, number));
    // One failed commit must not stop the ones behind it; the runner reports its own failures.
    commits = committed.catch(() => {});
    await commits;
  };

  /** The main lane yields to a running immediate sweep; kick() starts it again when that one is done. */
  const mayTake = (lane: Lane) => !stopped && (lane === immediateLane || immediateLane.running === null);

  const drain = async (lane: Lane) => {
    for (let next = lane.take(); next !== null; next = mayTake(lane) ? lane.take() : null) {
      await sweep(next);
      for (const wake of next.waiters) wake();
    }
    lane.running = null;
    kick();
  };

  const kick = () => {
    if (stopped) return;
    if (immediateLane.running === null && immediate !== null) immediateLane.running = drain(immediateLane);
    const mainWaits = event !== null || commanded.length > 0 || routine !== null;
    if (mainLane.running === null && mainWaits && mayTake(mainLane)) mainLane.running = drain(mainLane);
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
      kick();
      return done;
    },
    async stop() {
      stopped = true;
      for (const waiting of [immediate, event, routine, ...commanded.splice(0)])
        for (const wake of waiting?.waiters ?? []) wake();
      immediate = null;
      event = null;
      routine = null;
      await Promise.all([immediateLane.running, mainLane.running]);
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
