// 3.7.4: canary-endpoints-unreachable — the endpoints the policy lists (public hosts a site chooses) must
// not be reachable by TCP. One finding per listed endpoint: reached → fail, not reached → pass (with the
// error as evidence), no result → error (the probe was built from another policy version). An empty list
// means the site has not switched the rule on: not_applicable, never pass.

import { reasonOf } from '../../policies/messages/reason-catalogue';
import { canaryEndpointsParams } from '../../policies/rule-params';
import type { Check, CheckOutcome } from './check';

const CANARY = 'canary-endpoints-unreachable';

function endpointText(endpoint: { host: string; port: number }): string {
  return `${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}`;
}

export const canaryCheck: Check = {
  family: 'canary',
  ruleIds: [CANARY],
  needs: ['canary'],
  judge(facts, context) {
    if (!facts.canary.ok) throw new Error('engine ran canary without canary facts');
    const rule = context.rules.get(CANARY);
    if (!rule) return [];
    const { endpoints } = canaryEndpointsParams.parse(rule.params);
    if (endpoints.length === 0) {
      return [
        {
          ruleId: CANARY,
          subject: '',
          status: 'not_applicable',
          evidence: {},
          reason: reasonOf('canary.none-listed', {}),
        },
      ];
    }
    const results = new Map(facts.canary.facts.results.map((result) => [result.endpoint, result]));
    return endpoints.map((endpoint): CheckOutcome => {
      const subject = endpointText(endpoint);
      const result = results.get(subject);
      if (!result) {
        return {
          ruleId: CANARY,
          subject,
          status: 'error',
          evidence: { endpoint },
          reason: reasonOf('canary.not-tried', { endpoint: subject }),
        };
      }
      return result.reachable
        ? {
            ruleId: CANARY,
            subject,
            status: 'fail',
            evidence: { result },
            reason: reasonOf('canary.reached', { endpoint: subject, ms: String(result.elapsedMs) }),
          }
        : {
            ruleId: CANARY,
            subject,
            status: 'pass',
            evidence: { result },
            reason: reasonOf('canary.not-reached', {
              endpoint: subject,
              detail: result.error ?? 'no connection',
            }),
          };
    });
  },
};
