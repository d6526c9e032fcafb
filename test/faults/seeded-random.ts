// A seeded random source for the fault suite, so that a failure can be replayed: every file prints its seed,
// and FAULT_SEED=<n> npm run test:faults runs the same kills and the same mutations again.

export interface Random {
  readonly seed: number;
  /** [0, 1) */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Buffer;
}

/** mulberry32: tiny, fast and good enough to choose faults; not for cryptography. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    seed,
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    bytes(length) {
      const buffer = Buffer.alloc(length);
      for (let index = 0; index < length; index++) buffer[index] = int(0, 255);
      return buffer;
    },
  };
}

/** The seed from FAULT_SEED, or a fresh one; printed either way so the run can be repeated. */
export function suiteRandom(what: string): Random {
  const fromEnvironment = process.env.FAULT_SEED;
  const seed = fromEnvironment ? Number(fromEnvironment) : Math.floor(Math.random() * 2 ** 32);
  if (!Number.isInteger(seed)) throw new Error(`FAULT_SEED must be an integer, got "${fromEnvironment}"`);
  console.log(`[faults] ${what}: seed ${seed} (repeat with FAULT_SEED=${seed})`);
  return seededRandom(seed);
}
