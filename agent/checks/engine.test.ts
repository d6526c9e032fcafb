import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baselinePolicyPath, formatPolicyProblems, parsePolicy } from '../../policies/load-policy';
import { reasonOf } from '../../policies/messages/reason-catalogue';
import { EMPTY_LEDGER_SLICE, type Policy } from '../../policies/model';
import { agentRuleIds } from '../../policies/rule-params';
import type { Check, CheckOutcome } from './check';
import { evaluate, neededFacts } from './engine';
import { makeFacts, OBSERVED_AT_MS, radioFacts, ruleFor, unreadable } from './facts-for-tests';
import { ALL_CHECKS } from './index';

const NOW = OBSERVED_AT_MS + 5_000;
const OPTIONS = { nowMs: NOW, sweepId: 'sweep-1' };

function baseline(): Policy {
  const path = baselinePolicyPath();
  const result = parsePolicy(readFileSync(path, 'utf8'), path);
  if (!result.ok) throw new Error(formatPolicyProblems(result.errors));
  return result.policy;
}

describe('evaluate', () => {
  it('gives every baseline rule at least one finding, none of them a pass without evidence', () => {
    const policy = baseline();
    const findings = evaluate(makeFacts(), policy, EMPTY_LEDGER_SLICE, OPTIONS);
    const ruleIds = new Set(findings.map((finding) => finding.ruleId));
    expect(agentRuleIds(policy).filter((ruleId) => !ruleIds.has(ruleId))).toEqual([]);
    for (const finding of findings) {
      if (finding.status === 'pass')
        expect(Object.keys(finding.evidence).length, finding.ruleId).toBeGreaterThan(0);
      else expect(finding.reason, finding.ruleId).not.toBe('');
    }
  });

  it('reports pending rules as not_applicable with their reason', () => {
    // Every baseline rule has a check today; the mechanism still serves rules added before their probe.
    const pending = new Map([
      ['printer-not-shared', reasonOf('engine.pending-probe', { probe: 'printers' })],
    ]);
    const findings = evaluate(makeFacts(), baseline(), EMPTY_LEDGER_SLICE, OPTIONS, {
      checks: ALL_CHECKS.filter((check) => !check.ruleIds.includes('printer-not-shared')),
      pending,
    });
    const printer = findings.find((finding) => finding.ruleId === 'printer-not-shared');
    expect(printer).toMatchObject({
      status: 'not_applicable',
      reason: 'not built yet: needs the printers probe',
      reasonCode: 'engine.pending-probe',
      reasonParams: { probe: 'printers' },
      observedAtMs: NOW,
    });
  });

  it('fills clause, severity, time and sweep from the policy and the facts', () => {
    const policy = baseline();
    const findings = evaluate(makeFacts(), policy, EMPTY_LEDGER_SLICE, OPTIONS);
    const wifiRule = policy.rules.find((rule) => rule.id === 'wifi-radio-absent')!;
    expect(findings.find((finding) => finding.ruleId === 'wifi-radio-absent')).toMatchObject({
      clause: wifiRule.clause,
      severity: wifiRule.severity,
      observedAtMs: OBSERVED_AT_MS,
      sweepId: 'sweep-1',
      status: 'pass',
    });
  });

  it('turns an unreadable fact into error findings for the rules that need it, with the probe reason', () => {
    const facts = makeFacts({ radios: unreadable('/sys/class/ieee80211', 'permission denied') });
    const findings = evaluate(facts, baseline(), EMPTY_LEDGER_SLICE, OPTIONS);
    const wifi = findings.filter((finding) => finding.ruleId === 'wifi-radio-absent');
    expect(wifi).toEqual([
      expect.objectContaining({ status: 'error', reason: expect.stringContaining('permission denied') }),
    ]);
    // Rules of other checks are still judged.
    expect(findings.find((finding) => finding.ruleId === 'usb-storage-registered')!.status).toBe('pass');
  });

  it('summarises thousands of sockets to one peer: one fail, the peer as subject, counts by state', () => {
    const sockets = Array.from({ length: 4000 }, (_, index) => ({
      protocol: 'tcp' as const,
      family: 4 as const,
      local: { address: '10.1.2.3', port: 20000 + index },
      remote: { address: '93.184.216.34', port: 443 },
      state: index < 3000 ? 'ESTABLISHED' : 'TIME_WAIT',
    }));
    const facts = makeFacts({
      network: {
        ok: true,
        facts: { routes: [], connections: sockets },
        source: '/proc/net',
        observedAtMs: OBSERVED_AT_MS,
      },
    });
    const findings = evaluate(facts, baseline(), EMPTY_LEDGER_SLICE, OPTIONS);
    const peers = findings.filter((finding) => finding.ruleId === 'connection-peers-allowed');
    expect(peers).toEqual([expect.objectContaining({ status: 'fail', subject: 'tcp 93.184.216.34:443' })]);
    expect(peers[0]!.evidence).toMatchObject({
      sockets: 4000,
      byState: { ESTABLISHED: 3000, TIME_WAIT: 1000 },
    });
    expect(peers[0]!.evidence.firstSockets).toHaveLength(5);
    expect(peers[0]!.evidence.truncated).toBeUndefined();
  });

  it('bounds what a check emits: a list of thousands keeps the verdict and the subject', () => {
    const verbose: Check = {
      family: 'verbose',
      ruleIds: ['audit-service-running'],
      needs: [],
      judge: () => [
        {
          ruleId: 'audit-service-running',
          subject: 'auditd',
          status: 'fail',
          evidence: { lines: Array.from({ length: 4000 }, (_, index) => `line ${index} of a long log`) },
          reason: reasonOf('audit-service.not-running', {}),
        },
      ],
    };
    const policy: Policy = { name: 't', version: '1', rules: [ruleFor('audit-service-running')] };
    const [finding] = evaluate(makeFacts(), policy, EMPTY_LEDGER_SLICE, OPTIONS, {
      checks: [verbose],
      pending: new Map(),
    });
    expect(finding).toMatchObject({ status: 'fail', subject: 'auditd' });
    expect(Buffer.byteLength(JSON.stringify(finding!.evidence))).toBeLessThanOrEqual(16 * 1024);
    expect(finding!.evidence.truncated).toMatchObject({ lists: [expect.objectContaining({ total: 4000 })] });
  });

  it('contains a check that throws to its own rules', () => {
    const broken: Check = {
      family: 'broken',
      ruleIds: ['audit-service-running'],
      needs: [],
      judge: () => {
        throw new TypeError('cannot read properties of undefined');
      },
    };
    const policy: Policy = {
      name: 't',
      version: '1',
      rules: [ruleFor('audit-service-running'), ruleFor('screen-lock-enabled', { max_idle_minutes: 5 })],
    };
    const findings = evaluate(makeFacts(), policy, EMPTY_LEDGER_SLICE, OPTIONS, {
      checks: [broken],
      pending: new Map([
        ['screen-lock-enabled', reasonOf('engine.pending-probe', { probe: 'screen lock settings' })],
      ]),
    });
    expect(findings.map((finding) => [finding.ruleId, finding.status])).toEqual([
      ['audit-service-running', 'error'],
      ['screen-lock-enabled', 'not_applicable'],
    ]);
    expect(findings[0]!.reason).toContain('TypeError: cannot read properties of undefined');
  });

  it('reports a check that stays silent on a rule, or names a stray one, as error', () => {
    const silent: Check = {
      family: 'silent',
      ruleIds: ['audit-service-running'],
      needs: [],
      judge: () => [],
    };
    const stray: Check = {
      family: 'stray',
      ruleIds: ['screen-lock-enabled'],
      needs: [],
      judge: () => [
        {
          ruleId: 'wifi-radio-absent',
          subject: '',
          status: 'pass',
          evidence: { x: 1 },
          reason: reasonOf('audit-service.running', { processes: 'auditd pid 1' }),
        },
      ],
    };
    const policy: Policy = {
      name: 't',
      version: '1',
      rules: [ruleFor('audit-service-running'), ruleFor('screen-lock-enabled', { max_idle_minutes: 5 })],
    };
    const findings = evaluate(makeFacts(), policy, EMPTY_LEDGER_SLICE, OPTIONS, {
      checks: [silent, stray],
      pending: new Map(),
    });
    expect(findings.map((finding) => [finding.status, finding.reason])).toEqual([
      ['error', expect.stringContaining('said nothing')],
      ['error', expect.stringContaining('"wifi-radio-absent"')],
    ]);
  });

  it("gives a check only the rules whose own facts were read, and contains one that reads another rule's fact", () => {
    const given: string[][] = [];
    const careful: Check = {
      family: 'careful',
      ruleIds: ['audit-service-running', 'screen-lock-enabled'],
      needs: ['processes', 'screenLock'],
      ruleNeeds: { 'audit-service-running': ['processes'], 'screen-lock-enabled': ['screenLock'] },
      judge: (_facts, context) => {
        given.push([...context.rules.keys()]);
        return [...context.rules.keys()].map((ruleId) => ({
          ruleId,
          subject: '',
          status: 'pass' as const,
          evidence: { judged: true },
          reason: reasonOf('audit-service.running', { processes: 'auditd pid 1' }),
        }));
      },
    };
    // Reads screenLock whatever it was given: a bug once screenLock cannot be read.
    const careless: Check = {
      ...careful,
      family: 'careless',
      judge: (facts, context) => {
        if (!facts.screenLock.ok) throw new Error('screenLock read without its rule');
        return careful.judge(facts, context);
      },
    };
    const policy: Policy = {
      name: 't',
      version: '1',
      rules: [ruleFor('audit-service-running'), ruleFor('screen-lock-enabled', { max_idle_minutes: 5 })],
    };
    const facts = makeFacts({
      processes: { ok: true, facts: { processes: [] }, source: '/proc', observedAtMs: OBSERVED_AT_MS },
      screenLock: unreadable('dconf', 'no dconf database'),
    });
    const judged = evaluate(facts, policy, EMPTY_LEDGER_SLICE, OPTIONS, {
      checks: [careful],
      pending: new Map(),
    });
    expect(given).toEqual([['audit-service-running']]);
    expect(judged.map((finding) => [finding.ruleId, finding.status, finding.reason])).toEqual([
      ['audit-service-running', 'pass', 'the audit service runs (auditd pid 1)'],
      ['screen-lock-enabled', 'error', 'cannot read screenLock (dconf): no dconf database'],
    ]);
    const contained = evaluate(facts, policy, EMPTY_LEDGER_SLICE, OPTIONS, {
      checks: [careless],
      pending: new Map(),
    });
    expect(contained.map((finding) => [finding.ruleId, finding.status])).toEqual([
      ['audit-service-running', 'error'],
      ['screen-lock-enabled', 'error'],
    ]);
    expect(contained[0]!.reason).toContain(
      'check careless failed (a bug): Error: screenLock read without its rule',
    );
  });

  it('reports a rule this agent does not know as error', () => {
    const policy: Policy = {
      name: 't',
      version: '1',
      rules: [{ ...ruleFor('audit-service-running'), id: 'from-the-future' }],
    };
    const [finding] = evaluate(makeFacts(), policy, EMPTY_LEDGER_SLICE, OPTIONS);
    expect(finding).toMatchObject({
      status: 'error',
      reason: expect.stringContaining('no check for rule "from-the-future"'),
    });
  });

  it('judges only the rules asked for', () => {
    const facts = makeFacts({
      radios: radioFacts([
        {
          kind: 'wifi',
          name: 'phy0',
          interfaces: [],
          driver: null,
          bus: null,
          devicePath: null,
          vendorId: null,
          productId: null,
          rfkill: null,
        },
      ]),
    });
    const findings = evaluate(facts, baseline(), EMPTY_LEDGER_SLICE, {
      ...OPTIONS,
      onlyRuleIds: ['usb-storage-registered'],
    });
    expect(findings.map((finding) => finding.ruleId)).toEqual(['usb-storage-registered']);
  });
});

describe('neededFacts', () => {
  it('lists the facts of the checks the policy uses, and only those', () => {
    // The baseline judges every fact some probe reads: none is read for nothing, none is missing.
    expect(neededFacts(baseline())).toEqual(Object.keys(makeFacts()).sort());
    const policy: Policy = {
      name: 't',
      version: '1',
      rules: [ruleFor('wifi-radio-absent'), ruleFor('printer-not-shared')],
    };
    expect(neededFacts(policy)).toEqual(['pci', 'printers', 'radios', 'usb', 'wifiTools']);
  });
});

describe('reasons as codes', () => {
  it('renders the English text into reason and keeps code and parameters, each within its bound', () => {
    const longSerial = `\u202E${'S'.repeat(5000)}`;
    const reporting: Check = {
      family: 'reporting',
      ruleIds: ['usb-storage-registered'],
      needs: [],
      judge: () => [
        {
          ruleId: 'usb-storage-registered',
          subject: 'stick',
          status: 'fail',
          evidence: {},
          reason: reasonOf('removable-media.not-registered', { ids: '0781:5581', serial: longSerial }),
        },
      ],
    };
    const policy: Policy = { name: 't', version: '1', rules: [ruleFor('usb-storage-registered')] };
    const [finding] = evaluate(makeFacts(), policy, EMPTY_LEDGER_SLICE, OPTIONS, {
      checks: [reporting],
      pending: new Map(),
    });
    expect(finding!.reasonCode).toBe('removable-media.not-registered');
    expect(finding!.reasonParams!.ids).toBe('0781:5581');
    // The bidi override is written out, as in the reason text, and the value cut to 1024 characters.
    const serial = finding!.reasonParams!.serial!;
    expect(serial.startsWith('<U+202E>SSS')).toBe(true);
    expect(serial.length).toBeLessThanOrEqual(1024);
    expect(finding!.reason.startsWith('USB storage 0781:5581 serial <U+202E>SSS')).toBe(true);
  });

  it('gives its own reasons codes too: an unreadable fact names the fact, its source and the probe words', () => {
    const policy: Policy = { name: 't', version: '1', rules: [ruleFor('audit-service-running')] };
    const [finding] = evaluate(
      makeFacts({ processes: unreadable('/proc', 'cannot read /proc: EACCES') }),
      policy,
      EMPTY_LEDGER_SLICE,
      OPTIONS,
    );
    expect(finding).toMatchObject({
      status: 'error',
      reason: 'cannot read processes (/proc): cannot read /proc: EACCES',
      reasonCode: 'engine.fact-unreadable',
      reasonParams: { fact: 'processes', source: '/proc', detail: 'cannot read /proc: EACCES' },
    });
  });

  it('lets no FAIL or ERROR carry a code without a remediation (tsc reads this)', () => {
    // @ts-expect-error: antivirus.approved is a pass reason; it has no remediation
    const outcome: CheckOutcome = {
      ruleId: 'antivirus-approved-installed',
      subject: 'x',
      evidence: {},
      status: 'fail',
      reason: reasonOf('antivirus.approved', { product: 'x' }),
    };
    expect(outcome.status).toBe('fail');
  });
});
