// One sweep: read the facts the policy's checks need, judge them. Probes do the I/O, checks are pure.
import type { UnsequencedFinding } from '../policies/model';
import type { ActivePolicy } from './active-policy';
import { evaluate, neededFacts } from './checks/engine';
import type { FactName, SocketEndpoint } from './facts';
import { probesFor, readFacts } from './probes';
import type { MachineRoot } from './probes/machine-root';
import type { Probe, ProbeSet } from './probes/probe';
import { probeOptionsFromPolicy } from './probes/probe-options';

export interface SweepOutcome {
  findings: UnsequencedFinding[];
  evaluatedRuleIds: Set<string>;
  startedAtMs: number;
  finishedAtMs: number;
}

export interface SweepOptions {
  sweepId: string;
  onlyRuleIds?: readonly string[];
  /** The collector's agent and enrolment endpoints (collector-endpoints.ts); none for a sweep without one. */
  collectorEndpoints?: readonly SocketEndpoint[];
  /**
   * Awaited after a probe has read and before its result is used: a test seam to hold a sweep that has
   * already read some fact (a full sweep that saw the USB bus before a stick appeared). Absent in service.
   */
  afterProbeRead?: (fact: FactName) => Promise<void>;
  /**
   * Called as a probe starts reading; what it resolves to (if anything) is called once the probe has read.
   * The radio watch's poll learns from it what the sweep saw (events/radio-watch-poll.ts).
   */
  bracketProbeRead?: (fact: FactName) => Promise<() => Promise<void>> | undefined;
}

export async function runSweep(
  root: MachineRoot,
  active: ActivePolicy,
  options: SweepOptions,
): Promise<SweepOutcome> {
  const startedAtMs = Date.now();
  // Probe options follow the policy (canary endpoints), so a new bundle reaches the probes at the next sweep.
  const chosen = probesFor(process.platform, probeOptionsFromPolicy(active.policy));
  const probes =
    options.afterProbeRead || options.bracketProbeRead
      ? wrappedProbes(chosen, options.bracketProbeRead, options.afterProbeRead)
      : chosen;
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
    collectorEndpoints: options.collectorEndpoints,
  });
  return {
    findings,
    evaluatedRuleIds: new Set(findings.map((finding) => finding.ruleId)),
    startedAtMs,
    finishedAtMs: Date.now(),
  };
}

/** The same probes, each read inside `bracket` and then waiting on `hold` before its answer is used. */
function wrappedProbes(
  probes: ProbeSet,
  bracket: SweepOptions['bracketProbeRead'],
  hold: SweepOptions['afterProbeRead'],
): ProbeSet {
  const wrapped = {} as Record<FactName, Probe<FactName>>;
  for (const [fact, probe] of Object.entries(probes) as Array<[FactName, Probe<FactName>]>) {
    wrapped[fact] = {
      fact,
      async read(root) {
        const read = await bracket?.(fact);
        const result = await probe.read(root);
        await read?.();
        await hold?.(fact);
        return result;
      },
    };
  }
  return wrapped as ProbeSet;
}
