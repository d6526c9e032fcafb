// The outbox's own findings carry catalogue codes (policies/messages/reasons/outbox.ts) whose English is the
// reason they already say, word for word, and whose Chinese names the same figures.
import { describe, expect, it } from 'vitest';
import { renderReason } from '../../policies/messages/reason-catalogue';
import type { UnsequencedFinding } from '../../policies/model';
import { lostRecordFinding } from './lost-record-finding';
import { overflowClosedFinding, overflowFinding } from './overflow-finding';

const rendered = (finding: UnsequencedFinding, lang: 'zh' | 'en') =>
  renderReason({ code: finding.reasonCode!, params: finding.reasonParams! }, lang, '<none>');

describe('the outbox notices in both languages', () => {
  it('an overflow says the bound and the count dropped', () => {
    const finding = overflowFinding(
      {
        droppedRanges: [
          [3, 5],
          [9, 9],
        ],
        droppedByStatus: { pass: 4, fail: 0, error: 0, not_applicable: 0 },
        freedBytes: 900,
        maxBytes: 65536,
        pendingBytesBefore: 70000,
      },
      1000,
    );
    expect(finding.reasonCode).toBe('outbox.overflow');
    expect(finding.reasonParams).toEqual({ maxBytes: '65536', dropped: '4' });
    expect(rendered(finding, 'en')).toBe(finding.reason);
    expect(rendered(finding, 'zh')).toContain('发件箱达到 65536 字节的上限；4 条');
  });

  it('the overflow closed says the same figures', () => {
    const finding = overflowClosedFinding(
      { droppedRanges: [[3, 5]], maxBytes: 65536, pendingBytes: 10 },
      1000,
    );
    expect(finding.reasonCode).toBe('outbox.overflow-closed');
    expect(rendered(finding, 'en')).toBe(finding.reason);
    expect(rendered(finding, 'zh')).toContain('65536 字节');
    expect(rendered(finding, 'zh')).toContain('3 条');
  });

  it('a lost record', () => {
    const finding = lostRecordFinding(7, '00000000000000000001.seg', 128, 1000);
    expect(finding.reasonCode).toBe('outbox.record-lost');
    expect(rendered(finding, 'en')).toBe(finding.reason);
    expect(rendered(finding, 'zh')).toBe(
      '发件箱中保存该序号的记录在磁盘上已损坏、无法读取；其中的检查结果已丢失。',
    );
  });
});
