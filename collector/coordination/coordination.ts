// The coordination port: everything a collector used to keep in its own memory that several collectors on
// one database must share. One interface, two implementations: in-process.ts (one collector, SQLite: today's
// behaviour) and postgres-coordination.ts (several collectors on PostgreSQL: advisory locks, LISTEN/NOTIFY as
// a hint with a periodic re-read as the truth, a table of live streams with heartbeats).
//
// Nothing here carries data a collector acts on without reading the store: a notice says "re-read", a
// delivery says "this device's stream has something to do", a slot says "you, and only you, run this".

/** What changed, for caches and live views. A hint: a lost notice costs a late re-read, never a wrong answer. */
export type CoordinationTopic =
  /** Something a ledger slice is made of (a device's ledger columns, any medium): slices must be re-read. */
  | 'ledger'
  /** Sweep targets were opened (a sweep created) or all closed: the "any sweep open" flag must be re-read. */
  | 'sweeps'
  /** The policy in force changed: every collector pushes bundles to the streams it holds. */
  | 'policy'
  /** The console's topics (change-notices.ts). */
  | `device:${string}`
  | `sweep:${string}`
  | 'fleet'
  | 'media'
  | 'audit';

export interface ClusterNotices {
  /** Tells every collector, this one included. */
  publish(topic: CoordinationTopic): void;
  /**
   * Calls `listener` for every notice (from any collector), and with 'resync' whenever notices may have been
   * missed (the listening connection was lost and is back): then every cache must be dropped and re-read.
   * Returns the unsubscribe.
   */
  subscribe(listener: (topic: CoordinationTopic | 'resync') => void): () => void;
}

/** Something the collector holding a device's stream must do on it. */
export type StreamDelivery =
  /** Look for sweeps this device should run now (store.claimSweepsForDevice) and send them. */
  | { kind: 'sweeps' }
  /** Send the device its current policy bundle. */
  | { kind: 'policy' }
  /** End the stream with this refusal (a revoked certificate). */
  | { kind: 'cut'; code: number; message: string };

export interface StreamDirectory {
  /**
   * This collector now holds the device's live stream. A stream of the same device held by another
   * collector is cut there ("one live stream per device" across collectors: the newest wins).
   */
  claim(deviceId: string): Promise<void>;
  /** The stream ended here (only if this collector still holds it). */
  release(deviceId: string): Promise<void>;
  /** Hands `delivery` to the collector holding the device's stream; false when no collector does. */
  deliver(deviceId: string, delivery: StreamDelivery): Promise<boolean>;
  /** Devices with a live stream on any collector now (a crashed collector's streams drop out after its lease). */
  connectedDeviceIds(): Promise<ReadonlySet<string>>;
  /**
   * Where deliveries for streams this collector holds arrive, including `{ kind: 'cut' }` when another
   * collector claimed the device. One handler per collector (the agent service's). Deliveries are hints,
   * like notices: one sent while this collector could not hear is lost, and its notices then say 'resync',
   * after which every stream it holds must be re-checked (revocation, sweeps, policy).
   */
  onDelivery(handler: (deviceId: string, delivery: StreamDelivery) => void): void;
}

export interface Leadership {
  /** True while this collector leads the job (its work runs here and nowhere else). */
  readonly leading: boolean;
  /** Stops leading (or trying to): aborts the work's signal and waits for it to return. */
  stop(): Promise<void>;
}

export interface Coordination {
  /** Who this collector is among several (host, pid and a random part; for logs, metrics and the streams table). */
  readonly collectorId: string;
  /**
   * Run-once slots for fleet jobs fired at fixed times (a sweep schedule's fire at one instant): resolves
   * true for exactly one collector per (job, slot), however many ask, also after a restart (the claim is kept).
   */
  claimSlot(job: string, slot: string): Promise<boolean>;
  /**
   * Leadership of a continuous fleet job (the silence watch, sweep expiry, cross-use judging, the trend):
   * `work` runs on at most one collector at a time; its signal aborts as soon as leadership is lost (the
   * lease could not be kept), before another collector may take it (fleetdm/fleet#35044: a lease must end
   * its holder's work, not only a timestamp). `work` is started again when leadership is regained.
   */
  lead(job: string, work: (signal: AbortSignal) => Promise<void>): Leadership;
  notices: ClusterNotices;
  streams: StreamDirectory;
  close(): Promise<void>;
}
