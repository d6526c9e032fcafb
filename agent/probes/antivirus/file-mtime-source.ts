// A `file-mtime` source: the modification time of files the product's updater replaces. The weakest
// reading (a copy or a `touch` moves it), used where no source documents a date inside the file.

import { statSync } from 'node:fs';
import type { SignatureDatabaseFact } from '../../facts';
import { describeIoError, type MachineRoot, segmentsOf } from '../machine-root';
import { datedFile, isAbsence, type SourceReading } from './source-reading';

export function readFileMtimes(root: MachineRoot, paths: readonly string[]): SourceReading {
  const readings: SignatureDatabaseFact[] = [];
  for (const file of paths) {
    const realFile = root.path(...segmentsOf(file));
    try {
      const stats = statSync(realFile);
      // A directory where the definition names a file is a layout this definition does not describe.
      if (!stats.isFile()) return { kind: 'failed', reason: `${realFile} is not a file` };
      readings.push(datedFile('file-mtime', file, stats.mtimeMs > 0 ? Math.round(stats.mtimeMs) : null));
    } catch (error) {
      if (isAbsence(error)) continue;
      return { kind: 'failed', reason: describeIoError(realFile, error) };
    }
  }
  return { kind: 'read', readings };
}
