// The policy in force, for people: ListRules answers every rule, one rule, or every rule of a clause, with
// its texts in both languages and its parameters. Read-only; the call itself is recorded by authorization.ts.
import type { Rule } from '../../policies/model';
import { severityToWire } from '../../proto/convert';
import type { AdminServiceHandlers } from '../../proto/generated/shoumi/v1/AdminService';
import type { PolicyRule } from '../../proto/generated/shoumi/v1/PolicyRule';
import { type AdminServiceDeps, answer } from './admin-call';

export function policyRuleToWire(rule: Rule): PolicyRule {
  return {
    ruleId: rule.id,
    clause: rule.clause,
    severity: severityToWire(rule.severity),
    title: { zh: rule.title.zh, en: rule.title.en },
    rationale: { zh: rule.rationale.zh, en: rule.rationale.en },
    remediation: { zh: rule.remediation.zh, en: rule.remediation.en },
    paramsJson: JSON.stringify(rule.params ?? {}),
  };
}

export function ruleHandlers(deps: AdminServiceDeps): Pick<AdminServiceHandlers, 'ListRules'> {
  return {
    ListRules(call, callback) {
      answer(
        deps.log,
        'ListRules',
        async () => {
          const { policy } = deps.policy.current();
          const { ruleId, clause } = call.request;
          // An unknown id or clause is an empty answer, not an error: shoumictl says what the policy holds.
          const rules = policy.rules.filter(
            (rule) => (ruleId === '' || rule.id === ruleId) && (clause === '' || rule.clause === clause),
          );
          return {
            policyName: policy.name,
            policyVersion: policy.version,
            rules: rules.map(policyRuleToWire),
          };
        },
        callback,
      );
    },
  };
}
