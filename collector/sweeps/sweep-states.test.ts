import { describe, expect, it } from 'vitest';
import {
  answeredState,
  claimDecision,
  countMoves,
  latestAnswerPerTarget,
  sweepIsComplete,
} from './sweep-states';

const options = { atMs: 10_000, resendSentBeforeMs: 9_000, expireBeforeMs: 5_000 };
const target = { state: 'pending' as const, sentAtMs: 0, sweepCreatedAtMs: 6_000, sweepCompleted: false };

describe('sweep target states', () => {
  it('claims a pending target, resends one sent to an earlier stream, leaves one sent to this stream', () => {
    expect(claimDecision(target, options)).toBe('send');
    expect(claimDecision({ ...target, state: 'sent', sentAtMs: 8_999 }, options)).toBe('send');
    expect(claimDecision({ ...target, state: 'sent', sentAtMs: 9_000 }, options)).toBe('leave');
    expect(claimDecision({ ...target, state: 'answered' }, options)).toBe('leave');
  });

  it('expires open targets of sweeps older than the expiry age instead of sending them', () => {
    expect(claimDecision({ ...target, sweepCreatedAtMs: 4_999 }, options)).toBe('expire');
    expect(claimDecision({ ...target, state: 'sent', sentAtMs: 9_500, sweepCreatedAtMs: 1 }, options)).toBe(
      'expire',
    );
    expect(claimDecision({ ...target, state: 'failed', sweepCreatedAtMs: 1 }, options)).toBe('leave');
  });

  it('moves one count per changed target, none for a target staying in its state', () => {
    expect(
      countMoves([
        { sweepId: 's1', from: 'pending', to: 'sent' },
        { sweepId: 's1', from: 'sent', to: 'answered' },
        { sweepId: 's2', from: 'failed', to: 'answered' },
        { sweepId: 's2', from: 'answered', to: 'answered' },
      ]),
    ).toEqual(
      new Map([
        ['s1', { pending: -1, sent: 0, answered: 1, failed: 0 }],
        ['s2', { pending: 0, sent: 0, answered: 1, failed: -1 }],
      ]),
    );
  });

  it('answers: an error fails the target, the last answer of a target in a batch wins; complete when none open', () => {
    expect(answeredState({ error: '' })).toBe('answered');
    expect(answeredState({ error: 'no disk' })).toBe('failed');
    const a = { sweepId: 's', deviceId: 'd', atMs: 1, failedRules: 0, errorRules: 0, error: 'x' };
    expect(latestAnswerPerTarget([a, { ...a, atMs: 2, error: '' }, { ...a, deviceId: 'e' }])).toEqual([
      { ...a, atMs: 2, error: '' },
      { ...a, deviceId: 'e' },
    ]);
    expect(sweepIsComplete({ pending: 0, sent: 0 })).toBe(true);
    expect(sweepIsComplete({ pending: 0, sent: 1 })).toBe(false);
  });
});
