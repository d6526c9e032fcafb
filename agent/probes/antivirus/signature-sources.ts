// Reading every source a definition names for one date (the signatures' or the last full scan's) and
// combining them: the newest date any source gives wins, since a product keeps several database files and
// the newest is the one it scans with. The reading is "unknown, because …" when the definition names no
// source, when nothing is found, when nothing found carries a date — and also when any source could not be
// read at all: an unreadable daily database beside a months-old main one would otherwise read as stale.

import type { SignatureSource } from '../../../policies/antivirus/product-definition';
import type { SignatureDatabaseFact } from '../../facts';
import type { MachineRoot } from '../machine-root';
import { readClamavDatabases } from './clamav-databases';
import { readFileMtimes } from './file-mtime-source';
import type { SourceReading } from './source-reading';
import { readSqliteSource } from './sqlite-source';
import { readVersionFile } from './version-file-source';

export interface DatedReading {
  /** Every file or table found, with its date where it gives one. */
  readings: SignatureDatabaseFact[];
  /** The newest date, epoch ms UTC; null exactly when `unknownBecause` says why. */
  newestMs: number | null;
  unknownBecause: string | null;
}

/** `what` names the date for the reasons: "signature date", "last full scan". */
export async function readDatedSources(
  root: MachineRoot,
  sources: readonly SignatureSource[],
  what: string,
  definitionId: string,
): Promise<DatedReading> {
  if (sources.length === 0)
    return {
      readings: [],
      newestMs: null,
      unknownBecause: `the product definition "${definitionId}" names no source for the ${what}`,
    };
  const results = await Promise.all(sources.map((source) => readSource(root, source)));
  const failures = results.flatMap((result) => (result.kind === 'failed' ? [result.reason] : []));
  const readings = results.flatMap((result) => (result.kind === 'read' ? result.readings : []));
  if (failures.length > 0) return { readings, newestMs: null, unknownBecause: failures.join('; ') };
  if (readings.length === 0)
    return { readings, newestMs: null, unknownBecause: `none of ${describe(sources)} exists` };
  const dates = readings.flatMap((reading) => (reading.builtAtMs === null ? [] : [reading.builtAtMs]));
  if (dates.length === 0)
    return {
      readings,
      newestMs: null,
      unknownBecause: `no ${what} could be read from ${readings.map((reading) => reading.file).join(', ')}`,
    };
  return { readings, newestMs: Math.max(...dates), unknownBecause: null };
}

async function readSource(root: MachineRoot, source: SignatureSource): Promise<SourceReading> {
  switch (source.kind) {
    case 'clamav-databases':
      return readClamavDatabases(root, source.directories);
    case 'file-mtime':
      return readFileMtimes(root, source.paths);
    case 'version-file':
      return readVersionFile(root, source);
    case 'sqlite':
      return readSqliteSource(root, source);
  }
}

function describe(sources: readonly SignatureSource[]): string {
  return sources.map(describeSource).join(', ');
}

function describeSource(source: SignatureSource): string {
  switch (source.kind) {
    case 'clamav-databases':
      return `ClamAV databases in ${source.directories.join(', ')}`;
    case 'file-mtime':
      return source.paths.join(', ');
    case 'version-file':
    case 'sqlite':
      return source.path;
  }
}
