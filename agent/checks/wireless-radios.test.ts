import { describe, expect, it } from 'vitest';
import type { RadioFact } from '../facts';
import { contextFor, makeFacts, radioFacts, ruleFor } from './facts-for-tests';
import { wirelessRadiosCheck } from './wireless-radios';

const RULES = [
  'wifi-radio-absent',
  'bluetooth-controller-absent',
  'wwan-modem-absent',
  'other-radio-absent',
].map((id) => ruleFor(id));

function radio(overrides: Partial<RadioFact>): RadioFact {
  return {
    kind: 'wifi',
    name: 'phy0',
    interfaces: ['wlp2s0'],
    driver: 'iwlwifi',
    bus: 'pci',
    devicePath: '/sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0',
    vendorId: '8086',
    productId: '2723',
    rfkill: { soft: false, hard: false },
    ...overrides,
  };
}

describe('wireless radios (3.7.8)', () => {
  it('passes every rule when no radio is present, naming the sources read', () => {
    const outcomes = wirelessRadiosCheck.judge(makeFacts({ radios: radioFacts([]) }), contextFor(RULES));
    expect(outcomes.map((outcome) => [outcome.ruleId, outcome.status, outcome.subject])).toEqual(
      RULES.map((rule) => [rule.id, 'pass', '']),
    );
    expect(outcomes[0]!.evidence.sourcesRead).toContain('/sys/class/rfkill');
  });

  it('fails each present radio under its own rule, with its hardware as evidence', () => {
    const facts = makeFacts({
      radios: radioFacts([
        radio({}),
        radio({ kind: 'bluetooth', name: 'hci0', interfaces: [], driver: 'btusb', bus: 'usb' }),
        radio({ kind: 'wwan', name: 'wwan0', driver: 'mhi_wwan_ctrl' }),
      ]),
    });
    const outcomes = wirelessRadiosCheck.judge(facts, contextFor(RULES));
    const byRule = new Map(outcomes.map((outcome) => [outcome.ruleId, outcome]));
    expect(byRule.get('wifi-radio-absent')).toMatchObject({
      subject: 'phy0',
      status: 'fail',
      evidence: {
        driver: 'iwlwifi',
        bus: 'pci',
        interfaces: ['wlp2s0'],
        vendorId: '8086',
        productId: '2723',
      },
    });
    expect(byRule.get('bluetooth-controller-absent')).toMatchObject({ subject: 'hci0', status: 'fail' });
    expect(byRule.get('wwan-modem-absent')).toMatchObject({ subject: 'wwan0', status: 'fail' });
    expect(byRule.get('other-radio-absent')).toMatchObject({ subject: '', status: 'pass' });
  });

  it('fails a radio that rfkill has switched off, and says so', () => {
    const facts = makeFacts({
      radios: radioFacts([
        radio({ rfkill: { soft: true, hard: false } }),
        radio({ name: 'phy1', rfkill: { soft: false, hard: true } }),
      ]),
    });
    const outcomes = wirelessRadiosCheck.judge(facts, contextFor([ruleFor('wifi-radio-absent')]));
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([
      ['phy0', 'fail'],
      ['phy1', 'fail'],
    ]);
    expect(outcomes[0]!.reason).toContain('software rfkill');
    expect(outcomes[1]!.reason).toContain('hardware rfkill');
    expect(outcomes[0]!.evidence.rfkill).toEqual({ soft: true, hard: false });
  });

  it('fails a virtual radio too (mac80211_hwsim has no device path)', () => {
    const facts = makeFacts({
      radios: radioFacts([
        radio({ bus: 'virtual', devicePath: null, driver: 'mac80211_hwsim', rfkill: null }),
      ]),
    });
    const [outcome] = wirelessRadiosCheck.judge(facts, contextFor([ruleFor('wifi-radio-absent')]));
    expect(outcome).toMatchObject({ status: 'fail', evidence: { bus: 'virtual', devicePath: null } });
  });

  it('judges only the rules the policy has', () => {
    const outcomes = wirelessRadiosCheck.judge(
      makeFacts({ radios: radioFacts([radio({})]) }),
      contextFor([ruleFor('bluetooth-controller-absent')]),
    );
    expect(outcomes.map((outcome) => outcome.ruleId)).toEqual(['bluetooth-controller-absent']);
  });
});
