// Probe options that follow from the policy: today the canary endpoints of canary-endpoints-unreachable.
// The sweep builds its probes with these, so a policy change reaches the probes with the next sweep.

import type { Policy } from '../../policies/model';
import { canaryEndpointsParams } from '../../policies/rule-params';
import type { ProbeOptions } from './index';

const CANARY_RULE = 'canary-endpoints-unreachable';

export function probeOptionsFromPolicy(policy: Policy, base: ProbeOptions = {}): ProbeOptions {
  const rule = policy.rules.find((candidate) => candidate.id === CANARY_RULE);
  // Params were validated by the loader; parsing again gives the typed shape (and the defaults).
  const endpoints = rule ? canaryEndpointsParams.parse(rule.params).endpoints : [];
  return { ...base, canary: { ...base.canary, endpoints } };
}
