// The finding that reports a refused record (refused-record-finding.ts): the same key with status error when
// the collector would take that key, a notice under the agent's own rule when it would not, nothing for a
// refused report.
import { describe, expect, it } from 'vitest';
import { renderReason } from '../../policies/messages/reason-catalogue';
import type { Finding } from '../../policies/model';
import {
  isRefusalReport,
  REFUSED_RECORD_RULE_ID,
  refusalReport,
  reportedRefusalSeq,
} from './refused-record-finding';
import type { KeptRefusal } from './refused-records';

const NOW = 1_767_300_000_000;
const KEPT_AS = '/var/lib/shoumi/outbox/refused/00000000000000000042.json';
const peers: Finding = {
  seq: 42,
  ruleId: 'connection-peers-allowed',
  clause: '3.7.4',
  subject: 'tcp 203.0.113.9:443',
  status: 'pass',
  severity: 'critical',
  evidence: { sockets: [] },
  reason: 'every peer inside',
  observedAtMs: 1_767_225_600_000,
  sweepId: 'sweep-7',
};
const refused = (record: Finding, refusedBy: KeptRefusal['refusedBy'] = 'collector'): KeptRefusal => ({
  seq: record.seq,
  refusedAtMs: NOW,
  refusedBy,
  reason: 'evidence_json: expected at most 65536 bytes',
  record,
});

describe('the report of a refused record', () => {
  it('is an error of the same rule, clause and subject when those can carry a finding', () => {
    const report = refusalReport(refused(peers), KEPT_AS, NOW);
    expect(report).toEqual({
      kind: 'replacement',
      finding: {
        ruleId: 'connection-peers-allowed',
        clause: '3.7.4',
        subject: 'tcp 203.0.113.9:443',
        status: 'error',
        severity: 'critical',
        evidence: {
          refusedRecord: {
            seq: 42,
            refusedBy: 'collector',
            reason: 'evidence_json: expected at most 65536 bytes',
            originalStatus: 'pass',
            observedAtMs: 1_767_225_600_000,
            keptAs: KEPT_AS,
          },
        },
        reason:
          'The collector refused the finding of seq 42 for good (evidence_json: expected at most 65536 bytes); ' +
          'its verdict (pass) is not at the collector. The record is kept on the workstation in ' +
          `${KEPT_AS}. The next sweep reports this rule and subject again.`,
        reasonCode: 'outbox.record-refused',
        reasonParams: {
          seq: '42',
          refusal: 'evidence_json: expected at most 65536 bytes',
          status: 'pass',
          keptAs: KEPT_AS,
        },
        observedAtMs: NOW,
        sweepId: 'sweep-7',
      },
    });
    if (report.kind === 'none') return;
    // The catalogue's English is the reason word for word; its Chinese says the same.
    const { reasonCode, reasonParams } = report.finding;
    expect(renderReason({ code: reasonCode!, params: reasonParams! }, 'en', '')).toBe(report.finding.reason);
    expect(renderReason({ code: reasonCode!, params: reasonParams! }, 'zh', '')).toBe(
      '收集端永久拒收了序号 42 的检查结果（evidence_json: expected at most 65536 bytes）；其结论（pass）不在收集端。' +
        `该记录留存在本机 ${KEPT_AS}。下次检查会重新上报该规则和对象。`,
    );
  });

  it('says the agent refused it when the agent did, before sending', () => {
    const report = refusalReport(refused(peers, 'agent'), KEPT_AS, NOW);
    expect(report.kind).toBe('replacement');
    if (report.kind === 'none') return;
    expect(report.finding.reason).toMatch(
      /^The agent did not send the finding of seq 42: the collector could never store it \(evidence_json/,
    );
    expect(report.finding.evidence).toMatchObject({ refusedRecord: { refusedBy: 'agent' } });
  });

  it.each([
    ['a clause no rule has', { clause: 'A.5' }],
    ['an empty rule id', { ruleId: '' }],
    ['a subject over the limit', { subject: 'x'.repeat(1025) }],
  ])('is a notice under the agent’s own rule for %s', (_what, broken) => {
    const record = { ...peers, ...broken };
    const report = refusalReport(refused(record), KEPT_AS, NOW);
    expect(report.kind).toBe('notice');
    if (report.kind === 'none') return;
    expect(report.finding).toMatchObject({
      ruleId: REFUSED_RECORD_RULE_ID,
      clause: '3.7.5',
      subject: 'seq:42',
      status: 'error',
      severity: 'high',
      sweepId: '',
      evidence: {
        refusedRecord: {
          seq: 42,
          reason: 'evidence_json: expected at most 65536 bytes',
          originalStatus: 'pass',
          keptAs: KEPT_AS,
          ruleId: record.ruleId.slice(0, 128),
          clause: record.clause,
        },
      },
    });
    expect(report.finding.reason).toContain(KEPT_AS);
    expect((report.finding.evidence.refusedRecord as { subject: string }).subject.length).toBeLessThanOrEqual(
      1024,
    );
  });

  it('is a notice when a newer finding of the same key already follows it, so that verdict stands', () => {
    const report = refusalReport(refused(peers), KEPT_AS, NOW, 57);
    expect(report.kind).toBe('notice');
    if (report.kind === 'none') return;
    expect(report.finding).toMatchObject({
      ruleId: REFUSED_RECORD_RULE_ID,
      subject: 'seq:42',
      status: 'error',
    });
    expect(report.finding.reason).toContain(
      'a newer finding of the same rule and subject (seq 57) stands for it',
    );
  });

  it.each([
    ['collector', 'replacement', undefined, {}, 'outbox.record-refused'],
    ['agent', 'replacement', undefined, {}, 'outbox.record-unsendable'],
    ['collector', 'newer', 57, {}, 'outbox.record-refused-newer'],
    ['agent', 'newer', 57, {}, 'outbox.record-unsendable-newer'],
    ['collector', 'unusable', undefined, { clause: 'A.5' }, 'outbox.record-refused-unusable'],
    ['agent', 'unusable', undefined, { clause: 'A.5' }, 'outbox.record-unsendable-unusable'],
  ] as const)(
    'refused by the %s, as a %s: code %s… renders to its English reason word for word',
    (by, _kind, newer, broken, code) => {
      const report = refusalReport(refused({ ...peers, ...broken }, by), KEPT_AS, NOW, newer);
      if (report.kind === 'none') throw new Error('expected a report');
      expect(report.finding.reasonCode).toBe(code);
      const reason = { code, params: report.finding.reasonParams! };
      expect(renderReason(reason, 'en', '')).toBe(report.finding.reason);
      // The Chinese names the seq and the path, and leaves no placeholder unfilled.
      const zh = renderReason(reason, 'zh', '');
      expect(zh).toContain('序号 42');
      expect(zh).toContain(KEPT_AS);
      expect(zh).not.toMatch(/\{[A-Za-z]/);
    },
  );

  it('keeps the original severity only when it is one', () => {
    const report = refusalReport(
      refused({ ...peers, severity: 'grave' as Finding['severity'] }),
      KEPT_AS,
      NOW,
    );
    expect(report.kind === 'replacement' && report.finding.severity).toBe('high');
  });

  it('is nothing for a refused report, so that one refusal cannot feed another', () => {
    const first = refusalReport(refused(peers), KEPT_AS, NOW);
    const notice = refusalReport(refused({ ...peers, clause: 'x' }), KEPT_AS, NOW);
    if (first.kind === 'none' || notice.kind === 'none') throw new Error('expected reports');
    for (const report of [first.finding, notice.finding]) {
      const asRecord = { ...report, seq: 43 };
      expect(isRefusalReport(asRecord)).toBe(true);
      expect(reportedRefusalSeq(asRecord)).toBe(42);
      expect(refusalReport(refused(asRecord), KEPT_AS, NOW)).toEqual({ kind: 'none' });
    }
    expect(isRefusalReport(peers)).toBe(false);
    expect(reportedRefusalSeq(peers)).toBeNull();
  });
});
