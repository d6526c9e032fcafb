// DNS and proxy settings judged as the probes read them from recorded roots (see
// test/netns/README.md for where each file's format comes from).
import { describe, expect, it } from 'vitest';
import { EMPTY_LEDGER_SLICE } from '../../policies/model';
import type { Facts } from '../facts';
import { linuxDnsProbe } from '../probes/dns/linux';
import { machineRoot } from '../probes/machine-root';
import { linuxProxiesProbe } from '../probes/proxies/linux';
import { evaluate } from './engine';
import { contextFor, judgeInEnglish, makeFacts, ruleFor } from './facts-for-tests';
import { networkServicesCheck } from './network-services';

const rules = (allowed: string[]) => [
  ruleFor('dns-servers-allowed', { allowed_networks: allowed }),
  ruleFor('proxy-allowed', { allowed_networks: allowed }),
];

async function factsOf(rootName: string): Promise<Facts> {
  const root = machineRoot(`test/fixtures/roots/${rootName}`);
  return makeFacts({ dns: await linuxDnsProbe.read(root), proxies: await linuxProxiesProbe.read(root) });
}

function judge(facts: Facts, allowed: string[]) {
  return judgeInEnglish(networkServicesCheck, facts, contextFor(rules(allowed))).map((outcome) => [
    outcome.ruleId,
    outcome.subject,
    outcome.status,
  ]);
}

describe('dns servers and proxies (3.7.4)', () => {
  it('passes resolvers inside the allowed networks and no proxy (net-netns-allowed)', async () => {
    expect(judge(await factsOf('net-netns-allowed'), ['10.99.0.0/16'])).toEqual([
      ['dns-servers-allowed', '', 'pass'],
      ['proxy-allowed', '', 'pass'],
    ]);
  });

  it('fails a public resolver (net-netns-dual-homed)', async () => {
    expect(judge(await factsOf('net-netns-dual-homed'), ['10.99.0.0/16'])).toEqual([
      ['dns-servers-allowed', '8.8.8.8 (/etc/resolv.conf)', 'fail'],
      ['proxy-allowed', '', 'pass'],
    ]);
  });

  it('judges the resolved stub by its upstreams, and fails outside and named proxies (net-config-desktop)', async () => {
    expect(judge(await factsOf('net-config-desktop'), ['10.99.0.0/16'])).toEqual([
      ['dns-servers-allowed', '114.114.114.114 (/run/systemd/resolve/resolv.conf)', 'fail'],
      ['proxy-allowed', '/etc/environment: HTTPS_PROXY 203.0.113.9:8080', 'fail'],
      ['proxy-allowed', '/etc/profile.d/proxy.sh: all_proxy proxy.example.com:1080', 'fail'],
      [
        'proxy-allowed',
        "/etc/dconf/db/local.d/00-proxy: system/proxy/http (mode 'manual') 198.51.100.20:8080",
        'fail',
      ],
    ]);
  });

  it('cannot judge a local resolver other than the resolved stub', () => {
    const facts = makeFacts({
      dns: {
        ok: true,
        facts: { servers: [{ address: '127.0.0.1', source: '/etc/resolv.conf' }], searchDomains: [] },
        source: '/etc/resolv.conf',
        observedAtMs: 0,
      },
      proxies: { ok: true, facts: { proxies: [], sources: [] }, source: 'proxy settings', observedAtMs: 0 },
    });
    expect(judge(facts, [])[0]).toEqual(['dns-servers-allowed', '127.0.0.1 (/etc/resolv.conf)', 'error']);
  });

  it('errs the DNS rule when resolv.conf cannot be read, and judges proxies (QEMU root usb-storage-qemu has none)', async () => {
    const policy = { name: 't', version: '1', rules: rules([]) };
    const findings = evaluate(await factsOf('usb-storage-qemu'), policy, EMPTY_LEDGER_SLICE, {
      nowMs: 0,
      sweepId: 's',
    });
    // The QEMU root has no proxy settings either: a pass, from the proxy facts alone.
    expect(findings.map((finding) => [finding.ruleId, finding.status])).toEqual([
      ['dns-servers-allowed', 'error'],
      ['proxy-allowed', 'pass'],
    ]);
    expect(findings[0]!.reason).toMatch(
      /^cannot read dns \(\/etc\/resolv\.conf\): .*etc\/resolv\.conf: ENOENT/,
    );
  });
});
