// How many findings the collector holds in memory, decoded and waiting for their commit, across all agent
// streams together. Each stream already stops reading at MAX_UNANSWERED messages, but that bound is per
// stream: a reconnect storm of thousands of agents, each flushing an outbox, could put millions of decoded
// findings in the heap at once. Over the budget every stream stops reading after its current message, and
// HTTP/2 flow control passes that back to the agents; the streams read again once the commits have brought
// the count under the budget. Nothing is refused or dropped, the agents just send later.
export interface IntakeBudget {
  /** Counts `findings` as held; true while the total is over the budget (the caller pauses its stream). */
  take(findings: number): boolean;
  /** Counts `findings` as committed or refused, and wakes the streams waiting for room once under budget. */
  give(findings: number): void;
  /** Runs `resume` once the total is under the budget (at once if it already is). */
  whenRoom(resume: () => void): void;
  readonly held: number;
  /** The budget itself (for the metrics); a budget made elsewhere may leave it out. */
  readonly limit?: number;
}

/** 50,000 findings of up to a few KB decoded: tens of MB, and still 100 batches of 500 in every group. */
export const DEFAULT_INTAKE_BUDGET = 50_000;

export function intakeBudget(limit = DEFAULT_INTAKE_BUDGET): IntakeBudget {
  if (!(Number.isInteger(limit) && limit > 0))
    throw new Error(`intake budget: expected a positive whole number of findings, got ${limit}`);
  let held = 0;
  let waiting: Array<() => void> = [];
  return {
    take(findings) {
      held += findings;
      return held > limit;
    },
    give(findings) {
      held -= findings;
      if (held > limit || waiting.length === 0) return;
      const wake = waiting;
      waiting = [];
      for (const resume of wake) resume();
    },
    whenRoom(resume) {
      if (held <= limit) resume();
      else waiting.push(resume);
    },
    get held() {
      return held;
    },
    limit,
  };
}

/** `--intake-budget`: a whole number of findings, at least one batch's worth. */
export function parseIntakeBudget(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1)
    throw new Error(`--intake-budget: expected a whole number of findings (e.g. 50000), got "${text}"`);
  return value;
}
