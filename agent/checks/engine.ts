// Runs the checks over one sweep's facts and turns what they say into findings. The engine, not the checks,
// owns the guarantees every finding relies on:
//   - a fact a rule reads (check.ts factsOfRule) could not be read → `error` for that rule, naming the fact
//     and the probe's reason; the check still judges its other rules, given only those in context.rules
//     (no resolv.conf errors dns-servers-allowed, not proxy-allowed);
//   - a check that throws, names a rule it was not given, or stays silent on a rule → `error` for every rule
//     it was given (a bug is contained to its own rules and said out loud, never turned into a pass) — a
//     check that touches a fact the engine found unreadable throws, and is contained the same way;
//   - a rule no check judges yet → `not_applicable` with the reason from pending.ts;
//   - a rule this agent does not know at all (a newer policy) → `error`;
//   - a rule the collector judges across the fleet (policies/rule-params.ts) → nothing;
//   - every finding within the limits of proto/finding-limits.ts (long evidence summarised, never dropped);
//   - every reason a catalogue code with its parameters (reasonCode, reasonParams), its English rendering
//     kept as the finding's `reason` for logs and for readers that know no codes.
// Clause and severity come from the policy, so an administrator's change applies without a new agent.

import type { Reason } from '../../policies/messages/reason';
import { type CatalogueReason, reasonOf, renderReason } from '../../policies/messages/reason-catalogue';
import type { FindingStatus, LedgerSlice, Policy, Rule, UnsequencedFinding } from '../../policies/model';
import { COLLECTOR_RULE_IDS } from '../../policies/rule-params';
import { boundFinding, boundReasonCode } from '../../proto/finding-limits';
import type { FactName, Facts, SocketEndpoint } from '../facts';
import { type Check, type CheckOutcome, factsOfRule } from './check';
import { ALL_CHECKS } from './index';
import { PENDING_RULES } from './pending';

export interface EvaluateOptions {
  nowMs: number;
  sweepId: string;
  /** Judge only these rules (e.g. the USB rules after a hot-plug event); all rules when absent. */
  onlyRuleIds?: readonly string[];
  /** The collector's endpoints, for the checks that must tell the agent's own link apart (check.ts). */
  collectorEndpoints?: readonly SocketEndpoint[];
}

export interface EngineRegistry {
  checks: readonly Check[];
  pending: ReadonlyMap<string, CatalogueReason>;
}

/** What the engine turns into a finding: a check's outcome, or the engine's own word on a rule. */
interface Verdict {
  subject: string;
  status: FindingStatus;
  evidence: Record<string, unknown>;
  reason: Reason;
}

const DEFAULT_REGISTRY: EngineRegistry = { checks: ALL_CHECKS, pending: PENDING_RULES };

export function evaluate(
  facts: Facts,
  policy: Policy,
  ledger: LedgerSlice,
  options: EvaluateOptions,
  registry: EngineRegistry = DEFAULT_REGISTRY,
): UnsequencedFinding[] {
  const only = options.onlyRuleIds ? new Set(options.onlyRuleIds) : null;
  // Fleet rules (cross-use, silent agents) are the collector's to judge; an agent has nothing to say on them.
  const selected = policy.rules.filter(
    (rule) => !COLLECTOR_RULE_IDS.has(rule.id) && (only === null || only.has(rule.id)),
  );
  const ruleById = new Map(selected.map((rule) => [rule.id, rule]));
  const findings: UnsequencedFinding[] = [];
  const judged = new Set<string>();

  // Every finding leaves the engine within the wire's limits (proto/finding-limits.ts): a check that reads
  // thousands of sockets still yields its verdict and subject, with the evidence summarised.
  const emit = (rule: Rule, verdict: Verdict, observedAtMs: number) => {
    // Parameters quote what a device or the system says (a serial, a probe's error): bounded and written out
    // as the door takes them first, so the English text below says exactly what the parameters say.
    const coded = boundReasonCode(verdict.reason.code, verdict.reason.params);
    const reasonParams = coded.reasonParams ?? {};
    const english = renderReason(
      { code: verdict.reason.code, params: reasonParams },
      'en',
      verdict.reason.code,
    );
    const bounded = boundFinding({ ...verdict, reason: english });
    findings.push({
      ruleId: rule.id,
      clause: rule.clause,
      subject: bounded.subject,
      status: verdict.status,
      severity: rule.severity,
      evidence: bounded.evidence,
      reason: bounded.reason,
      reasonCode: verdict.reason.code,
      reasonParams,
      observedAtMs,
      sweepId: options.sweepId,
    });
  };

  for (const check of registry.checks) {
    const rules = check.ruleIds.flatMap((ruleId) => ruleById.get(ruleId) ?? []);
    if (rules.length === 0) continue;
    for (const rule of rules) judged.add(rule.id);

    // Each rule stands on its own facts: one that cannot be read errors the rules that read it, no others.
    const judgeable: Rule[] = [];
    const observedAt = new Map<string, number>();
    for (const rule of rules) {
      const own = factsOfRule(check, rule.id);
      const observedAtMs = Math.max(...own.map((name) => facts[name].observedAtMs), 0) || options.nowMs;
      observedAt.set(rule.id, observedAtMs);
      const unreadable = unreadableFacts(facts, own);
      if (unreadable.length === 0) {
        judgeable.push(rule);
        continue;
      }
      emit(
        rule,
        { subject: '', status: 'error', evidence: { unreadable }, reason: unreadableReason(unreadable) },
        observedAtMs,
      );
    }
    if (judgeable.length === 0) continue;

    const outcome = runCheck(check, facts, judgeable, ledger, options);
    if (!outcome.ok) {
      for (const rule of judgeable) {
        emit(
          rule,
          { subject: '', status: 'error', evidence: { check: check.family }, reason: outcome.reason },
          observedAt.get(rule.id)!,
        );
      }
      continue;
    }
    for (const result of outcome.outcomes)
      emit(ruleById.get(result.ruleId)!, result, observedAt.get(result.ruleId)!);
  }

  for (const rule of selected) {
    if (judged.has(rule.id)) continue;
    const pendingReason = registry.pending.get(rule.id);
    emit(
      rule,
      pendingReason === undefined
        ? {
            subject: '',
            status: 'error',
            evidence: {},
            reason: reasonOf('engine.no-check', { rule: rule.id }),
          }
        : { subject: '', status: 'not_applicable', evidence: {}, reason: pendingReason },
      options.nowMs,
    );
  }

  // Policy order, so that reports and tests read the same way every sweep.
  const order = new Map(selected.map((rule, index) => [rule.id, index]));
  return findings.sort((a, b) => order.get(a.ruleId)! - order.get(b.ruleId)!);
}

/** One fact unread names it, its source and the probe's words; several are listed in one parameter. */
function unreadableReason(unreadable: ReturnType<typeof unreadableFacts>): CatalogueReason {
  const [only] = unreadable;
  if (unreadable.length === 1 && only)
    return reasonOf('engine.fact-unreadable', { fact: only.name, source: only.source, detail: only.reason });
  return reasonOf('engine.facts-unreadable', {
    facts: unreadable.map((fact) => `${fact.name} (${fact.source}): ${fact.reason}`).join('; '),
  });
}

function unreadableFacts(facts: Facts, names: readonly FactName[]) {
  return names.flatMap((name) => {
    const fact = facts[name];
    return fact.ok ? [] : [{ name, reason: fact.reason, source: fact.source }];
  });
}

function runCheck(
  check: Check,
  facts: Facts,
  rules: readonly Rule[],
  ledger: LedgerSlice,
  options: EvaluateOptions,
): { ok: true; outcomes: CheckOutcome[] } | { ok: false; reason: CatalogueReason } {
  let outcomes: CheckOutcome[];
  try {
    outcomes = check.judge(facts, {
      rules: new Map(rules.map((rule) => [rule.id, rule])),
      ledger,
      nowMs: options.nowMs,
      collectorEndpoints: options.collectorEndpoints ?? [],
    });
  } catch (error) {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { ok: false, reason: reasonOf('engine.check-failed', { check: check.family, detail: message }) };
  }
  const given = new Set(rules.map((rule) => rule.id));
  const stray = outcomes.find((outcome) => !given.has(outcome.ruleId));
  if (stray)
    return {
      ok: false,
      reason: reasonOf('engine.check-stray-rule', { check: check.family, rule: stray.ruleId }),
    };
  const silent = rules.find((rule) => !outcomes.some((outcome) => outcome.ruleId === rule.id));
  if (silent)
    return {
      ok: false,
      reason: reasonOf('engine.check-silent', { check: check.family, rule: silent.id }),
    };
  return { ok: true, outcomes };
}

/**
 * The facts a sweep must read for this policy: all those (`needs`) of every check with at least one rule in
 * it. The whole family's, not only its rules' own: what a check may read stays one list to keep right.
 */
export function neededFacts(policy: Policy, checks: readonly Check[] = ALL_CHECKS): FactName[] {
  const ruleIds = new Set(policy.rules.map((rule) => rule.id));
  const needed = new Set<FactName>();
  for (const check of checks) {
    if (check.ruleIds.some((ruleId) => ruleIds.has(ruleId))) for (const name of check.needs) needed.add(name);
  }
  return [...needed].sort();
}
