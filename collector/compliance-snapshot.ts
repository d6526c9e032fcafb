// The fleet's compliance as it stands now, as one day's row of the trend: the counts GetFleetStatus reads
// (store.fleetCounts, clauses limited to the policy's own as fleet status shows them) and the devices the
// silent-agent rule stands failed on. Used by the job that writes the day's row and by GetComplianceTrend
// for today, so a stored day and today's live figure are counted the same way.
import { policyClauses } from './agent-judged-rules';
import type { PolicySource } from './policy-source';
import type { ComplianceDayRecord, Store } from './store/store';
import { silenceRule } from './sweeps/silence-judgement';

export type SnapshotStore = Pick<Store, 'fleetCounts' | 'failingDevicesOfRule'>;

export async function complianceSnapshot(
  deps: { store: SnapshotStore; policy: PolicySource },
  day: string,
  atMs: number,
): Promise<ComplianceDayRecord> {
  const { policy } = deps.policy.current();
  const silence = silenceRule(policy);
  const [counts, silent] = await Promise.all([
    deps.store.fleetCounts(),
    // A policy without the rule judges no silence: nobody is counted silent.
    silence === null
      ? Promise.resolve(0)
      : deps.store.failingDevicesOfRule({ ruleId: silence.rule.id, clause: silence.rule.clause }),
  ]);
  const clauses = policyClauses(policy);
  return {
    day,
    devices: counts.devices,
    compliant: counts.compliant,
    failing: counts.failing,
    notJudged: counts.notJudged,
    neverSeen: counts.neverSeen,
    silent,
    byClause: counts.byClause.filter(({ clause }) => clauses.has(clause)),
    recordedAtMs: atMs,
  };
}
