// Group commit: callers from many streams queue jobs; one commit at a time takes everything queued (up to
// maxWeight, e.g. rows) and writes it in one transaction, so durability costs one fsync per group instead
// of one per caller. While a commit runs, new jobs queue for the next one. When idle, the next commit
// starts after the current tick (so callers submitting together share it), or after maxDelayMs if set.
//
// The commit function answers each job separately (one caller's bad input must not fail the others); if it
// throws, the transaction stored nothing and every job of that group is rejected with the error.

export type JobOutcome<Result> = { ok: true; value: Result } | { ok: false; error: Error };

export interface GroupCommitOptions<Job, Result> {
  maxWeight: number;
  maxDelayMs: number;
  commit(jobs: Job[]): Promise<Array<JobOutcome<Result>>>;
}

export interface GroupCommitter<Job, Result> {
  submit(job: Job, weight: number): Promise<Result>;
  /** Resolves once everything submitted so far has been committed or rejected. */
  drain(): Promise<void>;
}

interface Queued<Job, Result> {
  job: Job;
  weight: number;
  resolve(value: Result): void;
  reject(error: Error): void;
}

export function createGroupCommitter<Job, Result>(
  options: GroupCommitOptions<Job, Result>,
): GroupCommitter<Job, Result> {
  let queue: Array<Queued<Job, Result>> = [];
  let queuedWeight = 0;
  let running: Promise<void> | null = null;
  let delayTimer: NodeJS.Timeout | null = null;

  const takeGroup = (): Array<Queued<Job, Result>> => {
    let weight = 0;
    let count = 0;
    // Always at least one job, even one heavier than maxWeight on its own.
    while (count < queue.length && (count === 0 || weight + queue[count]!.weight <= options.maxWeight)) {
      weight += queue[count]!.weight;
      count += 1;
    }
    const group = queue.slice(0, count);
    queue = queue.slice(count);
    queuedWeight -= weight;
    return group;
  };

  const commitGroup = async (group: Array<Queued<Job, Result>>): Promise<void> => {
    try {
      const outcomes = await options.commit(group.map((queued) => queued.job));
      group.forEach((queued, index) => {
        const outcome = outcomes[index]!;
        if (outcome.ok) queued.resolve(outcome.value);
        else queued.reject(outcome.error);
      });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const queued of group) queued.reject(failure);
    }
  };

  const runUntilEmpty = async (): Promise<void> => {
    // Let the callers of this tick join the first group.
    await Promise.resolve();
    while (queue.length > 0) await commitGroup(takeGroup());
    running = null;
  };

  const start = (): void => {
    if (delayTimer !== null) {
      clearTimeout(delayTimer);
      delayTimer = null;
    }
    running = runUntilEmpty();
  };

  return {
    submit(job, weight) {
      return new Promise<Result>((resolve, reject) => {
        queue.push({ job, weight, resolve, reject });
        queuedWeight += weight;
        if (running !== null) return;
        if (options.maxDelayMs <= 0 || queuedWeight >= options.maxWeight) start();
        else if (delayTimer === null) delayTimer = setTimeout(start, options.maxDelayMs);
      });
    },
    async drain() {
      if (delayTimer !== null) start();
      while (running !== null) await running;
    },
  };
}
