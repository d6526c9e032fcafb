import { describe, expect, it } from 'vitest';
import type { PolicyRule__Output } from '../../../proto/generated/shoumi/v1/PolicyRule';
import type { StoredFinding__Output } from '../../../proto/generated/shoumi/v1/StoredFinding';
import { currentFindingsTable, currentOrder, findingHistoryTable, statusBadge } from './device-findings';

function finding(fields: Partial<StoredFinding__Output>): StoredFinding__Output {
  return {
    deviceId: 'dev-a',
    hostname: 'host-a',
    seq: 1,
    ruleId: 'usb-storage-registered',
    clause: '3.7.4',
    subject: '',
    status: 'PASS',
    severity: 'HIGH',
    evidenceJson: '{}',
    observedAtMs: Date.UTC(2026, 11, 7, 1, 2, 3),
    receivedAtMs: 0,
    reason: 'english reason',
    sweepId: '',
    origin: 'agent',
    disposition: null,
    gone: false,
    reasonCode: '',
    reasonParams: {},
    assetNumber: '',
    ...fields,
  };
}

const RULES = new Map<string, PolicyRule__Output>([
  [
    'usb-storage-registered',
    {
      ruleId: 'usb-storage-registered',
      clause: '3.7.4',
      severity: 'HIGH',
      title: { zh: 'USB 存储介质已登记', en: 'USB storage is registered' },
      rationale: null,
      remediation: null,
      paramsJson: '{}',
    },
  ],
]);

describe('the device findings table', () => {
  it('puts failures first, then errors, passes and not applicable, each by rule and subject', () => {
    const ordered = currentOrder([
      finding({ ruleId: 'b', status: 'PASS' }),
      finding({ ruleId: 'a', status: 'NOT_APPLICABLE' }),
      finding({ ruleId: 'c', status: 'ERROR' }),
      finding({ ruleId: 'z', status: 'FAIL', subject: 'y' }),
      finding({ ruleId: 'z', status: 'FAIL', subject: 'x' }),
    ]);
    expect(ordered.map((f) => `${f.status}:${f.ruleId}:${f.subject}`)).toEqual([
      'FAIL:z:x',
      'FAIL:z:y',
      'ERROR:c:',
      'PASS:b:',
      'NOT_APPLICABLE:a:',
    ]);
  });

  it('marks each row with its rule, subject and status, the rule title, clause title and the zone time', () => {
    const text = currentFindingsTable({
      findings: [finding({ subject: '46f4:0001:S"<1', status: 'FAIL' })],
      rules: RULES,
      lang: 'zh',
      timeZone: 'Asia/Shanghai',
    }).text;
    expect(text).toContain(
      '<tr data-rule="usb-storage-registered" data-subject="46f4:0001:S&quot;&lt;1" data-status="FAIL">',
    );
    expect(text).toContain('<span class="badge fail">不通过</span>');
    expect(text).toContain('USB 存储介质已登记');
    expect(text).toContain('禁止违规接入与交叉使用');
    expect(text).toContain('2026-12-07 09:02:03 +08:00');
    expect(text).toContain('english reason');
  });

  it('says when no finding exists, and when more exist than are shown', () => {
    const input = { rules: RULES, lang: 'en' as const, timeZone: 'UTC' };
    expect(currentFindingsTable({ ...input, findings: [] }).text).toContain('No findings yet.');
    expect(currentFindingsTable({ ...input, findings: [finding({})] }, 500).text).toContain(
      'Only the first 500 are shown',
    );
  });

  it('never shows an unknown status as a pass', () => {
    expect(statusBadge('FINDING_STATUS_UNSPECIFIED', 'zh').text).toBe(
      '<span class="badge error">未知</span>',
    );
  });

  it('marks removals in the history instead of a verdict', () => {
    const text = findingHistoryTable({
      findings: [finding({ gone: true, status: 'PASS' })],
      rules: RULES,
      lang: 'en',
      timeZone: 'UTC',
    }).text;
    expect(text).toContain('<span class="badge info">removed</span>');
    expect(text).not.toContain('badge pass');
  });
});
