import { describe, expect, it } from 'vitest';
import type { UnsequencedFinding } from '../policies/model';
import { selectChanges } from './reported-state';

const finding = (
  ruleId: string,
  subject: string,
  status: UnsequencedFinding['status'],
  evidence = {},
): UnsequencedFinding => ({
  ruleId,
  subject,
  status,
  clause: '3.7.4',
  severity: 'high',
  evidence,
  reason: status === 'fail' ? 'unregistered' : '',
  observedAtMs: 1_780_000_000_000,
  sweepId: '',
});

const options = (sendAll = false) => ({
  evaluatedRuleIds: new Set(['usb-storage-registered']),
  sendAll,
  nowMs: 1_780_000_000_500,
  sweepId: '',
});

describe('selectChanges', () => {
  it('sends everything the first time and nothing when nothing changed', () => {
    const sweep = [finding('usb-storage-registered', '0951:1666:60A4', 'fail', { serial: '60A4' })];
    const first = selectChanges(new Map(), sweep, options());
    expect(first.toSend).toHaveLength(1);
    const second = selectChanges(first.next, sweep, options());
    expect(second.toSend).toEqual([]);
  });

  it('sends a finding again when its evidence changes, even with the same status', () => {
    const first = selectChanges(
      new Map(),
      [finding('usb-storage-registered', 'x', 'fail', { block: [] })],
      options(),
    );
    const second = selectChanges(
      first.next,
      [finding('usb-storage-registered', 'x', 'fail', { block: ['sda'] })],
      options(),
    );
    expect(second.toSend.map((f) => f.evidence)).toEqual([{ block: ['sda'] }]);
  });

  it('closes a subject that vanished with a pass saying it is no longer present', () => {
    const first = selectChanges(
      new Map(),
      [
        finding('usb-storage-registered', 'stick-1', 'fail'),
        finding('usb-storage-registered', 'stick-2', 'fail'),
      ],
      options(),
    );
    const second = selectChanges(
      first.next,
      [finding('usb-storage-registered', 'stick-2', 'fail')],
      options(),
    );
    expect(second.toSend).toHaveLength(1);
    expect(second.toSend[0]).toMatchObject({
      subject: 'stick-1',
      status: 'pass',
      reason: 'no longer present',
      evidence: { present: false },
      gone: true,
    });
    // Only the removal is marked: findings about present subjects carry no `gone` at all.
    expect(first.toSend.every((sent) => !('gone' in sent))).toBe(true);
    expect(second.next.has('usb-storage-registered\u0000stick-1')).toBe(false);
  });

  it('leaves subjects of rules this sweep did not evaluate alone', () => {
    const first = selectChanges(new Map(), [finding('wifi-radio-absent', 'phy0', 'fail')], {
      ...options(),
      evaluatedRuleIds: new Set(['wifi-radio-absent']),
    });
    const second = selectChanges(first.next, [], options());
    expect(second.toSend).toEqual([]);
    expect(second.next.has('wifi-radio-absent\u0000phy0')).toBe(true);
  });

  it('sends unchanged findings too when asked for all (a commanded sweep)', () => {
    const sweep = [finding('usb-storage-registered', '', 'pass')];
    const first = selectChanges(new Map(), sweep, options());
    expect(selectChanges(first.next, sweep, options(true)).toSend).toHaveLength(1);
  });
});
