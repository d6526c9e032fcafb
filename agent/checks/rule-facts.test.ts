// Each rule judged from the facts it reads: for every family with more than one rule, and every fact that
// family may read, which rules the engine must report as error when that fact cannot be read and which it
// must still judge. The table is written out by hand from what each rule reads (the families' header
// comments), not from the checks' own ruleNeeds, so that a wrong declaration fails here.

import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselinePolicyPath, formatPolicyProblems, parsePolicy } from '../../policies/load-policy';
import { EMPTY_LEDGER_SLICE, type Policy, type UnsequencedFinding } from '../../policies/model';
import type { FactName, Facts, ProbeResult } from '../facts';
import { linuxDnsProbe } from '../probes/dns/linux';
import { machineRoot } from '../probes/machine-root';
import { linuxProxiesProbe } from '../probes/proxies/linux';
import { evaluate } from './engine';
import { OBSERVED_AT_MS, ruleFor } from './facts-for-tests';
import { ALL_CHECKS } from './index';

const OPTIONS = { nowMs: OBSERVED_AT_MS + 5_000, sweepId: 'sweep-1' };

function baseline(): Policy {
  const file = baselinePolicyPath();
  const result = parsePolicy(readFileSync(file, 'utf8'), file);
  if (!result.ok) throw new Error(formatPolicyProblems(result.errors));
  return result.policy;
}

const readable = <T>(facts: T, source: string): ProbeResult<T> => ({
  ok: true,
  facts,
  source,
  observedAtMs: OBSERVED_AT_MS,
});

/** Every fact readable and empty: a machine with nothing on it. */
function readableFacts(): Facts {
  return {
    usb: readable({ devices: [] }, '/sys/bus/usb/devices'),
    radios: readable({ radios: [], sources: ['/sys/class/ieee80211', '/sys/class/bluetooth'] }, 'sysfs'),
    network: readable({ routes: [], connections: [] }, '/proc/net'),
    antivirus: readable({ products: [] }, 'antivirus'),
    pci: readable({ devices: [] }, '/sys/bus/pci/devices'),
    usbHistory: readable({ events: [], coversFromMs: OBSERVED_AT_MS - 3_600_000 }, '/dev/kmsg'),
    wifiTools: readable({ reports: [] }, 'systeminformation, node-wifi'),
    interfaces: readable({ interfaces: [] }, '/sys/class/net'),
    dns: readable({ servers: [], searchDomains: [] }, '/etc/resolv.conf'),
    proxies: readable({ proxies: [], sources: ['/etc/environment'] }, 'proxy settings'),
    canary: readable({ results: [] }, 'canary'),
    printers: readable(
      {
        installed: true,
        queues: [],
        serverSharing: false,
        auditing: { enabled: true, source: 'cupsd.conf' },
      },
      'cups',
    ),
    optical: readable({ drives: [] }, '/sys/class/block'),
    accounts: readable({ accounts: [] }, '/etc/shadow'),
    processes: readable({ processes: [] }, '/proc'),
    screenLock: readable({ settings: [] }, 'dconf'),
    passwordPolicy: readable(
      {
        minLength: { ok: true, value: null },
        minClasses: { ok: true, value: null },
        lockout: { ok: true, value: null },
        passwordAges: { ok: true, value: [] },
        hardwareTokens: { ok: true, value: [] },
        sources: ['/etc/pam.d'],
        notes: [],
      },
      '/etc/pam.d',
    ),
  };
}

interface Row {
  family: string;
  unreadable: FactName;
  errors: string[];
  judged: string[];
}

const WIFI = 'wifi-radio-absent';
const BLUETOOTH = 'bluetooth-controller-absent';
const WWAN = 'wwan-modem-absent';
const OTHER_RADIO = 'other-radio-absent';
const MEDIA = [
  'usb-storage-registered',
  'usb-storage-level-not-below-host',
  'usb-storage-not-retired-or-lost',
];
const EGRESS = ['default-route-gateway-allowed', 'connection-peers-allowed'];
const INTERFACES = [
  'tunnel-interfaces-absent',
  'usb-network-adapter-absent',
  'single-network-attachment',
  'interface-addresses-allowed',
];
const PRINTING = ['printer-not-shared', 'network-printer-allowed', 'print-auditing-enabled'];
const ANTIVIRUS = ['antivirus-approved-installed', 'antivirus-signatures-current'];
const FULL_SCAN = 'antivirus-full-scan-recent';
const REALTIME = 'antivirus-realtime-protection-on';
const PASSWORD_RULES = [
  'password-min-length',
  'password-max-age',
  'password-complexity',
  'login-failure-lockout',
];

const TABLE: Row[] = [
  // Every radio kind reads the radio classes and the PCI bus.
  {
    family: 'wireless-radios',
    unreadable: 'radios',
    errors: [WIFI, BLUETOOTH, WWAN, OTHER_RADIO],
    judged: [],
  },
  { family: 'wireless-radios', unreadable: 'pci', errors: [WIFI, BLUETOOTH, WWAN, OTHER_RADIO], judged: [] },
  // The USB bus shows Wi‑Fi dongles (by id), Bluetooth (e0/01/01) and wire adapters (e0/02), never a modem.
  { family: 'wireless-radios', unreadable: 'usb', errors: [WIFI, BLUETOOTH, OTHER_RADIO], judged: [WWAN] },
  // Second opinions speak of Wi‑Fi only.
  {
    family: 'wireless-radios',
    unreadable: 'wifiTools',
    errors: [WIFI],
    judged: [BLUETOOTH, WWAN, OTHER_RADIO],
  },
  { family: 'removable-media', unreadable: 'usb', errors: MEDIA, judged: [] },
  { family: 'network-egress', unreadable: 'network', errors: EGRESS, judged: [] },
  { family: 'network-interfaces', unreadable: 'interfaces', errors: INTERFACES, judged: [] },
  {
    family: 'network-services',
    unreadable: 'dns',
    errors: ['dns-servers-allowed'],
    judged: ['proxy-allowed'],
  },
  {
    family: 'network-services',
    unreadable: 'proxies',
    errors: ['proxy-allowed'],
    judged: ['dns-servers-allowed'],
  },
  { family: 'antivirus', unreadable: 'antivirus', errors: ANTIVIRUS, judged: [] },
  { family: 'antivirus-protection', unreadable: 'antivirus', errors: [FULL_SCAN, REALTIME], judged: [] },
  // Only real-time protection looks for a process (clamonacc).
  { family: 'antivirus-protection', unreadable: 'processes', errors: [REALTIME], judged: [FULL_SCAN] },
  { family: 'printing', unreadable: 'printers', errors: PRINTING, judged: [] },
  { family: 'password-rules', unreadable: 'passwordPolicy', errors: PASSWORD_RULES, judged: [] },
];

// The password rules need the computer's level to judge anything (without it they are errors by design),
// so the whole-baseline runs use a ledger that has one.
const LEDGER = { ...EMPTY_LEDGER_SLICE, classification: 'secret' as const };

const ofRule = (findings: UnsequencedFinding[], ruleId: string) =>
  findings.filter((finding) => finding.ruleId === ruleId);

describe('each rule judged from the facts it reads', () => {
  const policy = baseline();
  const whole = evaluate(readableFacts(), policy, LEDGER, OPTIONS);

  it('covers every family with more than one rule, and every fact such a family reads', () => {
    const expected = ALL_CHECKS.filter((check) => check.ruleIds.length > 1).flatMap((check) =>
      check.needs.map((fact) => `${check.family}: ${fact}`),
    );
    expect(TABLE.map((row) => `${row.family}: ${row.unreadable}`).sort()).toEqual(expected.sort());
    for (const row of TABLE) {
      const check = ALL_CHECKS.find((candidate) => candidate.family === row.family)!;
      expect([...row.errors, ...row.judged].sort(), row.family).toEqual([...check.ruleIds].sort());
    }
  });

  it('judges every rule of the baseline when every fact is readable', () => {
    expect(whole.filter((finding) => finding.status === 'error')).toEqual([]);
  });

  for (const row of TABLE) {
    it(`${row.family}: ${row.unreadable} unreadable → error ${row.errors.join(', ') || 'none'}; judged ${row.judged.join(', ') || 'none'}`, () => {
      const facts: Facts = {
        ...readableFacts(),
        [row.unreadable]: {
          ok: false,
          reason: `the ${row.unreadable} probe could not read`,
          source: `/source/of/${row.unreadable}`,
          observedAtMs: OBSERVED_AT_MS,
        },
      };
      const findings = evaluate(facts, policy, LEDGER, OPTIONS);
      for (const ruleId of row.errors) {
        expect(ofRule(findings, ruleId), ruleId).toEqual([
          expect.objectContaining({
            status: 'error',
            subject: '',
            reason: `cannot read ${row.unreadable} (/source/of/${row.unreadable}): the ${row.unreadable} probe could not read`,
          }),
        ]);
      }
      // Judged exactly as with every fact readable: the unreadable fact played no part.
      for (const ruleId of row.judged)
        expect(ofRule(findings, ruleId), ruleId).toEqual(ofRule(whole, ruleId));
    });
  }

  it('no resolv.conf: dns-servers-allowed is an error, proxy-allowed is judged from the proxy settings', async () => {
    // The recorded desktop (test/fixtures/roots/net-config-desktop) with /etc/resolv.conf taken away.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-no-resolv-'));
    try {
      await cp('test/fixtures/roots/net-config-desktop', dir, { recursive: true });
      await rm(path.join(dir, 'etc', 'resolv.conf'));
      const root = machineRoot(dir);
      const facts: Facts = {
        ...readableFacts(),
        dns: await linuxDnsProbe.read(root),
        proxies: await linuxProxiesProbe.read(root),
      };
      const services: Policy = {
        name: 't',
        version: '1',
        rules: [
          ruleFor('dns-servers-allowed', { allowed_networks: ['10.99.0.0/16'] }),
          ruleFor('proxy-allowed', { allowed_networks: ['10.99.0.0/16'] }),
        ],
      };
      const findings = evaluate(facts, services, EMPTY_LEDGER_SLICE, OPTIONS);
      expect(findings.map((finding) => [finding.ruleId, finding.subject, finding.status])).toEqual([
        ['dns-servers-allowed', '', 'error'],
        ['proxy-allowed', '/etc/environment: HTTPS_PROXY 203.0.113.9:8080', 'fail'],
        ['proxy-allowed', '/etc/profile.d/proxy.sh: all_proxy proxy.example.com:1080', 'fail'],
        [
          'proxy-allowed',
          "/etc/dconf/db/local.d/00-proxy: system/proxy/http (mode 'manual') 198.51.100.20:8080",
          'fail',
        ],
      ]);
      expect(findings[0]!.reason).toMatch(/^cannot read dns \(\/etc\/resolv\.conf\): .*ENOENT/);
      expect(findings[1]!.reason).not.toMatch(/dns/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
