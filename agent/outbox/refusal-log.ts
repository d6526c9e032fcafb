// The runtime's log of outbox refusals, rate-limited. While the outbox disk is full every sweep is refused
// the same way (ENOSPC; in the fault test every 100 ms), and one error line per sweep fills the journal with
// nothing new. So: the first refusal is logged at once, then at most one line per interval carrying how
// many were not logged since, and one line when an append succeeds again, with the episode's totals.
// A refusal of another kind is news and is logged at once: another reason ('io' after 'full'), or another
// error code in the text (EIO after ENOSPC). The text itself varies with the batch size, so it is no key.
//
// The outbox's text goes in `error`: a `message` field would overwrite the log line's own message.
//
// Driven by the refusals themselves, no timer: a repeat line is written by the first refusal after the
// interval, and the repeats after the last line are counted in the recovery line.
import type { AgentLog } from '../agent-log';

export const REFUSED_MESSAGE = 'outbox refused the sweep findings';
export const ACCEPTED_AGAIN_MESSAGE = 'outbox accepts findings again';
const DEFAULT_INTERVAL_MS = 60_000;

export interface Refusal {
  reason: string;
  message: string;
}

export interface RefusalLog {
  /** An append was refused. */
  refused(refusal: Refusal): void;
  /** An append of at least one finding succeeded. */
  accepted(): void;
}

export function outboxRefusalLog(
  log: AgentLog,
  options: { intervalMs?: number; nowMs?: () => number } = {},
): RefusalLog {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const nowMs = options.nowMs ?? Date.now;
  let episode: {
    sinceMs: number;
    refusals: number;
    lastLoggedMs: number;
    lastKind: string;
    notLogged: number;
  } | null = null;

  return {
    refused({ reason, message }) {
      const now = nowMs();
      const kind = `${reason} ${/\bE[A-Z]{2,}\b/.exec(message)?.[0] ?? ''}`;
      if (episode === null) {
        episode = { sinceMs: now, refusals: 1, lastLoggedMs: now, lastKind: kind, notLogged: 0 };
        log.error(REFUSED_MESSAGE, { reason, error: message });
        return;
      }
      episode.refusals++;
      if (kind === episode.lastKind && now - episode.lastLoggedMs < intervalMs) {
        episode.notLogged++;
        return;
      }
      log.error(REFUSED_MESSAGE, {
        reason,
        error: message,
        suppressedRepeats: episode.notLogged,
        refusals: episode.refusals,
        refusingSince: new Date(episode.sinceMs).toISOString(),
      });
      episode.lastLoggedMs = now;
      episode.lastKind = kind;
      episode.notLogged = 0;
    },
    accepted() {
      if (episode === null) return;
      log.info(ACCEPTED_AGAIN_MESSAGE, {
        refusals: episode.refusals,
        suppressedRepeats: episode.notLogged,
        refusingSince: new Date(episode.sinceMs).toISOString(),
        refusedForMs: nowMs() - episode.sinceMs,
      });
      episode = null;
    },
  };
}
