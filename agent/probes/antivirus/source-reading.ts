// What reading one signature (or full-scan) source of a product definition gives: the dated files or rows it
// found, or why it could not be read. Absence is not a failure: a ClamAV directory holds daily.cvd or
// daily.cld, not both, and a product that never updated has no update record yet; only the combined reading
// (signature-sources.ts) decides that nothing at all was found.

import type { SignatureDatabaseFact } from '../../facts';

export type SourceReading =
  /** What the source holds; `builtAtMs` null for a file found without a date in the documented form. */
  | { kind: 'read'; readings: SignatureDatabaseFact[] }
  /** The source exists (or may) but could not be read: it names the path and the errno or the problem. */
  | { kind: 'failed'; reason: string };

/** ENOENT, or ENOTDIR (a directory on the way is a file): nothing is there. Anything else is a failure. */
export function isAbsence(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A reading of one file that has a time but none of ClamAV's version and signature counts. */
export function datedFile(name: string, file: string, builtAtMs: number | null): SignatureDatabaseFact {
  return { name, file, version: null, signatures: null, builtAtMs };
}
