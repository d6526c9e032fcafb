// Fleet-wide sweep use cases: run now, look at coverage, schedule with cron, unschedule.
// Each: validate (rule ids against the policy in force, cron and time zone with croner) → change and audit
// in one store transaction (collector/sweeps/ does the pushing) → answer.

import { agentRuleIds } from '../../policies/rule-params';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { SweepSchedule } from '../../proto/generated/shoumi/v1/SweepSchedule';
import type { SweepStatus } from '../../proto/generated/shoumi/v1/SweepStatus';
import type { SweepRecord, SweepScheduleRecord, SweepTargetRecord } from '../store/store';
import type { SweepControl } from '../sweeps/fleet-sweeps';
import { parseSchedule } from '../sweeps/schedule-timing';
import { coverageOf } from '../sweeps/sweep-coverage';
import {
  AdminInputError,
  AdminNotFoundError,
  type AdminServiceDeps,
  answer,
  auditContextOf,
  pageLimit,
} from './admin-call';

const DEFAULT_LIST = 20;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function sweepStatusToWire(
  sweep: SweepRecord,
  targets: readonly SweepTargetRecord[] = [],
): SweepStatus {
  const coverage = coverageOf(sweep.counts);
  return {
    sweepId: sweep.sweepId,
    createdAtMs: sweep.createdAtMs,
    requestedBy: sweep.requestedBy,
    scheduleId: sweep.scheduleId,
    ruleIds: sweep.ruleIds,
    targets: coverage.targets,
    answered: coverage.answered,
    failed: coverage.failed,
    offline: coverage.offline,
    waiting: coverage.waiting,
    completedAtMs: sweep.completedAtMs,
    targetList: targets.map((target) => ({ ...target })),
  };
}

function scheduleToWire(schedule: SweepScheduleRecord, nextFireMs: number): SweepSchedule {
  return { ...schedule, nextFireMs };
}

/** The rule ids as given, each one a rule of the policy in force that agents judge. */
function checkedRuleIds(deps: AdminServiceDeps, field: string, ruleIds: readonly string[]): string[] {
  const known = new Set(agentRuleIds(deps.policy.current().policy));
  const unknown = ruleIds.filter((ruleId) => !known.has(ruleId));
  if (unknown.length > 0) {
    throw new AdminInputError(
      `${field}: ${unknown.map((ruleId) => `"${ruleId}"`).join(', ')} is not a rule agents judge in policy ` +
        `${deps.policy.current().version}`,
    );
  }
  return [...new Set(ruleIds)];
}

function sweepsOf(deps: AdminServiceDeps): SweepControl {
  if (!deps.sweeps) throw new Error('this collector runs no sweeps');
  return deps.sweeps;
}

function checkedId(field: string, id: string): string {
  if (!ID_PATTERN.test(id))
    throw new AdminInputError(`${field}: expected an id such as sw-20260314T093000.123Z-3f9a2c, got "${id}"`);
  return id;
}

export function sweepHandlers(
  deps: AdminServiceDeps,
): Pick<
  AdminServiceHandlers,
  'RunSweep' | 'GetSweep' | 'ListSweeps' | 'ScheduleSweep' | 'ListSweepSchedules' | 'DeleteSweepSchedule'
> {
  const { store, log } = deps;
  return {
    RunSweep(call, callback) {
      answer(
        log,
        'RunSweep',
        async () => {
          const ruleIds = checkedRuleIds(deps, 'rule_ids', call.request.ruleIds);
          const sweep = await sweepsOf(deps).run({ ruleIds, audit: auditContextOf(call) });
          return sweepStatusToWire(sweep);
        },
        callback,
      );
    },
    GetSweep(call, callback) {
      answer(
        log,
        'GetSweep',
        async () => {
          const sweepId = checkedId('sweep_id', call.request.sweepId);
          const found = await store.getSweep(sweepId, { countsOnly: call.request.countsOnly });
          if (!found) throw new AdminNotFoundError(`no sweep ${sweepId}`);
          return sweepStatusToWire(found.sweep, found.targets);
        },
        callback,
      );
    },
    ListSweeps(call, callback) {
      answer(
        log,
        'ListSweeps',
        async () => {
          const sweeps = await store.listSweeps({ limit: pageLimit(call.request.limit, DEFAULT_LIST) });
          return { sweeps: sweeps.map((sweep) => sweepStatusToWire(sweep)) };
        },
        callback,
      );
    },
    ScheduleSweep(call, callback) {
      answer(
        log,
        'ScheduleSweep',
        async () => {
          const cron = call.request.cron.trim();
          const timezone = call.request.timezone.trim();
          const timing = parseSchedule(cron, timezone);
          if (!timing.ok) throw new AdminInputError(timing.problem);
          const ruleIds = checkedRuleIds(deps, 'rule_ids', call.request.ruleIds);
          const control = sweepsOf(deps);
          const schedule = await control.schedule({ cron, timezone, ruleIds }, auditContextOf(call));
          return scheduleToWire(schedule, control.nextFireMs(schedule));
        },
        callback,
      );
    },
    ListSweepSchedules(_call, callback) {
      answer(
        log,
        'ListSweepSchedules',
        async () => {
          const control = sweepsOf(deps);
          const schedules = await store.listSweepSchedules();
          return {
            schedules: schedules.map((schedule) => scheduleToWire(schedule, control.nextFireMs(schedule))),
          };
        },
        callback,
      );
    },
    DeleteSweepSchedule(call, callback) {
      answer(
        log,
        'DeleteSweepSchedule',
        async () => {
          const scheduleId = checkedId('schedule_id', call.request.scheduleId);
          const removed = await sweepsOf(deps).unschedule(scheduleId, auditContextOf(call));
          if (!removed) throw new AdminNotFoundError(`no sweep schedule ${scheduleId}`);
          return scheduleToWire(removed, 0);
        },
        callback,
      );
    },
  };
}
