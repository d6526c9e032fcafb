// Segment files are named by the seq of their first record, zero-padded so that names sort as numbers.
// A renumbered segment being written by rebase carries an extra suffix until the rebase is committed.

const DIGITS = 20;
const SEGMENT_SUFFIX = '.seg';
export const REBASE_SUFFIX = '.seg.rebase';
export const QUARANTINE_SUFFIX = '.corrupt';

export function segmentFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(DIGITS, '0')}${SEGMENT_SUFFIX}`;
}

export function rebaseFileName(firstSeq: number): string {
  return `${String(firstSeq).padStart(DIGITS, '0')}${REBASE_SUFFIX}`;
}

/** First seq of a segment (or rebase) file name, null for any other file. */
export function parseSegmentFileName(name: string, suffix: string = SEGMENT_SUFFIX): number | null {
  if (name.length !== DIGITS + suffix.length || !name.endsWith(suffix)) return null;
  const digits = name.slice(0, DIGITS);
  if (!/^[0-9]+$/.test(digits)) return null;
  const seq = Number(digits);
  return Number.isSafeInteger(seq) && seq > 0 ? seq : null;
}
