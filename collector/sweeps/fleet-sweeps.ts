// The collector's fleet jobs in one place: the sweep dispatcher (push, coverage, missed sweeps on
// reconnect), the schedule timer, expiry of old sweeps, and the silent-agent watch.
//
// Order: create() before the agent service accepts streams (its listener must hear every hello);
// start() once the collector is up (a missed schedule fires then); stop() before the servers and the store
// close: timers first, then the fires and answers in flight are waited for.
import type { AgentConnections } from '../agent-connections';
import type { AgentEvents } from '../agent-events';
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
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Sweeps older than a week are expired hourly; nothing depends on doing it sooner. */
const EXPIRY_INTERVAL_MS = 60 * 60 * 1000;

export function createFleetSweeps(deps: {
  store: Store;
  connections: AgentConnections;
  policy: PolicySource;
  log: Logger;
  now?: () => number;
}): FleetSweeps {
  const now = deps.now ?? Date.now;
  const dispatcher = createSweepDispatcher(deps);
  const scheduler = createSweepScheduler({ ...deps, dispatcher });
  const silence = createSilenceWatch(deps);
  let expiryTimer: NodeJS.Timeout | undefined;
  let stopping: Promise<void> | undefined;
  const expire = () =>
    dispatcher
      .expireOld()
      .catch((error: Error) => deps.log.error('cannot expire old sweeps', { error: error.message }));

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
    async start() {
      await expire();
      expiryTimer = setInterval(() => void expire(), EXPIRY_INTERVAL_MS);
      expiryTimer.unref();
      await scheduler.start();
      silence.start(now());
    },
    stop() {
      stopping ??= (async () => {
        clearInterval(expiryTimer);
        await scheduler.stop();
        await silence.stop();
        await dispatcher.drain();
      })();
      return stopping;
    },
  };
}
