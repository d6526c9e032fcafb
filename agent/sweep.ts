// One sweep: read the facts the policy's checks need, judge them. Probes do the I/O, checks are pure.
import type { UnsequencedFinding } from '../policies/model';
import type { ActivePolicy } from './active-policy';
import { evaluate, neededFacts } from './checks/engine';
import { readFacts } from './probes';
import type { MachineRoot } from './probes/machine-root';

export interface SweepOutcome {
  findings: UnsequencedFinding[];
  evaluatedRuleIds: Set<string>;
  startedAtMs: number;
  finishedAtMs: number;
}

export async function runSweep(
  root: MachineRoot,
  active: ActivePolicy,
  options: { sweepId: string; onlyRuleIds?: readonly string[] },
): Promise<SweepOutcome> {
  const startedAtMs = Date.now();
  const facts = await readFacts(root, neededFacts(active.policy));
  const findings = evaluate(facts, active.policy, active.ledger, {
    nowMs: Date.now(),
    sweepId: options.sweepId,
    onlyRuleIds: options.onlyRuleIds,
  });
  return {
    findings,
    evaluatedRuleIds: new Set(findings.map((finding) => finding.ruleId)),
    startedAtMs,
    finishedAtMs: Date.now(),
  };
}
