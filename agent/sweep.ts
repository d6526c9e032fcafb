// One sweep: read the facts the policy's checks need, judge them. Probes do the I/O, checks are pure.
import type { UnsequencedFinding } from '../policies/model';
import type { ActivePolicy } from './active-policy';
import { evaluate, neededFacts } from './checks/engine';
import { probesFor, readFacts } from './probes';
import type { MachineRoot } from './probes/machine-root';
import { probeOptionsFromPolicy } from './probes/probe-options';

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
  // Probe options follow the policy (canary endpoints), so a new bundle reaches the probes at the next sweep.
  const probes = probesFor(process.platform, probeOptionsFromPolicy(active.policy));
  // A sweep for some rules (a hot-plug event) reads only the facts those rules need: reading everything
  // would put the slowest probe of the whole policy between a USB stick and its finding.
  const only = options.onlyRuleIds ? new Set(options.onlyRuleIds) : null;
  const judged = only
    ? { ...active.policy, rules: active.policy.rules.filter((rule) => only.has(rule.id)) }
    : active.policy;
  const facts = await readFacts(root, neededFacts(judged), probes);
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
