// The collector's newest seal, also kept as a small file in the data directory, outside the store:
//
//   DIR/audit-seal.json   0600   {statement, signature, certificate} of the newest collector seal
//
// Why outside: someone who empties or truncates the audit table (and its seals table) with SQL leaves this
// file behind, so verify and start-up still know how far the chain reached. Root, or anyone who can write the
// data directory, can delete it too: it raises the bar, it is no anchor against them (auditor seals are,
// docs/AUDIT-TRAIL.md).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../pki/pki-files';
import { type AuditSeal, parseSeal } from './seal';

export const SEAL_FILE_NAME = 'audit-seal.json';

export const sealFileOf = (dataDir: string) => path.join(dataDir, SEAL_FILE_NAME);

/** The seal in the file; undefined when there is no file. An unreadable file is an error naming it. */
export async function readSealFile(dataDir: string): Promise<AuditSeal | undefined> {
  const file = sealFileOf(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`${file}: ${(error as Error).message}`);
  }
  try {
    return parseSeal(text);
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

export function writeSealFile(dataDir: string, seal: AuditSeal): Promise<void> {
  return writeFileAtomic(sealFileOf(dataDir), `${JSON.stringify(seal, null, 2)}\n`, 0o600);
}
