// What a read-through memory of the store (ledger slices, "any sweep open") needs to stay true: every
// write that may change what it remembers is wrapped in `afterWrite`, which drops the memory once the
// write has ended, committed or not. A read under way while a write ended may have seen the rows before
// it: it is answered but not remembered, which `stamp()` before the read and `unchanged(stamp)` after it
// tell. The memory lives in this process only; the data-directory lock keeps a second writer out.
export interface WriteGeneration {
  afterWrite<T>(write: Promise<T>): Promise<T>;
  stamp(): number;
  /** True when no wrapped write has ended since `stamp` was taken. */
  unchanged(stamp: number): boolean;
}

export function writeGeneration(forget: () => void): WriteGeneration {
  let generation = 0;
  return {
    afterWrite: (write) =>
      write.finally(() => {
        generation += 1;
        forget();
      }),
    stamp: () => generation,
    unchanged: (stamp) => stamp === generation,
  };
}
