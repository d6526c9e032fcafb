// Which rule ids and clauses an agent may report: the agent-judged rules of the policy the collector holds
// now (every rule but the collector's own, policies/rule-params.ts agentRuleIds), each with its clause as
// that policy gives it, plus the agent's notices about itself (policies/agent-notice-rules.ts). Anything
// else is refused alone, naming the rule id or the clause (agent-service.ts checkBatch), so fleet status and
// the inspection record never count a rule or a clause that is not in the policy.
//
// Policy changes. Only the policy held now counts, with no grace window for earlier ones: a finding made
// under the previous policy that arrives after a reload (an agent offline for a day, its outbox sent after
// the hello that brought it the new bundle) is refused when its rule was dropped or its clause moved, and
// taken when the rule stands as it was (almost always). Nothing is lost that matters: the agent marks the
// refused key unreported and its next sweep, made under the bundle it now holds, sends the verdict again
// (agent/reported-state.ts), so the key is judged again within one sweep interval; meanwhile the refusal
// stands as an `error` of that key. A grace window would have let the store take verdicts the current
// policy does not define, which is exactly what fleet status must not show.

import { AGENT_NOTICE_RULES } from '../policies/agent-notice-rules';
import type { Policy } from '../policies/model';
import { agentRuleIds } from '../policies/rule-params';

/** Clause of every rule an agent may report under `policy`, by rule id. Built once per loaded policy. */
const clausesByPolicy = new WeakMap<Policy, ReadonlyMap<string, string>>();

function agentClauses(policy: Policy): ReadonlyMap<string, string> {
  let clauses = clausesByPolicy.get(policy);
  if (clauses === undefined) {
    const agentRules = new Set(agentRuleIds(policy));
    clauses = new Map([
      ...AGENT_NOTICE_RULES,
      ...policy.rules
        .filter((rule) => agentRules.has(rule.id))
        .map((rule) => [rule.id, rule.clause] as const),
    ]);
    clausesByPolicy.set(policy, clauses);
  }
  return clauses;
}

/** Why a finding with this rule id and clause is not one an agent may report under `policy`; null if it is. */
export function agentRuleProblem(
  policy: Policy,
  finding: { ruleId: string; clause: string },
): { field: 'rule_id' | 'clause'; expected: string } | null {
  const clause = agentClauses(policy).get(finding.ruleId);
  if (clause === undefined)
    return {
      field: 'rule_id',
      expected: `"${finding.ruleId}" is not a rule agents judge in the collector's policy (${policy.name} ${policy.version})`,
    };
  if (clause !== finding.clause)
    return {
      field: 'clause',
      expected: `rule "${finding.ruleId}" is clause ${clause} in the collector's policy, got "${finding.clause}"`,
    };
  return null;
}

const policyClausesByPolicy = new WeakMap<Policy, ReadonlySet<string>>();

/**
 * Every clause a finding may stand under with `policy`: its rules' (the collector's own included) and the
 * agent's notices'. What fleet status and the inspection record may show; anything else was stored by an
 * older release, before the door refused it.
 */
export function policyClauses(policy: Policy): ReadonlySet<string> {
  let clauses = policyClausesByPolicy.get(policy);
  if (clauses === undefined) {
    clauses = new Set([...AGENT_NOTICE_RULES.values(), ...policy.rules.map((rule) => rule.clause)]);
    policyClausesByPolicy.set(policy, clauses);
  }
  return clauses;
}
