// The refusal tally (refusal-tally.ts) wired to the audit trail and a timer: a window's counts are written
// as `admin.calls_refused` records when it ends, and on shutdown whatever is held, so a flood leaves its trace
// even when it stops or the collector does. The first refusal of each identity and kind in a window is still
// written at once, in full, by authorization.ts.
import type { Logger } from '../logger';
import type { AuditStore } from '../store/store';
import {
  type Refusal,
  type RefusalCount,
  type RefusalTally,
  refusalTally,
  type Tallied,
} from './refusal-tally';

export const REFUSAL_COUNT_ACTION = 'admin.calls_refused';

export interface RefusalTrail {
  note(refusal: Refusal, atMs: number): Tallied;
  /** Writes the counts of the windows that have ended (the timer does this by itself). */
  flushEnded(): Promise<void>;
  /** Stops the timer and writes every count held, the open window's too. */
  stop(): Promise<void>;
}

export function refusalTrail(deps: {
  store: Pick<AuditStore, 'appendAudit'>;
  log: Logger;
  now?: () => number;
  tally?: RefusalTally;
}): RefusalTrail {
  const now = deps.now ?? Date.now;
  const tally = deps.tally ?? refusalTally();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let writing: Promise<void> = Promise.resolve();

  // One write after another: records of one window keep their order, and stop() waits for the last.
  const write = (counts: RefusalCount[]) => {
    if (counts.length === 0) return writing;
    writing = writing.then(async () => {
      for (const count of counts) {
        await deps.store
          .appendAudit(
            {
              actor: count.actor,
              source: count.sources[0] ?? 'unknown',
              action: REFUSAL_COUNT_ACTION,
              target: count.kind,
              detail: { ...count },
              outcome: 'refused',
            },
            now(),
          )
          .catch((error: Error) =>
            // The count is not lost from sight: the log carries it when the trail cannot.
            deps.log.error('cannot record a count of refused admin calls', {
              error: error.message,
              summary: count.summary,
              actor: count.actor,
            }),
          );
      }
    });
    return writing;
  };

  const arm = () => {
    if (timer || stopped) return;
    const until = tally.pendingUntilMs();
    if (until === undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        void write(tally.closed(now())).then(arm);
      },
      Math.max(0, until - now()),
    );
    timer.unref();
  };

  return {
    note(refusal, atMs) {
      const tallied = tally.note(refusal, atMs);
      // Counts of a window that ended without a timer firing yet (the clock jumped) go out now.
      void write(tally.closed(atMs));
      arm();
      return tallied;
    },
    flushEnded() {
      return write(tally.closed(now()));
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await write(tally.drain());
    },
  };
}
