// Probe options that follow from the policy: the canary endpoints of canary-endpoints-unreachable, and the
// antivirus product definitions (built-in ones merged with antivirus-approved-installed's
// product_definitions). The sweep builds its probes with these, so a policy change reaches the probes with
// the next sweep.

import { BUILTIN_PRODUCT_DEFINITIONS } from '../../policies/antivirus/builtin-products';
import { mergeProductDefinitions } from '../../policies/antivirus/product-definition';
import type { Policy } from '../../policies/model';
import { approvedAntivirusParams, canaryEndpointsParams } from '../../policies/rule-params';
import type { ProbeOptions } from './index';

const CANARY_RULE = 'canary-endpoints-unreachable';
const APPROVED_ANTIVIRUS_RULE = 'antivirus-approved-installed';

export function probeOptionsFromPolicy(policy: Policy, base: ProbeOptions = {}): ProbeOptions {
  const rule = policy.rules.find((candidate) => candidate.id === CANARY_RULE);
  // Params were validated by the loader; parsing again gives the typed shape (and the defaults).
  const endpoints = rule ? canaryEndpointsParams.parse(rule.params).endpoints : [];
  const antivirusRule = policy.rules.find((candidate) => candidate.id === APPROVED_ANTIVIRUS_RULE);
  const fromPolicy = antivirusRule
    ? approvedAntivirusParams.parse(antivirusRule.params).product_definitions
    : [];
  return {
    ...base,
    canary: { ...base.canary, endpoints },
    antivirusProducts: mergeProductDefinitions(
      base.antivirusProducts ?? BUILTIN_PRODUCT_DEFINITIONS,
      fromPolicy,
    ),
  };
}
