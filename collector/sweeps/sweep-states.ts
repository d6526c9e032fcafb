// The state machine of one sweep target, decided here for every store backend (a backend reads the
// targets, asks this module what becomes of them, and writes the answer):
//
//   pending ──sent to a live stream──▶ sent ──answer without error──▶ answered
//      │                                │  ▲ ─answer with an error───▶ failed
//      │                                └──┘ resent: the stream it went to died unanswered
//      └──── the device reconnects: claimed (pending, or sent before resendSentBeforeMs) ──▶ sent
//   pending | sent ──the sweep is older than the expiry age──▶ failed ("expired")
//
// An answer is taken in any state: a repeated answer (the agent ran a resent sweep twice) replaces the
// earlier one, and a late answer replaces "expired" — what the device says it found is worth more than
// "it never said". A sweep is complete once none of its targets is open (pending or sent); the counters of
// each state move with every transition, so completion and listings never count targets.
import type { SweepAnswer, SweepCounts, SweepTargetRecord } from '../store/store';

export type SweepTargetState = SweepTargetRecord['state'];

/** The agent has yet to answer. */
export const OPEN_TARGET_STATES: readonly SweepTargetState[] = ['pending', 'sent'];

/** The error a target is failed with when its sweep grew too old before the device answered. */
export const EXPIRED_ERROR = 'expired';

export const isOpenTarget = (state: SweepTargetState): boolean => OPEN_TARGET_STATES.includes(state);

/** The state an answer leaves its target in. */
export const answeredState = (answer: Pick<SweepAnswer, 'error'>): 'answered' | 'failed' =>
  answer.error === '' ? 'answered' : 'failed';

/** Within one batch the last answer of a target wins: one answer per (sweep, device), in batch order. */
export function latestAnswerPerTarget(answers: readonly SweepAnswer[]): SweepAnswer[] {
  const latest = new Map<string, SweepAnswer>();
  for (const answer of answers) latest.set(`${answer.sweepId}\n${answer.deviceId}`, answer);
  return [...latest.values()];
}

/** When a batch of answers completes its sweeps: the latest answer's time. */
export const answersCompletionMs = (answers: readonly SweepAnswer[]): number =>
  answers.reduce((latestMs, answer) => Math.max(latestMs, answer.atMs), 0);

export interface ClaimOptions {
  atMs: number;
  resendSentBeforeMs: number;
  expireBeforeMs: number;
}

/** What a reconnecting device's open target comes to. */
export type ClaimDecision = 'expire' | 'send' | 'leave';

/**
 * An open target of a device that has just connected: expired when its sweep is older than the expiry age
 * (and not complete), else sent when still pending or when sent to an earlier stream (before
 * `resendSentBeforeMs`) that never answered; a sent target newer than that went to this very stream: left.
 */
export function claimDecision(
  target: { state: SweepTargetState; sentAtMs: number; sweepCreatedAtMs: number; sweepCompleted: boolean },
  options: ClaimOptions,
): ClaimDecision {
  if (!isOpenTarget(target.state)) return 'leave';
  if (target.sweepCreatedAtMs < options.expireBeforeMs && !target.sweepCompleted) return 'expire';
  if (target.state === 'pending') return 'send';
  return target.sentAtMs < options.resendSentBeforeMs ? 'send' : 'leave';
}

/** Complete once nothing is open; a sweep without targets is complete at once. */
export const sweepIsComplete = (counts: Pick<SweepCounts, 'pending' | 'sent'>): boolean =>
  counts.pending + counts.sent === 0;

export type CountMoves = Omit<SweepCounts, 'targets'>;

const NO_MOVES: CountMoves = { pending: 0, sent: 0, answered: 0, failed: 0 };

/** How each sweep's counters move for these transitions (a target staying in its state moves none). */
export function countMoves(
  transitions: Iterable<{ sweepId: string; from: SweepTargetState; to: SweepTargetState }>,
): Map<string, CountMoves> {
  const moves = new Map<string, CountMoves>();
  for (const { sweepId, from, to } of transitions) {
    if (from === to) continue;
    const move = moves.get(sweepId) ?? { ...NO_MOVES };
    move[from] -= 1;
    move[to] += 1;
    moves.set(sweepId, move);
  }
  return moves;
}
