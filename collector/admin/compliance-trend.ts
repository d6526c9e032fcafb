// The fleet's compliance day by day (the console's 总览 trend): the last `days` days ending today in the
// collector's time zone. Past days are the rows the trend job wrote (compliance-trend-job.ts), each the
// fleet as it stood at that day's last write; days the collector did not run are absent, never filled in.
// Today is counted now, the same way the job counts it (compliance-snapshot.ts). Read-only, so nothing to
// audit beyond the call itself (authorization.ts).
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { ComplianceDay } from '../../proto/generated/shoumi/v1/ComplianceDay';
import { complianceSnapshot } from '../compliance-snapshot';
import { hostTimeZone } from '../console/console-time';
import type { ComplianceDayRecord } from '../store/store';
import { addDays, dayIn } from '../zone-days';
import { AdminInputError, type AdminServiceDeps, answer } from './admin-call';

export const DEFAULT_TREND_DAYS = 30;
export const MAX_TREND_DAYS = 400;

/** 0 asks for the default; more than the maximum is refused, not cut short without saying so. */
export function trendDays(requested: number): number {
  if (!Number.isInteger(requested) || requested < 0)
    throw new AdminInputError(`days ${requested} is not a whole number of days`);
  if (requested === 0) return DEFAULT_TREND_DAYS;
  if (requested > MAX_TREND_DAYS)
    throw new AdminInputError(
      `days ${requested} is more than the ${MAX_TREND_DAYS} the trend keeps answering`,
    );
  return requested;
}

export function complianceDayToWire(record: ComplianceDayRecord): ComplianceDay {
  return {
    day: record.day,
    devices: record.devices,
    compliant: record.compliant,
    failing: record.failing,
    notYetJudged: record.notJudged,
    neverSeen: record.neverSeen,
    silent: record.silent,
    byClause: record.byClause.map(({ clause, failingDevices, failingFindings }) => ({
      clause,
      failingDevices,
      failingFindings,
    })),
    recordedAtMs: record.recordedAtMs,
  };
}

type ComplianceTrendHandlers = Pick<AdminServiceHandlers, 'GetComplianceTrend'>;

export function complianceTrendHandlers(deps: AdminServiceDeps): ComplianceTrendHandlers {
  const now = deps.now ?? Date.now;
  const timeZone = deps.timeZone ?? hostTimeZone();
  return {
    GetComplianceTrend(call, callback) {
      answer(
        deps.log,
        'GetComplianceTrend',
        async () => {
          const days = trendDays(call.request.days);
          const atMs = now();
          const today = dayIn(atMs, timeZone);
          const past =
            days > 1 ? await deps.store.complianceDays(addDays(today, -(days - 1)), addDays(today, -1)) : [];
          const current = await complianceSnapshot(deps, today, atMs);
          return { days: [...past, current].map(complianceDayToWire), timeZone };
        },
        callback,
      );
    },
  };
}
