// The sightings listener and the cross-use judgement over a real SQLite store: findings in, sightings and
// collector findings out; reclassification resolves; quiet batches never reach the store.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBaselinePolicy } from '../../policies/load-policy';
import type { Finding, Policy } from '../../policies/model';
import type { LoadedPolicy } from '../policy-source';
import { openSqliteStore } from '../store/sqlite';
import type { Store, StoredFinding } from '../store/store';
import { helloFor } from '../store/store-fixtures';
import { crossUseJudge } from './cross-use-judge';
import { sightingsListener } from './sightings-listener';

const OFFICE = { actor: 'office', source: 'local' };
const STICK = '46f4:0001:SHM0001STICK';
const silent = { info() {}, warn() {}, error() {} };

let seq = 0;
const usbFinding = (): Finding => ({
  seq: ++seq,
  ruleId: 'usb-storage-registered',
  clause: '3.7.4',
  subject: STICK,
  status: 'fail',
  severity: 'high',
  evidence: { ids: '46f4:0001', serial: 'SHM0001STICK', busPath: '2-1' },
  reason: 'not registered',
  observedAtMs: 1000,
  sweepId: '',
});
const printerFinding = (): Finding => ({
  ...usbFinding(),
  ruleId: 'network-printer-allowed',
  subject: 'office-ipp',
  evidence: {
    queue: { name: 'office-ipp', deviceUri: 'ipp://192.0.2.10/ipp/print', remoteHost: '192.0.2.10' },
  },
});

describe('sightings listener and cross-use judgement', () => {
  let directory: string;
  let store: Store;
  let policy: Policy;
  const policySource = { current: () => ({ policy }) as LoadedPolicy };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-cross-use-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    const baseline = await loadBaselinePolicy();
    if (!baseline.ok) throw new Error('baseline policy does not load');
    policy = baseline.policy;
    for (const deviceId of ['dev-a', 'dev-b', 'dev-c']) await store.recordHello(helloFor(deviceId), 1);
    await store.updateLedger('dev-a', { classification: 'confidential' }, OFFICE);
    await store.updateLedger('dev-b', { classification: 'non_classified' }, OFFICE);
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function crossUse(ruleId: string): Promise<Map<string, StoredFinding>> {
    const page = await store.listFindings({ ruleId, limit: 100 });
    return new Map(
      page.findings
        .filter((finding) => finding.ruleId === ruleId)
        .map((finding) => [finding.deviceId, finding]),
    );
  }
  const historyLength = async () =>
    (await store.listFindings({ history: true, limit: 1000 })).findings.length;

  it('one stick on a 机密 and a 非密 computer fails on both; a later reclassification resolves it', async () => {
    const listener = sightingsListener({ store, policy: policySource, log: silent });
    await listener.onFindingsStored!('dev-a', [usbFinding()], 1000);
    expect(await crossUse('media-cross-use-absent')).toEqual(new Map());

    await listener.onFindingsStored!('dev-b', [usbFinding()], 2000);
    let findings = await crossUse('media-cross-use-absent');
    expect([...findings.keys()].sort()).toEqual(['dev-a', 'dev-b']);
    for (const finding of findings.values()) {
      expect(finding).toMatchObject({
        status: 'fail',
        subject: STICK,
        clause: '3.7.4',
        severity: 'critical',
      });
      expect(finding.origin).toBe('collector');
    }

    // The same report again (every sweep with --report-unchanged, or a duplicate batch) adds nothing.
    const before = await historyLength();
    await listener.onFindingsStored!('dev-b', [usbFinding()], 3000);
    await listener.onHello!('dev-b', undefined as never);
    expect(await historyLength()).toBe(before);

    // A computer of unknown level joins: it is involved, and listed, but its level proves nothing.
    await listener.onFindingsStored!('dev-c', [usbFinding()], 4000);
    findings = await crossUse('media-cross-use-absent');
    expect(findings.get('dev-c')).toMatchObject({ status: 'fail' });
    expect((findings.get('dev-c')!.evidence.devices as unknown[]).length).toBe(3);

    // The 非密 computer turns out to be 机密 (the ledger was wrong): the crossing no longer holds.
    await store.updateLedger('dev-b', { classification: 'confidential' }, OFFICE);
    await crossUseJudge({ store, policy: policySource, log: silent }).rejudgeDevice('dev-b');
    findings = await crossUse('media-cross-use-absent');
    expect([...findings.values()].map((finding) => [finding.deviceId, finding.status]).sort()).toEqual([
      ['dev-a', 'pass'],
      ['dev-b', 'pass'],
      ['dev-c', 'pass'],
    ]);
    expect(findings.get('dev-a')!.reason).toContain('only on 机密');
  });

  it('a network printer used by computers of different levels fails on each', async () => {
    const listener = sightingsListener({ store, policy: policySource, log: silent });
    await listener.onFindingsStored!('dev-a', [printerFinding()], 1000);
    await listener.onFindingsStored!('dev-b', [printerFinding()], 1000);
    const findings = await crossUse('printer-cross-use-absent');
    expect(
      [...findings.values()].map((finding) => [finding.deviceId, finding.subject, finding.status]).sort(),
    ).toEqual([
      ['dev-a', 'ipp://192.0.2.10', 'fail'],
      ['dev-b', 'ipp://192.0.2.10', 'fail'],
    ]);
    expect(findings.get('dev-a')!.severity).toBe('high');
  });

  it('a batch without USB storage or network printer findings never reaches the store', async () => {
    let calls = 0;
    const counting = new Proxy(store, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function'
          ? (...args: unknown[]) => {
              calls++;
              return value.apply(target, args);
            }
          : value;
      },
    });
    const listener = sightingsListener({ store: counting, policy: policySource, log: silent });
    await listener.onFindingsStored!('dev-a', [{ ...usbFinding(), ruleId: 'wifi-absent', evidence: {} }], 1);
    expect(calls).toBe(0);
  });

  it('takes clause and severity from the policy in force, and judges nothing when the rule is taken out', async () => {
    const listener = sightingsListener({ store, policy: policySource, log: silent });
    policy = {
      ...policy,
      rules: policy.rules
        .filter((rule) => rule.id !== 'printer-cross-use-absent')
        .map((rule) => (rule.id === 'media-cross-use-absent' ? { ...rule, severity: 'medium' } : rule)),
    };
    await listener.onFindingsStored!('dev-a', [usbFinding(), printerFinding()], 1);
    await listener.onFindingsStored!('dev-b', [usbFinding(), printerFinding()], 1);
    expect((await crossUse('media-cross-use-absent')).get('dev-a')?.severity).toBe('medium');
    expect(await crossUse('printer-cross-use-absent')).toEqual(new Map());
    // The sightings are kept all the same: the rule may come back.
    expect(await store.printerSightings('ipp://192.0.2.10')).toHaveLength(2);
  });
});
