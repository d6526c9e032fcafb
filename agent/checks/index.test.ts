// The registry, the pending list and the baseline must agree: every baseline rule judged by exactly one
// check or listed as pending, and nothing claimed that the baseline lacks.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baselinePolicyPath, formatPolicyProblems, parsePolicy } from '../../policies/load-policy';
import { renderReason } from '../../policies/messages/reason-catalogue';
import { COLLECTOR_RULE_IDS, KNOWN_RULE_IDS } from '../../policies/rule-params';
import { factsOfRule } from './check';
import { ALL_CHECKS } from './index';
import { PENDING_RULES } from './pending';

function baselineRuleIds(): string[] {
  const path = baselinePolicyPath();
  const result = parsePolicy(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw new Error(formatPolicyProblems(result.errors));
  return result.policy.rules.map((rule) => rule.id);
}

describe('the check registry', () => {
  const claims = ALL_CHECKS.flatMap((check) =>
    check.ruleIds.map((ruleId) => ({ ruleId, family: check.family })),
  );

  it('has no rule claimed by two checks, or both judged and pending', () => {
    const owners = new Map<string, string[]>();
    for (const { ruleId, family } of claims) owners.set(ruleId, [...(owners.get(ruleId) ?? []), family]);
    for (const ruleId of PENDING_RULES.keys()) owners.set(ruleId, [...(owners.get(ruleId) ?? []), 'pending']);
    expect([...owners].filter(([, families]) => families.length > 1)).toEqual([]);
  });

  it('covers every baseline rule with a check, a pending reason or the collector', () => {
    const covered = new Set([
      ...claims.map((claim) => claim.ruleId),
      ...PENDING_RULES.keys(),
      ...COLLECTOR_RULE_IDS,
    ]);
    expect(baselineRuleIds().filter((ruleId) => !covered.has(ruleId))).toEqual([]);
  });

  it('names no rule the baseline lacks, nor one the loader would refuse', () => {
    const baseline = new Set(baselineRuleIds());
    const claimed = [...claims.map((claim) => claim.ruleId), ...PENDING_RULES.keys()];
    expect(claimed.filter((ruleId) => !baseline.has(ruleId))).toEqual([]);
    expect(claimed.filter((ruleId) => !KNOWN_RULE_IDS.includes(ruleId))).toEqual([]);
    expect(claimed.filter((ruleId) => COLLECTOR_RULE_IDS.has(ruleId))).toEqual([]);
    expect(
      KNOWN_RULE_IDS.filter((ruleId) => !claimed.includes(ruleId) && !COLLECTOR_RULE_IDS.has(ruleId)),
    ).toEqual([]);
  });

  it('gives every pending rule a reason that says what it waits for', () => {
    for (const [ruleId, reason] of PENDING_RULES)
      expect(renderReason(reason, 'en', ''), ruleId).toMatch(/^not built yet: needs the .+ probe/);
  });

  it("declares per-rule facts only for its own rules, each within the family's needs, together all of them", () => {
    for (const check of ALL_CHECKS) {
      if (!check.ruleNeeds) continue;
      const declared = Object.entries(check.ruleNeeds);
      expect(declared.map(([ruleId]) => ruleId).filter((ruleId) => !check.ruleIds.includes(ruleId))).toEqual(
        [],
      );
      for (const [ruleId, facts] of declared) {
        expect(facts.length, `${check.family} ${ruleId}`).toBeGreaterThan(0);
        expect(
          facts.filter((fact) => !check.needs.includes(fact)),
          `${check.family} ${ruleId}`,
        ).toEqual([]);
      }
      // A fact in `needs` that no rule reads would be read by every sweep for nothing.
      const read = new Set(check.ruleIds.flatMap((ruleId) => factsOfRule(check, ruleId)));
      expect(
        check.needs.filter((fact) => !read.has(fact)),
        check.family,
      ).toEqual([]);
    }
  });

  it('has unique families', () => {
    const families = ALL_CHECKS.map((check) => check.family);
    expect(new Set(families).size).toBe(families.length);
  });
});
