// Heartbeats' last-seen stamps on PostgreSQL, gathered for LAST_SEEN_FLUSH_MS (as SQLite does, sqlite/index.ts
// says why a second changes nothing) and written as one statement: at 10,000 agents a heartbeat each 10 s is
// one transaction a second, not a thousand. Every caller of a batch resolves when that batch is committed.
// Last seen only moves forward (greatest), so two collectors' batches of one device commute.
import { LAST_SEEN_FLUSH_MS } from '../last-seen-flush';

export interface LastSeenBatch {
  touch(deviceId: string, atMs: number): Promise<void>;
  /** Writes what waits now (on close). */
  flush(): Promise<void>;
}

export function lastSeenBatch(
  write: (lastSeen: ReadonlyMap<string, number>) => Promise<void>,
  delayMs = LAST_SEEN_FLUSH_MS,
): LastSeenBatch {
  let pending = new Map<string, number>();
  let written: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let start: (() => void) | null = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    const run = start;
    timer = null;
    start = null;
    written = null;
    run?.();
  };
  return {
    touch(deviceId, atMs) {
      pending.set(deviceId, Math.max(pending.get(deviceId) ?? 0, atMs));
      if (written === null) {
        written = new Promise<void>((resolve, reject) => {
          start = () => {
            const batch = pending;
            pending = new Map();
            write(batch).then(resolve, reject);
          };
        });
        timer = setTimeout(flush, delayMs);
        timer.unref();
      }
      return written;
    },
    async flush() {
      const waiting = written;
      flush();
      await waiting?.catch(() => undefined);
    },
  };
}
