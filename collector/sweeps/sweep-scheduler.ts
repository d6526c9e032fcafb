// Scheduled sweeps: one croner job per stored schedule, in the collector process. Schedules live in the
// store, so they survive a restart; start() arms them again and fires once, at once, each schedule whose
// scheduled time passed while nobody was there to fire it (see schedule-timing.ts).
//
// Order: start() arms jobs only after loading every schedule; stop() stops every job first, then waits for
// fires already running (their sweeps are being created in the store, which must still be open).
import { Cron } from 'croner';
import type { Logger } from '../logger';
import type { AuditContext, Store, SweepScheduleRecord } from '../store/store';
import { missedFire, nextFireMs, parseSchedule, previousFireMs } from './schedule-timing';
import type { SweepDispatcher } from './sweep-dispatcher';
import { newScheduleId } from './sweep-ids';

export interface NewSchedule {
  cron: string;
  timezone: string;
  ruleIds: string[];
}

export interface SweepScheduler {
  /** Arms every stored schedule; fires those that missed a scheduled time while the collector was down. */
  start(): Promise<void>;
  /** Stores (audited) and arms a schedule; the expression must have passed parseSchedule. */
  add(schedule: NewSchedule, audit: AuditContext): Promise<SweepScheduleRecord>;
  /** Disarms and deletes (audited); null when there is no such schedule. */
  remove(scheduleId: string, audit: AuditContext): Promise<SweepScheduleRecord | null>;
  /** The next time the schedule fires, or 0 when it never will. */
  nextFireMs(schedule: SweepScheduleRecord): number;
  stop(): Promise<void>;
}

export interface SweepSchedulerDeps {
  store: Store;
  dispatcher: SweepDispatcher;
  log: Logger;
  now?: () => number;
}

export function createSweepScheduler(deps: SweepSchedulerDeps): SweepScheduler {
  const now = deps.now ?? Date.now;
  const { store, dispatcher, log } = deps;
  const jobs = new Map<string, Cron>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  const fire = (schedule: SweepScheduleRecord, why: 'scheduled' | 'missed while down') => {
    if (stopped) return;
    const firing = dispatcher
      .start({
        ruleIds: schedule.ruleIds,
        scheduleId: schedule.scheduleId,
        audit: { actor: `schedule:${schedule.scheduleId}`, source: 'collector' },
      })
      .then(
        (sweep) =>
          log.info('scheduled sweep fired', { scheduleId: schedule.scheduleId, sweepId: sweep.sweepId, why }),
        (error: Error) =>
          log.error('scheduled sweep could not start', {
            scheduleId: schedule.scheduleId,
            error: error.message,
          }),
      );
    running.add(firing);
    void firing.finally(() => running.delete(firing));
  };

  const arm = (schedule: SweepScheduleRecord) => {
    const options = {
      // One fire at a time per schedule: a slow store must not pile up sweeps.
      protect: true,
      // The jobs never keep the process alive on their own; the servers do.
      unref: true,
      ...(schedule.timezone ? { timezone: schedule.timezone } : {}),
    };
    jobs.set(schedule.scheduleId, new Cron(schedule.cron, options, () => fire(schedule, 'scheduled')));
  };

  const timingOf = (schedule: SweepScheduleRecord) => parseSchedule(schedule.cron, schedule.timezone);

  return {
    async start() {
      for (const schedule of await store.listSweepSchedules()) {
        const timing = timingOf(schedule);
        if (!timing.ok) {
          // Stored by an older collector that read cron differently: say so, keep the row, skip the job.
          log.error('sweep schedule not armed', { scheduleId: schedule.scheduleId, problem: timing.problem });
          continue;
        }
        arm(schedule);
        const missed = missedFire({
          previousScheduledMs: previousFireMs(timing.cron, now()),
          lastFiredMs: schedule.lastFiredMs,
          createdAtMs: schedule.createdAtMs,
        });
        if (missed) fire(schedule, 'missed while down');
      }
      log.info('sweep schedules armed', { schedules: jobs.size });
    },

    async add(request, audit) {
      const atMs = now();
      const schedule = await store.createSweepSchedule(
        { scheduleId: newScheduleId(atMs), createdAtMs: atMs, ...request },
        audit,
      );
      if (!stopped) arm(schedule);
      return schedule;
    },

    async remove(scheduleId, audit) {
      // Stored first: if the store fails, the schedule still exists and keeps firing, as it says.
      const removed = await store.deleteSweepSchedule(scheduleId, audit, now());
      jobs.get(scheduleId)?.stop();
      jobs.delete(scheduleId);
      return removed;
    },

    nextFireMs(schedule) {
      const timing = timingOf(schedule);
      return timing.ok ? nextFireMs(timing.cron, now()) : 0;
    },

    async stop() {
      stopped = true;
      for (const job of jobs.values()) job.stop();
      jobs.clear();
      await Promise.all([...running]);
    },
  };
}
