// Every device's ledger slice, kept between the store's writes to the ledger and to the media.
//
// Every agent hello asks for its device's slice (the policy bundle and its version are made from it), and
// read afresh that is the device's row plus the whole media table, two queries and a parse of every
// medium, in a reconnect storm thousands of times a minute for slices that change a few times a day.
//
// Correctness rests on one rule: every write that can change a slice (the ledger columns of devices: a
// ledger update or import; any medium: registration or status change) goes through `afterWrite`, which
// forgets everything once the transaction has ended (committed or not). A read that was under way when
// a write ended may have seen the rows before it, so it is handed to its caller (as an uncached read
// racing the write would be) but not kept: reads are stamped with the generation they started in. A hello
// that creates a device row writes only defaults, which read exactly as a device not in the ledger, so it
// changes no slice and forgets nothing. The cache lives in this process only: a second process writing
// the same file would not be seen (the data directory lock keeps a second collector out).
//
// Memory: per device one small object. The media arrays are shared: a device that no medium names by id
// gets its department's array, built once per department.
import type { LedgerSlice, RegisteredMedium } from '../../../policies/model';
import type { MediumRecord } from '../store';
import type { SqliteConnection } from './connection';
import { deviceLedgerFacts, mediaRegisteredFor } from './devices';
import { listMedia } from './media';
import { writeGeneration } from './write-generation';

export interface LedgerSliceCache {
  /** The device's slice; the same frozen object while nothing it is made of has been written. */
  slice(deviceId: string): Promise<LedgerSlice>;
  /** Wraps a write transaction that may change slices: everything is forgotten when it has ended. */
  afterWrite<T>(write: Promise<T>): Promise<T>;
}

interface MediaIndex {
  all: readonly MediumRecord[];
  /** Devices some medium is bound to by id: their media are filtered for them alone. */
  namedDeviceIds: ReadonlySet<string>;
  byDepartment: Map<string, readonly RegisteredMedium[]>;
}

function indexMedia(all: readonly MediumRecord[]): MediaIndex {
  return {
    all,
    namedDeviceIds: new Set(all.flatMap((medium) => medium.boundDeviceIds)),
    byDepartment: new Map(),
  };
}

function mediaOf(index: MediaIndex, deviceId: string, department: string): readonly RegisteredMedium[] {
  if (index.namedDeviceIds.has(deviceId))
    return Object.freeze(mediaRegisteredFor(index.all, deviceId, department));
  let shared = index.byDepartment.get(department);
  if (shared === undefined) {
    // No medium names this device, so the filter depends on the department alone.
    shared = Object.freeze(mediaRegisteredFor(index.all, deviceId, department));
    index.byDepartment.set(department, shared);
  }
  return shared;
}

export function ledgerSliceCache(reader: SqliteConnection): LedgerSliceCache {
  let slices = new Map<string, LedgerSlice>();
  let media: Promise<MediaIndex> | null = null;
  const writes = writeGeneration(() => {
    slices = new Map();
    media = null;
  });

  /** One read of the media table for all the slices a storm asks for at once. */
  const mediaIndex = (): Promise<MediaIndex> => {
    if (media !== null) return media;
    const reading = listMedia(reader).then(indexMedia);
    media = reading;
    // A failed read is not kept: the next slice reads again.
    reading.catch(() => {
      if (media === reading) media = null;
    });
    return reading;
  };

  return {
    async slice(deviceId) {
      const cached = slices.get(deviceId);
      if (cached !== undefined) return cached;
      const startedIn = writes.stamp();
      const [facts, index] = await Promise.all([deviceLedgerFacts(reader, deviceId), mediaIndex()]);
      const slice: LedgerSlice = Object.freeze({
        classification: facts.classification,
        assetNumber: facts.assetNumber,
        // Frozen and shared: the type says mutable only because LedgerSlice is the agent's type too.
        media: mediaOf(index, deviceId, facts.department) as RegisteredMedium[],
        allowedNetworks: Object.freeze(facts.allowedNetworks) as string[],
      });
      if (writes.unchanged(startedIn)) slices.set(deviceId, slice);
      return slice;
    },
    afterWrite: writes.afterWrite,
  };
}
