// Judged on facts that the interfaces probe reads from recorded roots (real kernels: QEMU guests and
// network namespaces, see test/netns/README.md), so the checks meet the shapes the probe gives.
import { describe, expect, it } from 'vitest';
import { EMPTY_LEDGER_SLICE } from '../../policies/model';
import type { Facts } from '../facts';
import { linuxInterfacesProbe } from '../probes/interfaces/linux';
import { machineRoot } from '../probes/machine-root';
import { evaluate } from './engine';
import { contextFor, judgeInEnglish, makeFacts, ruleFor } from './facts-for-tests';
import { networkInterfacesCheck } from './network-interfaces';

const rules = (allowed: string[] = []) => [
  ruleFor('tunnel-interfaces-absent'),
  ruleFor('usb-network-adapter-absent'),
  ruleFor('single-network-attachment'),
  ruleFor('interface-addresses-allowed', { allowed_networks: allowed }),
];

async function factsOf(rootName: string): Promise<Facts> {
  return makeFacts({
    interfaces: await linuxInterfacesProbe.read(machineRoot(`test/fixtures/roots/${rootName}`)),
  });
}

function judge(facts: Facts, allowed: string[] = [], ledger = {}) {
  return judgeInEnglish(networkInterfacesCheck, facts, contextFor(rules(allowed), ledger)).map((outcome) => [
    outcome.ruleId,
    outcome.subject,
    outcome.status,
  ]);
}

describe('network interfaces (3.7.4)', () => {
  it('passes a workstation with one NIC in its allowed network (net-netns-allowed)', async () => {
    expect(judge(await factsOf('net-netns-allowed'), ['10.99.0.0/16'])).toEqual([
      ['tunnel-interfaces-absent', '', 'pass'],
      ['usb-network-adapter-absent', '', 'pass'],
      ['single-network-attachment', '', 'pass'],
      ['interface-addresses-allowed', '', 'pass'],
    ]);
  });

  it('fails tun and tap, and the addresses outside, including the unattributed one (net-netns-tunnels)', async () => {
    expect(judge(await factsOf('net-netns-tunnels'), ['10.99.0.0/16'])).toEqual([
      ['tunnel-interfaces-absent', 'tap0', 'fail'],
      ['tunnel-interfaces-absent', 'tun0', 'fail'],
      ['usb-network-adapter-absent', '', 'pass'],
      // tun0 has no carrier (operstate down): it is not counted as an attachment.
      ['single-network-attachment', '', 'pass'],
      ['interface-addresses-allowed', 'tun0 198.51.100.7/24', 'fail'],
      ['interface-addresses-allowed', '(no interface known) 192.0.2.77/32', 'fail'],
    ]);
  });

  it('fails phone tethering over USB (QEMU usb-net on cdc_ether)', async () => {
    const outcomes = judgeInEnglish(
      networkInterfacesCheck,
      await factsOf('net-usb-net-tether'),
      contextFor(rules()),
    );
    expect(outcomes.find((outcome) => outcome.ruleId === 'usb-network-adapter-absent')).toMatchObject({
      subject: 'usb0',
      status: 'fail',
      reason:
        'usb0 is a USB network adapter (USB 0525:a4a2 "RNDIS/QEMU USB Network Device" at 1-1), driver cdc_ether',
    });
  });

  it('fails two attachments in different networks (net-netns-dual-homed), ledger networks first', async () => {
    const facts = await factsOf('net-netns-dual-homed');
    expect(judge(facts, [], { allowedNetworks: ['10.99.0.0/16'] })).toEqual([
      ['tunnel-interfaces-absent', '', 'pass'],
      ['usb-network-adapter-absent', '', 'pass'],
      ['single-network-attachment', 'veth0+veth1', 'fail'],
      ['interface-addresses-allowed', 'veth1 203.0.113.5/24', 'fail'],
    ]);
    const single = judgeInEnglish(networkInterfacesCheck, facts, contextFor(rules())).find(
      (outcome) => outcome.ruleId === 'single-network-attachment',
    );
    expect(single?.reason).toBe(
      'attached to 2 different networks at once: veth0 (10.99.0.0/16); veth1 (203.0.113.0/24)',
    );
  });

  it('judges the QEMU guest with one NIC (net-clean), its site-local address included', async () => {
    const facts = await factsOf('net-clean');
    expect(judge(facts, ['10.0.2.0/24'])).toEqual([
      ['tunnel-interfaces-absent', '', 'pass'],
      ['usb-network-adapter-absent', '', 'pass'],
      ['single-network-attachment', '', 'pass'],
      // The SLAAC site-local address is not loopback or link-local, so it is judged.
      ['interface-addresses-allowed', 'eth0 fec0::5054:ff:fe12:3456/64', 'fail'],
    ]);
  });

  it('gives error for every rule when the interfaces cannot be read (QEMU root without fib_trie)', async () => {
    const policy = { name: 't', version: '1', rules: rules() };
    const findings = evaluate(await factsOf('usb-storage-qemu'), policy, EMPTY_LEDGER_SLICE, {
      nowMs: 0,
      sweepId: 's',
    });
    expect(findings.map((finding) => finding.status)).toEqual(['error', 'error', 'error', 'error']);
    expect(findings[0]!.reason).toMatch(/fib_trie: ENOENT/);
  });
});
