// Refused admin calls counted instead of recorded one by one, so that no certificate holder can grow the trail
// faster than a fixed bound (issue 13: one workstation's agent certificate wrote 141 records/s by calling the
// admin API in a loop). Pure: the caller gives the time, writes the records and runs the timer
// (refusal-trail.ts).
//
// Time is cut into fixed windows (REFUSAL_WINDOW_MS, aligned to the epoch). In each window:
//
//   the first refusal of an identity for a reason kind   → 'record-now': written at once in full (admin.call),
//                                                            so the auditor sees the attempt immediately
//   every later one of the same identity and kind        → 'counted'
//   an identity beyond IDENTITIES_PER_SOURCE at a source → 'counted' into that source's "others" count, so
//     (or beyond TRACKED_IDENTITIES in all)                 many certificates from one address cannot
//                                                            multiply the records
//   a source beyond TRACKED_OTHER_SOURCES with others    → 'counted' into one count for the whole window
//
// When the window ends each count becomes one record, "N calls refused: reason", naming the methods and
// source addresses seen (at most LISTED_* of each, and how many more). Records a window can cause:
//   per identity:        ≤ 2 × REFUSAL_KINDS.length   (one at once and one count per kind)
//   per source address:  ≤ 2 × IDENTITIES_PER_SOURCE × REFUSAL_KINDS.length + 1
//   in all:              ≤ 2 × TRACKED_IDENTITIES × REFUSAL_KINDS.length + TRACKED_OTHER_SOURCES + 1
// (the per-kind factor counts entries: an identity holds at most one entry per kind, and only entries made
// from a source count against that source's IDENTITIES_PER_SOURCE).

/** Why authorization refused: the certificate (unknown, revoked, expired, unreadable), a console request
 *  that another site made the browser send (no anti-forgery token; console/anti-forgery.ts), the role (an
 *  agent certificate, or an admin of another role), or the rate limit. */
export type RefusalKind = 'certificate' | 'forgery' | 'role' | 'rate-limit';
export const REFUSAL_KINDS: readonly RefusalKind[] = ['certificate', 'forgery', 'role', 'rate-limit'];

/** How each kind reads in a count's summary (the first refusal's own reason is kept beside it). */
const KIND_TEXT: Record<RefusalKind, string> = {
  certificate: 'the certificate is not accepted',
  forgery: 'a console request sent from another origin, without its anti-forgery token',
  role: "the method is not for the certificate's role",
  'rate-limit': 'over the rate limit',
};

export const REFUSAL_WINDOW_MS = 60_000;
/** Distinct identities one source address may have tracked (and recorded at once) in a window. */
export const IDENTITIES_PER_SOURCE = 4;
/** Distinct (identity, kind) counts held in a window, all sources together. */
export const TRACKED_IDENTITIES = 1_000;
/** Sources whose excess identities get an "others" count of their own in a window. */
export const TRACKED_OTHER_SOURCES = 1_000;
/** Methods and source addresses named in one count; the rest are only counted. */
export const LISTED_METHODS = 32;
export const LISTED_SOURCES = 10;

export interface Refusal {
  /** Who the certificate names ("device:ID", "admin:NAME(role)"), or "unknown" when it could not be read. */
  actor: string;
  kind: RefusalKind;
  /** The peer's address without the port: what limits are kept per. */
  sourceAddress: string;
  method: string;
  /** The refusal as the caller was told it. */
  reason: string;
}

export type Tallied = 'record-now' | 'counted';

/** One window's count of refusals not recorded one by one: becomes one audit record. */
export interface RefusalCount {
  /** The identity, or "others@ADDRESS" (identities beyond the cap at one source), or "others". */
  actor: string;
  /** The reason kind; "mixed" for the others counts. */
  kind: RefusalKind | 'mixed';
  /** "N calls refused: …", what the auditor reads first. */
  summary: string;
  /** Calls counted here, none of them recorded one by one. */
  refused: number;
  /** Refusals of this identity and kind recorded one by one in the window (0 or 1). */
  recordedSingly: number;
  /** The first refusal's reason as the caller was told it. */
  reason: string;
  methods: string[];
  methodsNotListed: number;
  sources: string[];
  sourcesNotListed: number;
  /** Distinct identities folded into an others count (counted up to 1000). */
  identities?: number;
  windowStartMs: number;
  windowEndMs: number;
  firstMs: number;
  lastMs: number;
}

export interface RefusalTally {
  note(refusal: Refusal, atMs: number): Tallied;
  /** The counts of every window ended by `atMs`, forgotten once returned. */
  closed(atMs: number): RefusalCount[];
  /** Every count held, the open window's too (shutdown: a flood leaves a trace even if nothing follows). */
  drain(): RefusalCount[];
  /** When the open window ends, if it holds anything to write then. */
  pendingUntilMs(): number | undefined;
}

/** Distinct values told apart per list; beyond it more are not noticed (memory stays bounded in a flood). */
const DISTINCT_COUNTED = 1_000;

/** A list that names its first `limit` distinct values and counts (up to DISTINCT_COUNTED) the others. */
function boundedSet(limit: number) {
  const seen = new Set<string>();
  return {
    add(value: string) {
      if (seen.size < DISTINCT_COUNTED) seen.add(value);
    },
    values: () => [...seen].slice(0, limit),
    get distinct() {
      return seen.size;
    },
    get notListed() {
      return Math.max(0, seen.size - limit);
    },
  };
}

interface Count {
  actor: string;
  kind: RefusalKind | 'mixed';
  reason: string;
  recordedSingly: number;
  refused: number;
  methods: ReturnType<typeof boundedSet>;
  sources: ReturnType<typeof boundedSet>;
  identities?: ReturnType<typeof boundedSet>;
  firstMs: number;
  lastMs: number;
}

interface Window {
  startMs: number;
  endMs: number;
  /** By `${actor} ${kind}`. */
  counts: Map<string, Count>;
  /** The identities each source address has tracked in this window. */
  identitiesBySource: Map<string, Set<string>>;
  /** By source address, then one for everything beyond TRACKED_OTHER_SOURCES under "". */
  others: Map<string, Count>;
}

export function refusalTally(windowMs = REFUSAL_WINDOW_MS): RefusalTally {
  let open: Window | undefined;
  const ended: RefusalCount[] = [];

  const rollOver = (atMs: number) => {
    if (open && atMs >= open.endMs) {
      ended.push(...countsOf(open));
      open = undefined;
    }
  };
  const newCount = (actor: string, kind: RefusalKind | 'mixed', reason: string, atMs: number): Count => ({
    actor,
    kind,
    reason,
    recordedSingly: 0,
    refused: 0,
    methods: boundedSet(LISTED_METHODS),
    sources: boundedSet(LISTED_SOURCES),
    firstMs: atMs,
    lastMs: atMs,
  });
  const add = (count: Count, refusal: Refusal, atMs: number) => {
    count.refused += 1;
    count.methods.add(refusal.method);
    count.sources.add(refusal.sourceAddress);
    count.identities?.add(refusal.actor);
    count.lastMs = atMs;
  };

  return {
    note(refusal, atMs) {
      rollOver(atMs);
      if (!open) {
        const startMs = Math.floor(atMs / windowMs) * windowMs;
        open = {
          startMs,
          endMs: startMs + windowMs,
          counts: new Map(),
          identitiesBySource: new Map(),
          others: new Map(),
        };
      }
      const key = `${refusal.actor} ${refusal.kind}`;
      const known = open.counts.get(key);
      if (known) {
        add(known, refusal, atMs);
        return 'counted';
      }
      const atSource = open.identitiesBySource.get(refusal.sourceAddress) ?? new Set<string>();
      const roomAtSource = atSource.has(refusal.actor) || atSource.size < IDENTITIES_PER_SOURCE;
      if (roomAtSource && open.counts.size < TRACKED_IDENTITIES) {
        atSource.add(refusal.actor);
        open.identitiesBySource.set(refusal.sourceAddress, atSource);
        const count = newCount(refusal.actor, refusal.kind, refusal.reason, atMs);
        count.recordedSingly = 1;
        count.methods.add(refusal.method);
        count.sources.add(refusal.sourceAddress);
        open.counts.set(key, count);
        return 'record-now';
      }
      const otherKey = open.others.has(refusal.sourceAddress)
        ? refusal.sourceAddress
        : open.others.size < TRACKED_OTHER_SOURCES
          ? refusal.sourceAddress
          : '';
      let others = open.others.get(otherKey);
      if (!others) {
        others = newCount(otherKey ? `others@${otherKey}` : 'others', 'mixed', refusal.reason, atMs);
        others.identities = boundedSet(0);
        open.others.set(otherKey, others);
      }
      add(others, refusal, atMs);
      return 'counted';
    },
    closed(atMs) {
      rollOver(atMs);
      return ended.splice(0);
    },
    drain() {
      if (open) ended.push(...countsOf(open));
      open = undefined;
      return ended.splice(0);
    },
    pendingUntilMs() {
      if (!open) return undefined;
      const anything = [...open.counts.values(), ...open.others.values()].some((count) => count.refused > 0);
      return anything ? open.endMs : undefined;
    },
  };
}

function countsOf(window: Window): RefusalCount[] {
  const counts = [...window.counts.values(), ...window.others.values()].filter((count) => count.refused > 0);
  return counts.map((count) => {
    const identities = count.identities?.distinct;
    const why =
      count.kind === 'mixed'
        ? `refused for ${identities} identities beyond those tracked at ${count.actor === 'others' ? 'further sources' : 'this source'}`
        : `${KIND_TEXT[count.kind]} (${count.reason})`;
    return {
      actor: count.actor,
      kind: count.kind,
      summary: `${count.refused} ${count.refused === 1 ? 'call' : 'calls'} refused: ${why}`,
      refused: count.refused,
      recordedSingly: count.recordedSingly,
      reason: count.reason,
      methods: count.methods.values(),
      methodsNotListed: count.methods.notListed,
      sources: count.sources.values(),
      sourcesNotListed: count.sources.notListed,
      ...(identities === undefined ? {} : { identities }),
      windowStartMs: window.startMs,
      windowEndMs: window.endMs,
      firstMs: count.firstMs,
      lastMs: count.lastMs,
    };
  });
}
