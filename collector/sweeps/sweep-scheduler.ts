// Scheduled sweeps: one croner job per stored schedule, in the collector process. Schedules live in the
// store, so they survive a restart; start() arms them again and fires once, at once, each schedule whose
// scheduled time passed while nobody was there to fire it (see schedule-timing.ts).
//
// Several collectors (coordination port): every collector arms every schedule, and each fire claims the
// run-once slot ("sweep-schedule:<id>", the scheduled instant); only the collector that wins it creates the
// sweep. A fire missed while down claims the slot of the scheduled time it missed, so collectors starting
// together fire it once, and a collector starting just after another fired it does not fire it again.
// The winner reads the schedule again before creating the sweep: one deleted through another collector
// whose notice has not arrived here is not fired. A schedule added or deleted here is announced with
// 'sweeps' (the topic sweep listeners already hear); every collector then re-reads the schedules (reload).
//
// Order: start() arms jobs only after loading every schedule; stop() stops every job first, then waits for
// fires already running (their sweeps are being created in the store, which must still be open).
import { Cron } from 'croner';
import type { ClusterNotices, Coordination } from '../coordination/coordination';
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
  /** Reads the schedules again: arms those added elsewhere, disarms those deleted elsewhere. */
  reload(): Promise<void>;
  stop(): Promise<void>;
}

export interface SweepSchedulerDeps {
  store: Store;
  dispatcher: SweepDispatcher;
  /** Who fires each scheduled time (claimSlot), and where schedule changes are announced. */
  coordination: Pick<Coordination, 'claimSlot'> & { notices: ClusterNotices };
  log: Logger;
  now?: () => number;
}

/** The run-once slot of one schedule's fires: its key is the schedule, its value the scheduled instant. */
export const scheduleSlotJob = (scheduleId: string) => `sweep-schedule:${scheduleId}`;

export function createSweepScheduler(deps: SweepSchedulerDeps): SweepScheduler {
  const now = deps.now ?? Date.now;
  const { store, dispatcher, log } = deps;
  const jobs = new Map<string, Cron>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  /** Fires the schedule for its scheduled instant `slotMs`, if this collector wins that instant's slot. */
  const fireOnce = async (schedule: SweepScheduleRecord, why: string, slotMs: number) => {
    const { scheduleId } = schedule;
    if (!(await deps.coordination.claimSlot(scheduleSlotJob(scheduleId), String(slotMs)))) {
      // Said, so that an operator (and the cluster test) can see every collector armed the schedule.
      log.info('scheduled sweep fired by another collector', { scheduleId, slotMs, why });
      return;
    }
    if (!(await store.listSweepSchedules()).some((stored) => stored.scheduleId === scheduleId)) {
      log.info('deleted sweep schedule not fired', { scheduleId });
      return;
    }
    const sweep = await dispatcher.start({
      ruleIds: schedule.ruleIds,
      scheduleId,
      audit: { actor: `schedule:${scheduleId}`, source: 'collector' },
    });
    log.info('scheduled sweep fired', { scheduleId, sweepId: sweep.sweepId, slotMs, why });
  };

  const fire = (schedule: SweepScheduleRecord, why: 'scheduled' | 'missed while down', slotMs: number) => {
    if (stopped) return;
    const firing = fireOnce(schedule, why, slotMs).catch((error: Error) =>
      log.error('scheduled sweep could not start', {
        scheduleId: schedule.scheduleId,
        error: error.message,
      }),
    );
    running.add(firing);
    void firing.finally(() => running.delete(firing));
  };

  const arm = (schedule: SweepScheduleRecord, cron: Cron) => {
    const options = {
      // One fire at a time per schedule: a slow store must not pile up sweeps.
      protect: true,
      // The jobs never keep the process alive on their own; the servers do.
      unref: true,
      ...(schedule.timezone ? { timezone: schedule.timezone } : {}),
    };
    // croner starts a run a little after its scheduled instant: the instant is the latest one not after now.
    const job = new Cron(schedule.cron, options, () =>
      fire(schedule, 'scheduled', previousFireMs(cron, now())),
    );
    jobs.set(schedule.scheduleId, job);
  };

  const timingOf = (schedule: SweepScheduleRecord) => parseSchedule(schedule.cron, schedule.timezone);

  /** Stored schedules this collector cannot read: said once, not at every reload. */
  const unreadable = new Set<string>();
  /** Arms a stored schedule; undefined when its expression cannot be read by this collector. */
  const armStored = (schedule: SweepScheduleRecord) => {
    const timing = timingOf(schedule);
    if (!timing.ok) {
      unreadable.add(schedule.scheduleId);
      // Stored by an older collector that read cron differently: say so, keep the row, skip the job.
      log.error('sweep schedule not armed', { scheduleId: schedule.scheduleId, problem: timing.problem });
      return undefined;
    }
    arm(schedule, timing.cron);
    return timing.cron;
  };

  let reloading: Promise<void> = Promise.resolve();
  let unsubscribe: (() => void) | undefined;

  const reload = () => {
    // One at a time: two notices in a row must not arm one schedule twice.
    reloading = reloading.then(async () => {
      if (stopped) return;
      const stored = await store.listSweepSchedules().catch((error: Error) => {
        log.error('cannot read the sweep schedules again', { error: error.message });
        return undefined;
      });
      if (!stored || stopped) return;
      const ids = new Set(stored.map((schedule) => schedule.scheduleId));
      for (const [scheduleId, job] of jobs) {
        if (ids.has(scheduleId)) continue;
        job.stop();
        jobs.delete(scheduleId);
      }
      for (const schedule of stored) {
        if (!jobs.has(schedule.scheduleId) && !unreadable.has(schedule.scheduleId)) armStored(schedule);
      }
    });
    return reloading;
  };

  return {
    async start() {
      // Listening first: a schedule added elsewhere while these are read is armed by the reload it causes.
      unsubscribe = deps.coordination.notices.subscribe((topic) => {
        if (topic === 'sweeps' || topic === 'resync') void reload();
      });
      for (const schedule of await store.listSweepSchedules()) {
        const cron = armStored(schedule);
        if (!cron) continue;
        const previousScheduledMs = previousFireMs(cron, now());
        const missed = missedFire({
          previousScheduledMs,
          lastFiredMs: schedule.lastFiredMs,
          createdAtMs: schedule.createdAtMs,
        });
        if (missed) fire(schedule, 'missed while down', previousScheduledMs);
      }
      log.info('sweep schedules armed', { schedules: jobs.size });
    },

    async add(request, audit) {
      const atMs = now();
      const schedule = await store.createSweepSchedule(
        { scheduleId: newScheduleId(atMs), createdAtMs: atMs, ...request },
        audit,
      );
      if (!stopped) armStored(schedule);
      deps.coordination.notices.publish('sweeps');
      return schedule;
    },

    async remove(scheduleId, audit) {
      // Stored first: if the store fails, the schedule still exists and keeps firing, as it says.
      const removed = await store.deleteSweepSchedule(scheduleId, audit, now());
      jobs.get(scheduleId)?.stop();
      jobs.delete(scheduleId);
      deps.coordination.notices.publish('sweeps');
      return removed;
    },

    reload,

    nextFireMs(schedule) {
      const timing = timingOf(schedule);
      return timing.ok ? nextFireMs(timing.cron, now()) : 0;
    },

    async stop() {
      stopped = true;
      unsubscribe?.();
      await reloading;
      for (const job of jobs.values()) job.stop();
      jobs.clear();
      await Promise.all([...running]);
    },
  };
}
