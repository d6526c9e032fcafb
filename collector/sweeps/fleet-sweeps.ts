// The collector's fleet jobs in one place: the sweep dispatcher (push, coverage, missed sweeps on
// reconnect), the schedule timer, expiry of old sweeps, and the silent-agent watch.
//
// Several collectors (coordination port): schedules are armed everywhere and each fire runs once (slots,
// sweep-scheduler.ts); expiry and the silence watch run only where they are led; sweeps created anywhere
// reach the streams held here on a 'sweeps' or 'resync' notice (sweep-dispatcher.ts), on which the
// scheduler also reads the schedules again. With the in-process coordination this collector leads everything, as before.
//
// Order: create() before the agent service accepts streams (its listener must hear every hello);
// start() once the collector is up (a missed schedule fires then); stop() before the servers and the store
// close: the notices first, then the led jobs (their work is aborted and waited for), then the timers, then
// the fires, passes and answers in flight are waited for.
import type { AgentConnections } from '../agent-connections';
import type { AgentEvents } from '../agent-events';
import type { Coordination, Leadership } from '../coordination/coordination';
import { pauseUnlessAborted } from '../coordination/pause-unless-aborted';
import type { Logger } from '../logger';
import type { PolicySource } from '../policy-source';
import type { AuditContext, Store, SweepRecord, SweepScheduleRecord } from '../store/store';
import { createSilenceWatch } from './silence-watch';
import { createSweepDispatcher } from './sweep-dispatcher';
import { createSweepScheduler, type NewSchedule } from './sweep-scheduler';

/** What the admin service may do with sweeps; requests are validated by the admin use cases first. */
export interface SweepControl {
  run(request: { ruleIds: string[]; audit: AuditContext }): Promise<SweepRecord>;
  schedule(request: NewSchedule, audit: AuditContext): Promise<SweepScheduleRecord>;
  unschedule(scheduleId: string, audit: AuditContext): Promise<SweepScheduleRecord | null>;
  nextFireMs(schedule: SweepScheduleRecord): number;
}

export interface FleetSweeps {
  control: SweepControl;
  /** Register with the agent service's listeners. */
  events: AgentEvents;
  /** Sends the device, whose stream this collector holds, its pending sweeps (a 'sweeps' delivery). */
  dispatchToDevice(deviceId: string): Promise<void>;
  /** Resolves once the answers received and the passes over open sweeps begun so far are done. */
  drain(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Sweeps older than a week are expired hourly; nothing depends on doing it sooner. */
const EXPIRY_INTERVAL_MS = 60 * 60 * 1000;

/** Leadership names of the fleet jobs here (one holder each across collectors). */
export const SWEEP_EXPIRY_JOB = 'sweep-expiry';
export const SILENCE_WATCH_JOB = 'silence-watch';

export function createFleetSweeps(deps: {
  store: Store;
  connections: AgentConnections;
  policy: PolicySource;
  coordination: Pick<Coordination, 'claimSlot' | 'lead' | 'notices'>;
  log: Logger;
  now?: () => number;
}): FleetSweeps {
  const now = deps.now ?? Date.now;
  const { coordination } = deps;
  const dispatcher = createSweepDispatcher({ ...deps, notices: coordination.notices });
  const scheduler = createSweepScheduler({ ...deps, dispatcher });
  const silence = createSilenceWatch(deps);
  const leaderships: Leadership[] = [];
  let unsubscribe: (() => void) | undefined;
  let stopping: Promise<void> | undefined;

  /** Expires old sweeps now and every hour while this collector leads expiry; `expired` after the first. */
  const expireWhileLeading = async (signal: AbortSignal, expired: () => void) => {
    while (!signal.aborted) {
      await dispatcher
        .expireOld()
        .catch((error: Error) => deps.log.error('cannot expire old sweeps', { error: error.message }));
      expired();
      await pauseUnlessAborted(EXPIRY_INTERVAL_MS, signal);
    }
  };

  return {
    control: {
      run: ({ ruleIds, audit }) => dispatcher.start({ ruleIds, scheduleId: '', audit }),
      schedule: (request, audit) => scheduler.add(request, audit),
      unschedule: (scheduleId, audit) => scheduler.remove(scheduleId, audit),
      nextFireMs: (schedule) => scheduler.nextFireMs(schedule),
    },
    events: {
      async onHello(deviceId, stream) {
        await dispatcher.events.onHello?.(deviceId, stream);
        await silence.onHello(deviceId);
      },
      onSweepResult: (deviceId, result, atMs) =>
        dispatcher.events.onSweepResult?.(deviceId, result, atMs) ?? Promise.resolve(),
    },
    dispatchToDevice: (deviceId) => dispatcher.dispatchToDevice(deviceId),
    drain: () => dispatcher.drain(),
    async start() {
      unsubscribe = coordination.notices.subscribe((topic) => {
        if (topic === 'sweeps' || topic === 'resync') void dispatcher.dispatchOpenSweeps();
      });
      // Where expiry is led here from the start (always, alone), the first pass ends before start() does.
      let firstExpiry!: () => void;
      const expiredOnce = new Promise<void>((resolve) => {
        firstExpiry = resolve;
      });
      const expiry = coordination.lead(SWEEP_EXPIRY_JOB, (signal) => expireWhileLeading(signal, firstExpiry));
      leaderships.push(expiry);
      if (expiry.leading) await expiredOnce;
      await scheduler.start();
      // Silence before this collector listened is not held against agents; a leader that takes over later
      // still counts from here, where its own hellos and heartbeats have been recorded since.
      const listeningSinceMs = now();
      leaderships.push(
        coordination.lead(SILENCE_WATCH_JOB, (signal) => silence.watch(signal, listeningSinceMs)),
      );
    },
    stop() {
      stopping ??= (async () => {
        unsubscribe?.();
        await Promise.all(leaderships.map((leadership) => leadership.stop()));
        await scheduler.stop();
        await silence.stop();
        await dispatcher.drain();
      })();
      return stopping;
    },
  };
}
