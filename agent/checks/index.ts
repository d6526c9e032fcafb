// Every check the agent runs. A rule of the policy is judged by exactly one check here, or is listed in
// pending.ts; index.test.ts fails when the two and the baseline disagree.

import { antivirusCheck } from './antivirus';
import type { Check } from './check';
import { networkEgressCheck } from './network-egress';
import { removableMediaCheck } from './removable-media';
import { wirelessRadiosCheck } from './wireless-radios';
import { wirelessReceiversCheck } from './wireless-receivers';

export const ALL_CHECKS: readonly Check[] = [
  wirelessRadiosCheck,
  wirelessReceiversCheck,
  removableMediaCheck,
  networkEgressCheck,
  antivirusCheck,
];
