// ClamAV's signature databases: {daily,main,bytecode}.{cvd,cld,cud} in a database directory, each dated by
// its 512-byte header (clamav-header.ts). A definition names the directories (`clamav-databases`): ClamAV's
// own, and products built on libclamav such as Kylin's ksc-defender.

import { open } from 'node:fs/promises';
import type { SignatureDatabaseFact } from '../../facts';
import { describeIoError, type MachineRoot, segmentsOf } from '../machine-root';
import { parseClamavHeader } from './clamav-header';
import { isAbsence, type SourceReading } from './source-reading';

/** The databases freshclam maintains; .cvd is the download, .cld an incrementally updated copy. */
const DATABASE_NAMES = ['daily', 'main', 'bytecode'];
const DATABASE_EXTENSIONS = ['cvd', 'cld', 'cud'];
const HEADER_BYTES = 512;

export async function readClamavDatabases(
  root: MachineRoot,
  directories: readonly string[],
): Promise<SourceReading> {
  const candidates = [...new Set(directories)].flatMap((directory) =>
    DATABASE_NAMES.flatMap((name) =>
      DATABASE_EXTENSIONS.map((extension) => ({ name, file: `${directory}/${name}.${extension}` })),
    ),
  );
  const headers = await Promise.all(candidates.map((candidate) => readHeader(root, candidate.file)));
  const readings: SignatureDatabaseFact[] = [];
  for (const [index, header] of headers.entries()) {
    if (header.kind === 'failed') return header;
    if (header.kind === 'absent') continue;
    const { name, file } = candidates[index]!;
    // A header that is not ClamAV's is kept with unknown fields: the file is there, its date is not.
    readings.push({ name, file, ...parseClamavHeader(header.text) });
  }
  return { kind: 'read', readings };
}

type HeaderRead = { kind: 'present'; text: string } | { kind: 'absent' } | { kind: 'failed'; reason: string };

async function readHeader(root: MachineRoot, file: string): Promise<HeaderRead> {
  const realFile = root.path(...segmentsOf(file));
  try {
    const handle = await open(realFile, 'r');
    try {
      const buffer = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEADER_BYTES, 0);
      return { kind: 'present', text: buffer.subarray(0, bytesRead).toString('latin1') };
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isAbsence(error)) return { kind: 'absent' };
    return { kind: 'failed', reason: describeIoError(realFile, error) };
  }
}
