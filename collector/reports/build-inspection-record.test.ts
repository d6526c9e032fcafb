import { beforeAll, describe, expect, it } from 'vitest';
import { loadBaselinePolicy } from '../../policies/load-policy';
import type { Policy } from '../../policies/model';
import { buildInspectionRecord } from './build-inspection-record';
import {
  COMPLETED_MS,
  GENERATED_MS,
  HOSTILE_HOST,
  material,
  STARTED_MS,
  SWEEP_ID,
} from './inspection-fixture';
import { recordSummary } from './inspection-record';
import { inspectionRecordFromWire, inspectionRecordToWire } from './inspection-record-wire';

let policy: Policy;
beforeAll(async () => {
  const loaded = await loadBaselinePolicy();
  if (!loaded.ok) throw new Error('baseline policy did not load');
  policy = loaded.policy;
});

const build = (overrides: Partial<typeof material> = {}) =>
  buildInspectionRecord(
    { ...material, ...overrides },
    { policy, inspector: '王五', generatedAtMs: GENERATED_MS },
  );

describe('the inspection record of a sweep', () => {
  it('carries time, inspector and policy', () => {
    const record = build();
    expect(record.format).toBe('shoumi.inspection-record/v1');
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
  });

  it('ends an unfinished sweep at its last answer so far', () => {
    const record = build({ sweep: { ...material.sweep!, completedAtMs: 0 } });
    expect(record.scope.kind === 'sweep' && record.scope.completedAtMs).toBe(STARTED_MS + 4 * 60_000);
  });

  it('lists every target with its ledger fields and coverage', () => {
    const record = build();
    expect(record.devices.map((device) => [device.deviceId, device.coverage])).toEqual([
      ['dev-a', 'answered'],
      ['dev-b', 'answered'],
      ['dev-c', 'offline'],
      ['dev-d', 'failed'],
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
      coverage: 'answered',
      answeredAtMs: STARTED_MS + 2 * 60_000,
      coverageError: '',
      findings: 4,
      problems: 3,
    });
    expect(record.devices[1]!.hostname).toBe(HOSTILE_HOST);
    expect(record.devices[2]!).toMatchObject({ findings: 0, problems: 0, answeredAtMs: 0 });
    expect(record.devices[3]!.coverageError).toBe('probe usb crashed');
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

  it("checks only the sweep's rules when it named some, plus any rule judged that the policy lacks", () => {
    const keys = [
      ...material.keys,
      {
        latest: {
          ...material.keys[0]!.latest,
          ruleId: 'retired-rule',
          clause: '3.7.9',
          status: 'pass' as const,
        },
        lastProblem: null,
      },
    ];
    const record = build({ sweep: { ...material.sweep!, ruleIds: ['usb-storage-registered'] }, keys });
    expect(record.items.map((item) => item.ruleId)).toEqual([
      'printer-not-shared',
      'usb-storage-registered',
      'antivirus-signatures-current',
      'bluetooth-controller-absent',
      'wifi-radio-absent',
      'retired-rule',
    ]);
    expect(record.items.at(-1)).toEqual({
      ruleId: 'retired-rule',
      clause: '3.7.9',
      titleZh: 'retired-rule',
      titleEn: 'retired-rule',
    });
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
      observedAtMs: STARTED_MS + 60_000,
      latestStatus: 'fail',
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
    expect(bluetooth.disposition).toBeNull();
    expect(record.problems[2]!.status).toBe('error');
    expect(record.problems[4]!.disposition).toMatchObject({
      measure: '拆除无线网卡并登记',
      completed: false,
    });
  });

  it('sums up coverage, problems and measures', () => {
    expect(recordSummary(build())).toEqual({
      devices: 4,
      coverage: { answered: 2, failed: 1, offline: 1, pending: 0, inspected: 0 },
      items: policy.rules.length,
      problems: 5,
      devicesWithProblems: 2,
      measured: 3,
      completed: 1,
    });
  });

  it('survives the wire unchanged', () => {
    const record = build();
    const wire = inspectionRecordToWire(record);
    // What the client decodes: every field present (proto3 defaults), disposition null when absent.
    const decoded = JSON.parse(JSON.stringify(wire));
    for (const problem of decoded.problems) problem.disposition ??= null;
    expect(inspectionRecordFromWire(decoded)).toEqual(record);
  });
});

describe('the inspection record of a window', () => {
  it('marks every device inspected and keeps the window asked for', () => {
    const record = buildInspectionRecord(
      { ...material, sweep: null, targets: [], devices: material.devices.slice(0, 2) },
      { policy, inspector: '王五', generatedAtMs: GENERATED_MS, window: { fromMs: 1, toMs: 2 } },
    );
    expect(record.scope).toEqual({ kind: 'window', fromMs: 1, toMs: 2 });
    expect(record.devices.map((device) => [device.deviceId, device.coverage, device.answeredAtMs])).toEqual([
      ['dev-a', 'inspected', STARTED_MS + 3 * 60_000],
      ['dev-b', 'inspected', STARTED_MS + 2 * 60_000],
    ]);
    expect(record.problems).toHaveLength(5);
  });
});
