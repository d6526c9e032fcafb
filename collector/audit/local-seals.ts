// The auditor's own copies of the seals they made, kept beside their identity so that the anchor does not live
// only on the collector's host:
//
//   IDENTITY/seals/          0700
//     <position>-<sealedAtMs>.json   one seal each ({statement, signature, certificate}), 0600
//
// `shoumictl audit verify` (and the offline verify with --identity) checks every one of them, pinned to the
// key of IDENTITY/admin.crt: deleting seals on the server, or rewriting the chain under them, is caught.
import { chmod, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../pki/pki-files';
import { type AuditSeal, parseSeal, parseSealStatement } from './seal';

export const LOCAL_SEALS_DIR = 'seals';

export async function writeLocalSeal(identityDir: string, seal: AuditSeal): Promise<string> {
  const dir = path.join(identityDir, LOCAL_SEALS_DIR);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const statement = parseSealStatement(seal.statement);
  const file = path.join(dir, `${statement.position}-${statement.sealedAtMs}.json`);
  await writeFileAtomic(file, `${JSON.stringify(seal, null, 2)}\n`, 0o600);
  return file;
}

/** Every seal kept beside the identity; none when the directory does not exist. Unreadable files are errors. */
export async function readLocalSeals(identityDir: string): Promise<{ file: string; seal: AuditSeal }[]> {
  const dir = path.join(identityDir, LOCAL_SEALS_DIR);
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[];
    throw new Error(`${dir}: ${error.message}`);
  });
  return Promise.all(
    names
      .filter((name) => name.endsWith('.json'))
      .sort()
      .map(async (name) => readSealAt(path.join(dir, name))),
  );
}

/** One seal file (--seal FILE), naming the file in any error. */
export async function readSealAt(file: string): Promise<{ file: string; seal: AuditSeal }> {
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new Error(`seal ${file}: ${error.message}`);
  });
  try {
    return { file, seal: parseSeal(text) };
  } catch (error) {
    throw new Error(`seal ${file}: ${(error as Error).message}`);
  }
}
