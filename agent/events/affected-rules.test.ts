import { describe, expect, it } from 'vitest';
import { loadBaselinePolicy } from '../../policies/load-policy';
import type { Check } from '../checks/check';
import { affectedRuleIds } from './affected-rules';

describe('affectedRuleIds', () => {
  it('takes the USB and network rules of the baseline from what the checks need', async () => {
    const loaded = await loadBaselinePolicy();
    if (!loaded.ok) throw new Error('baseline policy does not load');
    const usb = affectedRuleIds('usb', loaded.policy);
    expect(usb).toEqual(
      expect.arrayContaining(['usb-storage-registered', 'usb-storage-level-not-below-host']),
    );
    expect(usb).not.toContain('antivirus-signatures-current');
    const network = affectedRuleIds('network', loaded.policy);
    expect(network).toEqual(
      expect.arrayContaining(['default-route-gateway-allowed', 'connection-peers-allowed']),
    );
    expect(network).not.toContain('usb-storage-registered');
  });

  it('follows a check that starts needing a fact, without a list to update', () => {
    const policy = {
      name: 'p',
      version: '1',
      rules: [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }] as never,
    };
    const checks = [
      { family: 'a', ruleIds: ['r1'], needs: ['interfaces'], judge: () => [] },
      { family: 'b', ruleIds: ['r2', 'r3'], needs: ['usbHistory', 'pci'], judge: () => [] },
    ] as Check[];
    expect(affectedRuleIds('network', policy, checks)).toEqual(['r1']);
    expect(affectedRuleIds('usb', policy, checks)).toEqual(['r2', 'r3']);
  });

  it('judges a stick at once from its descriptors and leaves the slower USB rules to the settled sweep', async () => {
    const loaded = await loadBaselinePolicy();
    if (!loaded.ok) throw new Error('baseline policy does not load');
    const first = affectedRuleIds('usb', loaded.policy, undefined, 'first');
    const settled = affectedRuleIds('usb', loaded.policy, undefined, 'settled');
    expect(first).toEqual(
      expect.arrayContaining(['usb-storage-registered', 'wireless-input-receiver-absent']),
    );
    // The radio rules read PCI and the second-opinion tools as well: not in the immediate sweep.
    expect(first).not.toContain('wifi-radio-absent');
    expect(settled).toContain('wifi-radio-absent');
    expect(settled).toEqual(expect.arrayContaining(first));
  });

  it('sweeps exactly the radio rules when a radio or its switch changes, at once', async () => {
    const loaded = await loadBaselinePolicy();
    if (!loaded.ok) throw new Error('baseline policy does not load');
    // The baseline's 3.7.8 rules judged from sysfs radios (wireless-radios.ts); the receiver rule reads USB only.
    const radioRules = [
      'wifi-radio-absent',
      'bluetooth-controller-absent',
      'wwan-modem-absent',
      'other-radio-absent',
    ];
    expect(affectedRuleIds('radio', loaded.policy, undefined, 'first')).toEqual(radioRules);
    expect(affectedRuleIds('radio', loaded.policy, undefined, 'settled')).toEqual(radioRules);
  });
});
