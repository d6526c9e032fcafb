// ClamAV as its signature databases show it: {daily,main,bytecode}.{cvd,cld,cud} in the database directory.
// Only files are read, so the probe is the same on every platform. No database file means no ClamAV, which
// is a fact for the check to judge (products: []), not a failure to read the machine.

import { open, stat } from 'node:fs/promises';
import type { AntivirusFacts, SignatureDatabaseFact } from '../../facts';
import { describeIoError, type MachineRoot, segmentsOf } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';
import { parseClamavHeader } from './clamav-header';

export const CLAMAV_PRODUCT = 'ClamAV';

/** Debian's and upstream's default DatabaseDirectory (freshclam.conf / clamd.conf). */
export const DEFAULT_CLAMAV_DIRECTORIES = ['/var/lib/clamav'];

/** The databases freshclam maintains; .cvd is the download, .cld an incrementally updated copy. */
const DATABASE_NAMES = ['daily', 'main', 'bytecode'];
const DATABASE_EXTENSIONS = ['cvd', 'cld', 'cud'];
const HEADER_BYTES = 512;

export interface ClamavProbeOptions {
  /** Machine paths of database directories, e.g. a DatabaseDirectory the policy names. */
  directories?: readonly string[];
}

export function clamavProbe(options: ClamavProbeOptions = {}): Probe<'antivirus'> {
  const directories = [...new Set(options.directories ?? DEFAULT_CLAMAV_DIRECTORIES)];
  const source = directories.join(',');
  return {
    fact: 'antivirus',
    async read(root) {
      const observedAtMs = Date.now();
      // Absence of the databases is a fact, but absence of the whole machine root is a broken reading.
      const rootProblem = await stat(root.dir).then(
        () => null,
        (error: unknown) => describeIoError(root.dir, error),
      );
      if (rootProblem !== null) return unavailable(source, rootProblem, observedAtMs);
      const candidates = directories.flatMap((directory) =>
        DATABASE_NAMES.flatMap((name) =>
          DATABASE_EXTENSIONS.map((extension) => ({ name, file: `${directory}/${name}.${extension}` })),
        ),
      );
      const headers = await Promise.all(candidates.map((candidate) => readHeader(root, candidate.file)));
      const databases: SignatureDatabaseFact[] = [];
      for (const [index, header] of headers.entries()) {
        if (header.kind === 'failed') return unavailable(source, header.reason, observedAtMs);
        if (header.kind === 'absent') continue;
        const { name, file } = candidates[index]!;
        databases.push({ name, file, ...parseClamavHeader(header.text) });
      }
      const facts: AntivirusFacts = {
        products: databases.length === 0 ? [] : [{ product: CLAMAV_PRODUCT, databases }],
      };
      return observed(source, facts, observedAtMs);
    },
  };
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
    const code = (error as NodeJS.ErrnoException).code;
    // ENOTDIR: the directory named is a file; like ENOENT, there is no database there.
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'absent' };
    return { kind: 'failed', reason: describeIoError(realFile, error) };
  }
}
