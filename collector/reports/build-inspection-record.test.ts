import { beforeAll, describe, expect, it } from 'vitest';
import { loadBaselinePolicy } from '../../policies/load-policy';
import type { Policy } from '../../policies/model';
import { agentRuleIds } from '../../policies/rule-params';
import { buildInspectionRecord } from './build-inspection-record';
import {
  COMPLETED_MS,
  GENERATED_MS,
  HOSTILE_HOST,
  material,
  STARTED_MS,
  SWEEP_ID,
} from './inspection-fixture';
import { completedButPersists, recordSummary } from './inspection-record';
import { inspectionRecordFromWire, inspectionRecordToWire } from './inspection-record-wire';

let policy: Policy;
let agentRules: number;
beforeAll(async () => {
  const loaded = await loadBaselinePolicy();
  if (!loaded.ok) throw new Error('baseline policy did not load');
  policy = loaded.policy;
  agentRules = agentRuleIds(policy).length;
});

const build = (overrides: Partial<typeof material> = {}) =>
  buildInspectionRecord(
    { ...material, ...overrides },
    { policy, inspector: '王五', generatedAtMs: GENERATED_MS },
  );

describe('the inspection record of a sweep', () => {
  it('carries time, inspector and policy', () => {
    const record = build();
    expect(record.format).toBe('shoumi.inspection-record/v2');
    expect(record.scope).toEqual({
      kind: 'sweep',
      sweepId: SWEEP_ID,
      startedAtMs: STARTED_MS,
      completedAtMs: COMPLETED_MS,
    });
    expect(record.inspector).toBe('王五');
    expect(record.generatedAtMs).toBe(GENERATED_MS);
    expect(record.policyName).toBe('baseline');
    expect(record.policyVersion).toBe(policy.version);
    expect(record.inspectedUnit).toEqual({ configured: false });
    const named = buildInspectionRecord(material, {
      policy,
      inspector: '王五',
      generatedAtMs: GENERATED_MS,
      inspectedUnit: '某某研究所',
    });
    expect(named.inspectedUnit).toEqual({ configured: true, name: '某某研究所' });
  });

  it('ends an unfinished sweep at its last answer so far', () => {
    const record = build({ sweep: { ...material.sweep!, completedAtMs: 0 } });
    expect(record.scope.kind === 'sweep' && record.scope.completedAtMs).toBe(STARTED_MS + 4 * 60_000);
  });

  it('lists every target with its coverage, and the ledger devices the sweep could not reach as not inspected', () => {
    const record = build();
    // dev-e: in the ledger, its agent never reported, so it was no target; dev-f: retired before the sweep.
    expect(record.devices.map((device) => [device.deviceId, device.coverage])).toEqual([
      ['dev-a', 'answered'],
      ['dev-b', 'answered'],
      ['dev-c', 'offline'],
      ['dev-d', 'failed'],
      ['dev-e', 'never_reported'],
    ]);
    const a = record.devices[0]!;
    expect(a).toEqual({
      deviceId: 'dev-a',
      hostname: 'ws-301',
      assetNumber: 'BM-2026-001',
      classification: 'confidential',
      responsiblePerson: '张三',
      department: '保密办',
      location: '三楼 301',
      ledgerStatus: 'in_service',
      coverage: 'answered',
      answeredAtMs: STARTED_MS + 2 * 60_000,
      coverageError: '',
      findings: 5,
      problems: 3,
      // The baseline's agent rules less the five dev-a has a verdict for.
      unjudgedItems: agentRules - 5,
    });
    expect(record.devices[1]!.hostname).toBe(HOSTILE_HOST);
    expect(record.devices[2]!).toMatchObject({ findings: 0, problems: 0, answeredAtMs: 0 });
    expect(record.devices[3]!.coverageError).toBe('probe usb crashed');
    expect(record.devices[4]!).toMatchObject({
      assetNumber: 'BM-2026-005',
      responsiblePerson: '赵六',
      findings: 0,
      answeredAtMs: 0,
      unjudgedItems: agentRules,
    });
  });

  it('decides membership by the ledger at the moment the sweep began', () => {
    const ledger = material.ledger.map((presence) =>
      presence.deviceId === 'dev-e'
        ? { ...presence, enteredAtMs: STARTED_MS + 60_000 } // entered the ledger after the sweep began
        : presence.deviceId === 'dev-f'
          ? {
              ...presence, // retired only after the sweep began: in service when it ran
              statusChanges: [
                { atMs: STARTED_MS + 60_000, from: 'in_service' as const, to: 'retired' as const },
              ],
            }
          : presence,
    );
    const record = build({ ledger });
    expect(record.devices.map((device) => [device.deviceId, device.coverage, device.ledgerStatus])).toEqual([
      ['dev-a', 'answered', 'in_service'],
      ['dev-b', 'answered', 'in_service'],
      ['dev-c', 'offline', 'in_service'],
      ['dev-d', 'failed', 'in_service'],
      // Seen before the sweep but no target: the sweep did not reach it.
      ['dev-f', 'offline', 'retired'],
    ]);
  });

  it('checks every rule of the policy when the sweep named none, ordered by clause', () => {
    const record = build();
    expect(record.items).toHaveLength(policy.rules.length);
    expect(record.items.find((item) => item.ruleId === 'wifi-radio-absent')).toEqual({
      ruleId: 'wifi-radio-absent',
      clause: '3.7.8',
      titleZh: '无 Wi‑Fi 无线网卡',
      titleEn: 'No Wi‑Fi radio',
    });
    const clauses = record.items.map((item) => item.clause);
    expect(clauses[0]).toBe('3.7.4');
    expect(clauses.indexOf('3.7.8')).toBeGreaterThan(clauses.lastIndexOf('3.7.7'));
  });

  it("checks only the sweep's rules when it named some, plus the policy's rules and agent notices judged", () => {
    const keys = [
      ...material.keys,
      {
        latest: {
          ...material.keys[0]!.latest,
          ruleId: 'agent-outbox-overflow',
          clause: '3.7.5',
          status: 'fail' as const,
        },
        lastProblem: null,
      },
    ];
    const record = build({ sweep: { ...material.sweep!, ruleIds: ['usb-storage-registered'] }, keys });
    expect(record.items.map((item) => item.ruleId)).toEqual([
      'printer-not-shared',
      'usb-storage-registered',
      'agent-outbox-overflow',
      'antivirus-signatures-current',
      'bluetooth-controller-absent',
      'wifi-radio-absent',
    ]);
    expect(record.items.find((item) => item.ruleId === 'agent-outbox-overflow')).toEqual({
      ruleId: 'agent-outbox-overflow',
      clause: '3.7.5',
      titleZh: 'agent-outbox-overflow',
      titleEn: 'agent-outbox-overflow',
    });
  });

  // Issue 13: clause 9.9.9 reached "items checked" from a finding the collector should never have taken. The
  // agent door refuses such findings now; one stored by an older release is not shown either.
  it('never lists a rule or clause the policy lacks, among items or problems, nor counts its verdicts', () => {
    const junk = (ruleId: string, clause: string) => {
      const latest = { ...material.keys[0]!.latest, ruleId, clause, status: 'fail' as const };
      return { latest, lastProblem: latest };
    };
    const keys = [...material.keys, junk('made-up-rule', '9.9.9'), junk('retired-rule', '3.7.9')];
    for (const sweep of [
      material.sweep,
      { ...material.sweep!, ruleIds: ['usb-storage-registered', 'retired-rule'] },
    ]) {
      const record = build({ sweep, keys });
      const shown = [...record.items, ...record.problems];
      expect(shown.map((entry) => entry.clause)).not.toContain('9.9.9');
      expect(shown.map((entry) => entry.clause)).not.toContain('3.7.9');
      expect(shown.map((entry) => entry.ruleId)).not.toContain('made-up-rule');
      expect(shown.map((entry) => entry.ruleId)).not.toContain('retired-rule');
      expect(record).toEqual(build({ sweep, keys: material.keys }));
    }
  });

  it('lists each failing or error key once, with clause, device, subject, reason and measure', () => {
    const record = build();
    expect(record.problems.map((problem) => [problem.clause, problem.deviceId, problem.ruleId])).toEqual([
      ['3.7.4', 'dev-a', 'usb-storage-registered'],
      ['3.7.4', 'dev-b', 'printer-not-shared'],
      ['3.7.5', 'dev-b', 'antivirus-signatures-current'],
      ['3.7.8', 'dev-a', 'bluetooth-controller-absent'],
      ['3.7.8', 'dev-a', 'wifi-radio-absent'],
    ]);
    const usb = record.problems[0]!;
    const usbRule = policy.rules.find((rule) => rule.id === 'usb-storage-registered')!;
    expect(usb).toEqual({
      deviceId: 'dev-a',
      hostname: 'ws-301',
      assetNumber: 'BM-2026-001',
      classification: 'confidential',
      responsiblePerson: '张三',
      department: '保密办',
      ruleId: 'usb-storage-registered',
      clause: '3.7.4',
      titleZh: usbRule.title.zh,
      titleEn: usbRule.title.en,
      subject: '0781:5567:4C530001',
      status: 'fail',
      severity: 'high',
      reason: 'USB storage not registered in the ledger',
      // The fixture's findings predate reason codes: the record shows the English reason.
      reasonCode: '',
      reasonParams: {},
      observedAtMs: STARTED_MS + 60_000,
      latestStatus: 'fail',
      currentStatus: 'fail',
      currentObservedAtMs: STARTED_MS + 50 * 60_000,
      remediationZh: usbRule.remediation.zh,
      remediationEn: usbRule.remediation.en,
      disposition: {
        measure: '收回未登记U盘，登记后重新发放',
        completed: true,
        completedAtMs: STARTED_MS + 30 * 60_000,
        recordedBy: 'admin@loopback',
        recordedAtMs: STARTED_MS + 30 * 60_000,
        auditPosition: 17,
      },
    });
    const bluetooth = record.problems[3]!;
    expect(bluetooth.status).toBe('fail');
    expect(bluetooth.latestStatus).toBe('pass');
    expect(bluetooth.currentStatus).toBe('pass');
    expect(bluetooth.disposition).toBeNull();
    // The printer key has no current finding now: its subject is gone.
    expect(record.problems[1]!).toMatchObject({ currentStatus: null, currentObservedAtMs: 0 });
    expect(record.problems[2]!.status).toBe('error');
    expect(record.problems[4]!.disposition).toMatchObject({
      measure: '拆除无线网卡并登记',
      completed: false,
    });
  });

  it('flags a measure marked complete while its problem still fails now, and only that one', () => {
    const record = build();
    expect(record.problems.filter(completedButPersists).map((problem) => problem.ruleId)).toEqual([
      'usb-storage-registered',
    ]);
    // The same measure beside a key that passes now, or has no current finding, is not flagged.
    for (const current of [
      material.current.map((state) =>
        state.ruleId === 'usb-storage-registered' ? { ...state, status: 'pass' as const } : state,
      ),
      material.current.filter((state) => state.ruleId !== 'usb-storage-registered'),
    ])
      expect(build({ current }).problems.filter(completedButPersists)).toEqual([]);
    // Still erroring counts as persisting too.
    const erroring = material.current.map((state) =>
      state.ruleId === 'usb-storage-registered' ? { ...state, status: 'error' as const } : state,
    );
    expect(build({ current: erroring }).problems.filter(completedButPersists)).toHaveLength(1);
  });

  it('sums up coverage, problems and measures', () => {
    expect(recordSummary(build())).toEqual({
      devices: 5,
      inspected: 2,
      notInspected: 3,
      partlyJudged: 2,
      coverage: {
        answered: 2,
        inspected: 0,
        failed: 1,
        offline: 1,
        pending: 0,
        never_reported: 1,
        no_report: 0,
      },
      items: policy.rules.length,
      problems: 5,
      devicesWithProblems: 2,
      measured: 3,
      completed: 1,
      completedButPersisting: 1,
    });
  });

  it('survives the wire unchanged', () => {
    const record = build();
    const wire = inspectionRecordToWire(record);
    // What the client decodes: every field present (proto3 defaults), disposition null when absent.
    const decoded = JSON.parse(JSON.stringify(wire));
    for (const problem of decoded.problems) problem.disposition ??= null;
    expect(inspectionRecordFromWire(decoded)).toEqual(record);
    const named = build();
    named.inspectedUnit = { configured: true, name: '某某研究所' };
    expect(
      inspectionRecordFromWire(JSON.parse(JSON.stringify(inspectionRecordToWire(named)))).inspectedUnit,
    ).toEqual({
      configured: true,
      name: '某某研究所',
    });
  });

  it('refuses a wire record whose current status or ledger status it cannot read, rather than guess', () => {
    const wire = JSON.parse(JSON.stringify(inspectionRecordToWire(build())));
    for (const problem of wire.problems) problem.disposition ??= null;
    // An unreadable current status must not read as "no current finding", which would hide a flag.
    const badStatus = structuredClone(wire);
    badStatus.problems[0].currentStatus = 'MAYBE';
    expect(() => inspectionRecordFromWire(badStatus)).toThrow('unknown current status (problems[0])');
    const badLedger = structuredClone(wire);
    badLedger.devices[4].ledgerStatus = 'lost';
    expect(() => inspectionRecordFromWire(badLedger)).toThrow('unknown ledger status "lost" (devices[4])');
    const badCoverage = structuredClone(wire);
    badCoverage.devices[4].coverage = 'probably';
    expect(() => inspectionRecordFromWire(badCoverage)).toThrow('unknown coverage "probably" (devices[4])');
  });
});

describe('the inspection record of a window', () => {
  const FROM = STARTED_MS - 86_400_000;
  const TO = STARTED_MS + 86_400_000;
  const window = (overrides: Partial<typeof material> = {}) =>
    buildInspectionRecord(
      { ...material, sweep: null, targets: [], ...overrides },
      { policy, inspector: '王五', generatedAtMs: GENERATED_MS, window: { fromMs: FROM, toMs: TO } },
    );

  it('lists the devices that reported as inspected and every other ledger device in service as not', () => {
    const record = window({ keys: material.keys.filter((key) => key.latest.deviceId === 'dev-a') });
    expect(record.scope).toEqual({ kind: 'window', fromMs: FROM, toMs: TO });
    expect(record.devices.map((device) => [device.deviceId, device.coverage, device.answeredAtMs])).toEqual([
      ['dev-a', 'inspected', STARTED_MS + 3 * 60_000],
      ['dev-b', 'no_report', 0],
      ['dev-c', 'no_report', 0],
      ['dev-d', 'no_report', 0],
      ['dev-e', 'never_reported', 0],
    ]);
    expect(record.problems).toHaveLength(3);
    expect(recordSummary(record)).toMatchObject({ devices: 5, inspected: 1, notInspected: 4 });
  });

  it('keeps a device retired during the window or since, and leaves out one that entered after it', () => {
    const ledger = material.ledger.map((presence) =>
      presence.deviceId === 'dev-f'
        ? {
            ...presence,
            statusChanges: [{ atMs: TO - 1000, from: 'in_service' as const, to: 'retired' as const }],
          }
        : presence.deviceId === 'dev-e'
          ? { ...presence, enteredAtMs: TO + 1 }
          : presence,
    );
    const record = window({ ledger, keys: [] });
    expect(record.devices.map((device) => [device.deviceId, device.coverage])).toEqual([
      ['dev-a', 'no_report'],
      ['dev-b', 'no_report'],
      ['dev-c', 'no_report'],
      ['dev-d', 'no_report'],
      ['dev-f', 'no_report'],
    ]);
    // Returned to service within the window after being retired before it: in service during it.
    const back = material.ledger.map((presence) =>
      presence.deviceId === 'dev-f'
        ? {
            ...presence,
            statusChanges: [
              ...presence.statusChanges,
              { atMs: FROM + 1000, from: 'retired' as const, to: 'under_repair' as const },
            ],
          }
        : presence,
    );
    const devices = material.devices.map((device) =>
      device.deviceId === 'dev-f' ? { ...device, status: 'under_repair' as const } : device,
    );
    expect(window({ ledger: back, devices, keys: [] }).devices.map((device) => device.deviceId)).toContain(
      'dev-f',
    );
  });

  it("counts only the agent's own findings as an inspection: a collector-made alarm is not one", () => {
    const alarm = {
      ...material.keys[0]!.latest,
      deviceId: 'dev-c',
      ruleId: 'agent-reports-regularly',
      clause: '3.7.5',
      subject: '',
      reason: 'silent for 2 h',
      origin: 'collector' as const,
      seq: -1,
    };
    const record = window({ keys: [{ latest: alarm, lastProblem: alarm }] });
    expect(record.devices.find((device) => device.deviceId === 'dev-c')).toMatchObject({
      coverage: 'no_report',
      findings: 1,
      problems: 1,
    });
    expect(record.problems.map((problem) => [problem.deviceId, problem.ruleId])).toEqual([
      ['dev-c', 'agent-reports-regularly'],
    ]);
  });
});
