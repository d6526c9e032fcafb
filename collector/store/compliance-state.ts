// Where a device stands, as fleet status and the device listings say it: compliance is claimed only on
// evidence. A device is compliant only when it has a current verdict (any status; not_applicable counts as
// judged) for every rule it must be judged on — the agent-judged rules of the policy in force — and none of
// its current findings fails or errors. The store keeps the fleet-wide counts of the same rule in SQL
// (sqlite/migrations.ts, schema 7: fleet_summary.not_judged); this is the rule for one device.
import type { FindingStatus } from '../../policies/model';

export const COMPLIANCE_STATES = ['compliant', 'failing', 'not_judged', 'never_seen'] as const;
/**
 * failing: at least one current fail or error (whatever else is known); never_seen: a ledger entry whose
 * agent never connected; not_judged (未完成检查): seen, nothing failing, but some required rule has no
 * current verdict yet — or the store has not been told which rules are required; compliant: the rest.
 */
export type ComplianceState = (typeof COMPLIANCE_STATES)[number];

export interface DeviceJudgement {
  state: ComplianceState;
  /** Required rules this device has no current verdict for. */
  rulesWithoutVerdict: number;
}

export function deviceJudgement(
  device: { lastSeenMs: number; counts: Record<FindingStatus, number>; judgedRules: number },
  requiredRules: number,
): DeviceJudgement {
  const rulesWithoutVerdict = Math.max(0, requiredRules - device.judgedRules);
  const state: ComplianceState =
    device.counts.fail + device.counts.error > 0
      ? 'failing'
      : device.lastSeenMs === 0
        ? 'never_seen'
        : requiredRules === 0 || rulesWithoutVerdict > 0
          ? 'not_judged'
          : 'compliant';
  return { state, rulesWithoutVerdict };
}
