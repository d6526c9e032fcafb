import { describe, expect, it } from 'vitest';
import type { UnsequencedFinding } from '../../policies/model';
import { createReadingOrder, type Reading } from './reading-order';

const finding = (
  ruleId: string,
  subject: string,
  status: UnsequencedFinding['status'],
): UnsequencedFinding => ({
  ruleId,
  subject,
  clause: '3.1',
  severity: 'high',
  status,
  reason: `${ruleId} ${status}`,
  evidence: {},
  observedAtMs: 1,
  sweepId: '',
});

const reading = (...findings: UnsequencedFinding[]): Reading => ({
  findings,
  evaluatedRuleIds: new Set(findings.map((entry) => entry.ruleId)),
});

describe('newer reading wins', () => {
  it('drops a full sweep’s stale result for a rule a later-started sweep already committed, keeps the rest', () => {
    const order = createReadingOrder();
    // Full sweep #1 reads first (no stick yet); the immediate sweep #2 starts later and commits first.
    const full = reading(
      finding('usb-storage-registered', '', 'pass'),
      finding('screen-lock', '', 'fail'),
      finding('radio-absent', 'wlan0', 'fail'),
    );
    order.committed(2, ['usb-storage-registered']);
    const kept = order.keepNewer(1, full);
    expect(kept.droppedRuleIds).toEqual(['usb-storage-registered']);
    expect(kept.findings.map((entry) => entry.ruleId)).toEqual(['screen-lock', 'radio-absent']);
    expect([...kept.evaluatedRuleIds].sort()).toEqual(['radio-absent', 'screen-lock']);
  });

  it('keeps everything a sweep read after the last commit, as sweeps run one by one always do', () => {
    const order = createReadingOrder();
    order.committed(1, ['usb-storage-registered', 'screen-lock']);
    const later = reading(
      finding('usb-storage-registered', 'stick', 'fail'),
      finding('screen-lock', '', 'pass'),
    );
    const kept = order.keepNewer(2, later);
    expect(kept.droppedRuleIds).toEqual([]);
    expect(kept.findings).toEqual(later.findings);
    expect(kept.evaluatedRuleIds).toEqual(later.evaluatedRuleIds);
  });

  it('lets an older reading commit for a rule only the older one judged, and never lowers a rule’s mark', () => {
    const order = createReadingOrder();
    order.committed(5, ['usb-storage-registered']);
    // Reading #3 finished after #5 committed; its other rule is kept and now marked 3.
    const kept = order.keepNewer(
      3,
      reading(finding('usb-storage-registered', '', 'pass'), finding('b', '', 'pass')),
    );
    expect(kept.droppedRuleIds).toEqual(['usb-storage-registered']);
    order.committed(3, kept.evaluatedRuleIds);
    // Committing an older number for a rule must not let readings between the two through afterwards.
    order.committed(3, ['usb-storage-registered']);
    expect(order.keepNewer(4, reading(finding('usb-storage-registered', '', 'pass'))).droppedRuleIds).toEqual(
      ['usb-storage-registered'],
    );
    expect(order.keepNewer(4, reading(finding('b', '', 'fail'))).droppedRuleIds).toEqual([]);
    expect(order.keepNewer(2, reading(finding('b', '', 'fail'))).droppedRuleIds).toEqual(['b']);
  });
});
