// Which rules an area of the machine affects, derived from what each check says it needs, so that a new
// check that reads USB facts is swept on hot-plug without anyone keeping a list here.
import type { Policy } from '../../policies/model';
import type { Check } from '../checks/check';
import { ALL_CHECKS } from '../checks/index';
import type { FactName } from '../facts';
import type { WatchArea } from './watch-event';

export const FACTS_BY_AREA: Readonly<Record<WatchArea, readonly FactName[]>> = {
  usb: ['usb', 'usbHistory'],
  // A radio brings a network interface with it (wlan0, wwan0): a network change may be a new radio.
  network: ['network', 'interfaces', 'dns', 'proxies', 'radios'],
  // A phy, hci, rfkill switch or WWAN modem came, went or changed state: the rules that judge radios.
  radio: ['radios'],
};

/**
 * Facts the first, immediate sweep of a burst may read: for USB the device's own descriptors, which are
 * in sysfs the moment it appears, so a stick is judged at once (its block device comes ~1 s later, and the
 * radio checks read PCI and run second-opinion tools — 0.7–0.9 s of a sweep in an emulated guest). The
 * settled sweep that always follows a USB burst judges every affected rule. null: no such restriction.
 */
export const IMMEDIATE_FACTS: Readonly<Record<WatchArea, readonly FactName[] | null>> = {
  usb: ['usb'],
  network: null,
  // The radio facts are in sysfs when the event comes (the kernel sends a uevent after the entry exists).
  radio: null,
};

/** Rule ids of the policy judged by a check that needs any fact of `area`, in policy order. */
export function affectedRuleIds(
  area: WatchArea,
  policy: Policy,
  checks: readonly Check[] = ALL_CHECKS,
  phase: 'first' | 'settled' = 'settled',
): string[] {
  const facts = new Set(FACTS_BY_AREA[area]);
  const immediate = phase === 'first' ? IMMEDIATE_FACTS[area] : null;
  const judged = new Set(
    checks
      .filter((check) => check.needs.some((name) => facts.has(name)))
      .filter((check) => immediate === null || check.needs.every((name) => immediate.includes(name)))
      .flatMap((check) => check.ruleIds),
  );
  return policy.rules.filter((rule) => judged.has(rule.id)).map((rule) => rule.id);
}
