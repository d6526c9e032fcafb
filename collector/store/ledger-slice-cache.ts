// Every device's ledger slice, kept between writes to the ledger and to the media, on any backend.
//
// Every agent hello asks for its device's slice (the policy bundle and its version are made from it), and
// read afresh that is the device's row plus the whole media table, two queries and a parse of every medium,
// in a reconnect storm thousands of times a minute for slices that change a few times a day.
//
// Correctness rests on one rule, kept by the database and so by every collector sharing it: every write that
// can change a slice (the ledger columns of devices: a ledger update or import; any medium: registration or
// status change) increments the slice generation (write-generations, name "ledger_slices") in its own
// transaction. Each slice asked for first reads the generation (one indexed row): what is kept belongs to
// the generation it was read in and is dropped as soon as a newer one is seen, whichever collector wrote
// it. Concurrent asks share one generation read that started after each of them was asked. The generation is read before the rows, so a kept slice is never older than its generation: a write
// committing between the two reads is seen as a newer generation at the next ask. A hello that creates a
// device row writes only defaults, which read exactly as a device not in the ledger, so it bumps nothing.
//
// Memory: per device one small frozen object; media arrays are shared (media-binding.ts).
import type { LedgerSlice, RegisteredMedium } from '../../policies/model';
import { type DeviceLedgerFacts, indexMedia, type MediaIndex, mediaOf } from './media-binding';
import type { MediumRecord } from './store';

/** The generation row every slice-changing write increments (both backends' write-generations table). */
export const LEDGER_SLICES_GENERATION = 'ledger_slices';

/** Where slices are read from; each read is a committed state at least as new as when it was called. */
export interface LedgerSliceSource {
  generation(): Promise<number>;
  facts(deviceId: string): Promise<DeviceLedgerFacts>;
  media(): Promise<MediumRecord[]>;
}

export interface LedgerSliceCache {
  /** The device's slice; the same frozen object while no slice-changing write has committed anywhere. */
  slice(deviceId: string): Promise<LedgerSlice>;
}

interface Kept {
  generation: number;
  slices: Map<string, LedgerSlice>;
  media: Promise<MediaIndex> | null;
}

/**
 * The generation as committed after the call: a read already under way when asked may have started before
 * a write the caller knows of committed, so the caller waits for the next read instead, which all callers
 * arriving meanwhile share. A reconnect storm costs one row read per round trip, not one per hello.
 */
function sharedFreshReads(read: () => Promise<number>): () => Promise<number> {
  let running: Promise<number> | null = null;
  let queued: Promise<number> | null = null;
  const launch = (): Promise<number> => {
    const reading = read();
    running = reading;
    const settle = () => {
      if (running === reading) running = null;
    };
    reading.then(settle, settle);
    return reading;
  };
  return () => {
    if (running === null) return launch();
    if (queued === null) {
      queued = running
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          queued = null;
          return launch();
        });
    }
    return queued;
  };
}

export function ledgerSliceCache(source: LedgerSliceSource): LedgerSliceCache {
  let kept: Kept = { generation: -1, slices: new Map(), media: null };
  const generationNow = sharedFreshReads(() => source.generation());

  /** One read of the media table for all the slices a storm asks for in one generation. */
  const mediaIndex = (holder: Kept): Promise<MediaIndex> => {
    if (holder.media !== null) return holder.media;
    const reading = source.media().then(indexMedia);
    holder.media = reading;
    // A failed read is not kept: the next slice reads again.
    reading.catch(() => {
      if (holder.media === reading) holder.media = null;
    });
    return reading;
  };

  return {
    async slice(deviceId) {
      const generation = await generationNow();
      if (generation > kept.generation) kept = { generation, slices: new Map(), media: null };
      // An answer overtaken by a newer one already seen is read afresh, answered, and not kept.
      const holder: Kept =
        generation === kept.generation ? kept : { generation, slices: new Map(), media: null };
      const cached = holder.slices.get(deviceId);
      if (cached !== undefined) return cached;
      const [facts, index] = await Promise.all([source.facts(deviceId), mediaIndex(holder)]);
      const slice: LedgerSlice = Object.freeze({
        classification: facts.classification,
        assetNumber: facts.assetNumber,
        // Frozen and shared: the type says mutable only because LedgerSlice is the agent's type too.
        media: mediaOf(index, deviceId, facts.department) as RegisteredMedium[],
        allowedNetworks: Object.freeze(facts.allowedNetworks) as string[],
      });
      holder.slices.set(deviceId, slice);
      return slice;
    },
  };
}
