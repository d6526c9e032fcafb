// Which rules an area of the machine affects, derived from what each check says it needs, so that a new
// check that reads USB facts is swept on hot-plug without anyone keeping a list here.
import type { Policy } from '../../policies/model';
import type { Check } from '../checks/check';
import { ALL_CHECKS } from '../checks/index';
import type { FactName } from '../facts';
import type { WatchArea } from './watch-event';

export const FACTS_BY_AREA: Readonly<Record<WatchArea, readonly FactName[]>> = {
  usb: ['usb', 'usbHistory'],
  network: ['network', 'interfaces', 'dns', 'proxies'],
};

/** Rule ids of the policy judged by a check that needs any fact of `area`, in policy order. */
export function affectedRuleIds(
  area: WatchArea,
  policy: Policy,
  checks: readonly Check[] = ALL_CHECKS,
): string[] {
  const facts = new Set(FACTS_BY_AREA[area]);
  const judged = new Set(
    checks.filter((check) => check.needs.some((name) => facts.has(name))).flatMap((check) => check.ruleIds),
  );
  return policy.rules.filter((rule) => judged.has(rule.id)).map((rule) => rule.id);
}
