// The intervals of the PostgreSQL coordination, and the two timing rules every background loop uses: a
// jittered retry (collectors started together do not knock at once forever) and a bounded backoff (a
// database that is down is asked less and less often, but never less than every `maxMs`).

export interface CoordinationTiming {
  /** How often the collectors row and every dedicated connection are checked (SELECT 1 / heartbeat write). */
  heartbeatMs: number;
  /** A collector whose heartbeat is older than this is presumed gone: its streams no longer count. */
  leaseMs: number;
  /** A heartbeat query that has not answered after this long counts as a lost connection. */
  heartbeatTimeoutMs: number;
  /** A pooled query (a claim, a delivery, a heartbeat write) that has not answered after this long fails. */
  queryTimeoutMs: number;
  /** While not leading a job: how often leadership is tried again (± a quarter, jittered). */
  leadRetryMs: number;
  /** Reconnecting a lost listener: the first delay; doubled after each failure up to reconnectMaxMs. */
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /** Claimed slots older than this are deleted (at start and every slotPruneMs). */
  slotRetentionMs: number;
  slotPruneMs: number;
}

const SECOND = 1000;
const DAY = 24 * 60 * 60 * SECOND;

export const DEFAULT_COORDINATION_TIMING: CoordinationTiming = {
  heartbeatMs: 5 * SECOND,
  // Three heartbeats: one lost write (a slow commit, a brief network fault) does not end a live collector.
  leaseMs: 15 * SECOND,
  heartbeatTimeoutMs: 3 * SECOND,
  // A connection gone silent (brianc/node-postgres#3003) must not hold a heartbeat write for ever: the
  // write fails, the pool drops that connection, and the lapse rule of collector-registry.ts applies.
  queryTimeoutMs: 10 * SECOND,
  leadRetryMs: 5 * SECOND,
  reconnectMinMs: 250,
  reconnectMaxMs: 30 * SECOND,
  // A schedule fires only its current slot; 90 days is far past any restart or clock step that could
  // make a collector ask for an old one again.
  slotRetentionMs: 90 * DAY,
  slotPruneMs: DAY,
};

/**
 * The timing with `overrides` applied; the lease defaults to three heartbeats of the heartbeat given.
 * Refuses a timing under which a live collector would be presumed gone.
 */
export function coordinationTiming(overrides: Partial<CoordinationTiming> = {}): CoordinationTiming {
  const heartbeatMs = overrides.heartbeatMs ?? DEFAULT_COORDINATION_TIMING.heartbeatMs;
  const timing: CoordinationTiming = {
    ...DEFAULT_COORDINATION_TIMING,
    leaseMs: 3 * heartbeatMs,
    heartbeatTimeoutMs: Math.min(DEFAULT_COORDINATION_TIMING.heartbeatTimeoutMs, heartbeatMs),
    ...overrides,
  };
  for (const [name, value] of Object.entries(timing)) {
    if (!Number.isFinite(value) || value <= 0)
      throw new Error(`coordination timing: ${name} must be a positive number of milliseconds, got ${value}`);
  }
  if (timing.leaseMs < 2 * timing.heartbeatMs)
    throw new Error(
      `coordination timing: leaseMs (${timing.leaseMs}) must be at least two heartbeats (2 × ${timing.heartbeatMs}), ` +
        'or a live collector would be presumed gone after one late heartbeat',
    );
  if (timing.reconnectMinMs > timing.reconnectMaxMs)
    throw new Error(
      `coordination timing: reconnectMinMs (${timing.reconnectMinMs}) is above reconnectMaxMs (${timing.reconnectMaxMs})`,
    );
  return timing;
}

/** `baseMs` ± a quarter, so that collectors started together spread out. */
export function jittered(baseMs: number, random: () => number = Math.random): number {
  return Math.round(baseMs * (0.75 + random() * 0.5));
}

/** The delay before reconnect attempt `attempt` (1, 2, …): doubling from minMs, never past maxMs, jittered. */
export function reconnectDelay(
  attempt: number,
  minMs: number,
  maxMs: number,
  random: () => number = Math.random,
) {
  const doubled = minMs * 2 ** Math.min(attempt - 1, 30);
  return Math.min(maxMs, jittered(Math.min(doubled, maxMs), random));
}

/** Waits `ms`, or less if `signal` aborts first (a background loop being stopped must not wait out its delay). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
