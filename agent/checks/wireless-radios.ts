// 3.7.8: wireless networking hardware must be removed. A radio that is present fails even when rfkill has
// switched it off: switched off is not removed, and a soft block is one command away from undone.

import type { RadioFact, RadioKind } from '../facts';
import type { Check, CheckOutcome } from './check';

const RULE_BY_KIND: Record<RadioKind, string> = {
  wifi: 'wifi-radio-absent',
  bluetooth: 'bluetooth-controller-absent',
  wwan: 'wwan-modem-absent',
  other: 'other-radio-absent',
};

function describeRfkill(radio: RadioFact): string {
  if (radio.rfkill === null) return 'no rfkill switch';
  if (radio.rfkill.hard) return 'switched off by hardware rfkill, but still present';
  if (radio.rfkill.soft) return 'switched off by software rfkill, but still present';
  return 'switched on';
}

export const wirelessRadiosCheck: Check = {
  family: 'wireless-radios',
  ruleIds: Object.values(RULE_BY_KIND),
  needs: ['radios'],
  judge(facts, context) {
    if (!facts.radios.ok) throw new Error('engine ran wireless-radios without radio facts');
    const { radios, sources } = facts.radios.facts;
    const outcomes: CheckOutcome[] = [];
    for (const [kind, ruleId] of Object.entries(RULE_BY_KIND) as [RadioKind, string][]) {
      if (!context.rules.has(ruleId)) continue;
      const present = radios.filter((radio) => radio.kind === kind);
      if (present.length === 0) {
        outcomes.push({
          ruleId,
          subject: '',
          status: 'pass',
          evidence: { sourcesRead: sources },
          reason: '',
        });
        continue;
      }
      for (const radio of present) {
        outcomes.push({
          ruleId,
          subject: radio.name,
          status: 'fail',
          evidence: {
            kind: radio.kind,
            driver: radio.driver,
            bus: radio.bus,
            devicePath: radio.devicePath,
            vendorId: radio.vendorId,
            productId: radio.productId,
            rfkill: radio.rfkill,
            interfaces: radio.interfaces,
          },
          reason: `${kind} radio ${radio.name} (driver ${radio.driver ?? 'unknown'}, bus ${radio.bus ?? 'unknown'}) is present: ${describeRfkill(radio)}`,
        });
      }
    }
    return outcomes;
  },
};
