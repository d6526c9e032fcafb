// The `dropped` file: seq ranges the outbox deliberately removed to stay within its bound (outbox.ts,
// "When full"). Recovery reads it to tell a declared hole from records destroyed by corruption.
//
//   JSON, {"version":1,"ranges":[[first,last],...]}, ranges sorted, inclusive, not overlapping
//
// Written like the ack file: dropped.tmp, fsync, rename, directory fsync. A reader sees the old list or the
// new one. Ranges at or below the ack are pruned on each write; the collector holds everything there.
// A missing or unreadable file reads as no ranges: a hole is then reported as lost records, which says
// more than happened, never less.

import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDirectory } from './fsync-directory';

export const DROPPED_FILE_NAME = 'dropped';
export const DROPPED_TEMP_FILE_NAME = 'dropped.tmp';

export type SeqRange = readonly [first: number, last: number];

export async function readDroppedFile(dir: string): Promise<SeqRange[]> {
  let text: string;
  try {
    text = await readFile(join(dir, DROPPED_FILE_NAME), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as { version?: unknown; ranges?: unknown };
    if (parsed.version !== 1 || !Array.isArray(parsed.ranges)) return [];
    return parsed.ranges.filter(
      (range): range is SeqRange =>
        Array.isArray(range) &&
        range.length === 2 &&
        Number.isSafeInteger(range[0]) &&
        Number.isSafeInteger(range[1]) &&
        range[0] <= range[1],
    );
  } catch {
    return [];
  }
}

export async function writeDroppedFile(dir: string, ranges: readonly SeqRange[]): Promise<void> {
  const tempPath = join(dir, DROPPED_TEMP_FILE_NAME);
  const handle = await open(tempPath, 'w');
  try {
    await handle.writeFile(JSON.stringify({ version: 1, ranges: mergeRanges(ranges) }));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tempPath, join(dir, DROPPED_FILE_NAME));
  await fsyncDirectory(dir);
}

/** Sorted, with touching or overlapping ranges joined. */
export function mergeRanges(ranges: readonly SeqRange[]): SeqRange[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [first, last] of sorted) {
    const previous = merged.at(-1);
    if (previous !== undefined && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}

/** Ascending seqs as inclusive ranges. */
export function rangesOf(seqs: readonly number[]): SeqRange[] {
  const ranges: [number, number][] = [];
  for (const seq of seqs) {
    const previous = ranges.at(-1);
    if (previous !== undefined && seq === previous[1] + 1) previous[1] = seq;
    else ranges.push([seq, seq]);
  }
  return ranges;
}

/** Whether every seq in first..last is at or below `ackedSeq` or inside one of `ranges` (merged). */
export function holeIsDeclared(first: number, last: number, ackedSeq: number, ranges: readonly SeqRange[]) {
  let next = Math.max(first, ackedSeq + 1);
  for (const [rangeFirst, rangeLast] of ranges) {
    if (next > last) break;
    if (rangeLast < next) continue;
    if (rangeFirst > next) return false;
    next = rangeLast + 1;
  }
  return next > last;
}
