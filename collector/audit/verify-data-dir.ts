// Offline verification: `shoumi-collector audit verify --data DIR` reads the SQLite file of a stopped (or
// running) collector read-only, without the store's start-up (no migration, no lock), so an auditor can
// check a copied data directory on another machine.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { dataDirWarning } from '../data-dir';
import { auditHead, readAuditRecords } from '../store/sqlite/audit';
import { openConnection } from '../store/sqlite/connection';
import { auditPages } from './audit-pages';
import type { StoredAuditRecord } from './audit-record';
import type { AuditDigest } from './digest';
import { readDigestFile } from './digest-file';
import { type ChainVerification, verifyAuditChain } from './verify-chain';

export const storeFileOf = (dataDir: string) => path.join(dataDir, 'collector.sqlite');

async function withReader<T>(
  dataDir: string,
  work: (
    read: (after: number, limit: number) => Promise<StoredAuditRecord[]>,
    head: () => Promise<StoredAuditRecord | undefined>,
  ) => Promise<T>,
): Promise<T> {
  const file = storeFileOf(dataDir);
  await access(file).catch(() => {
    throw new Error(`${file}: no collector store here (is --data the collector's data directory?)`);
  });
  const reader = await openConnection(file, 'read-only');
  try {
    return await work(
      (afterPosition, limit) => readAuditRecords(reader, { afterPosition, limit }),
      () => auditHead(reader),
    );
  } finally {
    await reader.close();
  }
}

export function verifyDataDir(dataDir: string, digest?: AuditDigest): Promise<ChainVerification> {
  return withReader(dataDir, (read) => verifyAuditChain(auditPages(read), digest));
}

export function headOfDataDir(dataDir: string): Promise<StoredAuditRecord | undefined> {
  return withReader(dataDir, (_read, head) => head());
}

/** The offline command's work: the digest file (printed block or JSON) read, then the chain checked. */
export async function verifyDataDirCommand(dataDir: string, digestFile?: string): Promise<ChainVerification> {
  // A reader changes nothing: a data directory others may write is named, not refused or tightened.
  const warning = await dataDirWarning(dataDir);
  if (warning !== undefined) process.stderr.write(`warning: ${warning}\n`);
  return verifyDataDir(dataDir, digestFile ? await readDigestFile(digestFile) : undefined);
}
