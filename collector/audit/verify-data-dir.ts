// Offline verification: `shoumi-collector audit verify --data DIR` reads the SQLite file of a stopped (or
// running) collector read-only, without the store's start-up (no migration, no lock), so an auditor can
// check a copied data directory on another machine. Seals come from the store, the collector's seal file,
// --seal FILEs, and with --identity DIR the auditor's own copies (pinned to that identity's key, whose ca.crt
// then replaces the data directory's: root on the collector host could have replaced that one).
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { dataDirWarning } from '../data-dir';
import { ADMIN_IDENTITY_FILES } from '../pki/identity-names';
import { pkiPaths } from '../pki/pki-files';
import { sqliteStoreFileOf } from '../store/open-store';
import { isPostgresUrl } from '../store/postgres';
import * as postgresAudit from '../store/postgres/audit';
import * as postgresSeals from '../store/postgres/audit-seals';
import { postgresPoolConfig } from '../store/postgres/pool';
import { auditFormatBoundary, auditHead, readAuditRecords } from '../store/sqlite/audit';
import { readSeals } from '../store/sqlite/audit-seals';
import { openConnection, type SqliteConnection } from '../store/sqlite/connection';
import type { AuditStore } from '../store/store';
import type { StoredAuditRecord } from './audit-record';
import type { AuditDigest } from './digest';
import { readDigestFile } from './digest-file';
import { readLocalSeals, readSealAt } from './local-seals';
import { readSealFile } from './seal-file';
import type { ChainVerification } from './verify-chain';
import { type GivenSeal, type TrailSource, verifyTrail } from './verify-trail';

export const storeFileOf = sqliteStoreFileOf;

async function withReader<T>(dataDir: string, work: (reader: SqliteConnection) => Promise<T>): Promise<T> {
  const file = storeFileOf(dataDir);
  await access(file).catch(() => {
    throw new Error(`${file}: no collector store here (is --data the collector's data directory?)`);
  });
  const reader = await openConnection(file, 'read-only');
  try {
    return await work(reader);
  } finally {
    await reader.close();
  }
}

/** The trail of any store (a PostgreSQL one, say): what verifyTrail reads, through the Store interface. */
export function trailSourceOfStore(
  store: Pick<AuditStore, 'readAuditRecords' | 'readSeals' | 'auditFormatBoundary'>,
): TrailSource {
  return {
    readRecords: (options) => store.readAuditRecords(options),
    readSeals: (options) => store.readSeals(options),
    formatBoundary: () => store.auditFormatBoundary(),
  };
}

/** The SQLite file read as it lies, without the store's start-up (no migration, no lock, nothing written). */
export function trailSourceOf(reader: SqliteConnection): TrailSource {
  return {
    readRecords: (options) => readAuditRecords(reader, options),
    readSeals: (options) => readSeals(reader, options),
    formatBoundary: () => auditFormatBoundary(reader),
  };
}

/** A PostgreSQL trail read as it lies: plain reads on one connection, no migration, nothing written. */
async function withPostgresTrail<T>(url: string, work: (source: TrailSource) => Promise<T>): Promise<T> {
  if (!isPostgresUrl(url)) throw new Error(`--store ${url}: expected a postgres:// or postgresql:// URL`);
  const pool = new pg.Pool(postgresPoolConfig(url, { max: 1, applicationName: 'shoumi-audit-verify' }));
  pool.on('error', () => undefined);
  try {
    return await work({
      readRecords: (options) => postgresAudit.readAuditRecords(pool, options),
      readSeals: (options) => postgresSeals.readSeals(pool, options),
      formatBoundary: () => postgresAudit.auditFormatBoundary(pool),
    });
  } finally {
    await pool.end();
  }
}

export interface DataDirExpectations {
  /** postgres://… : the chain and seals are read from this database; DIR gives only the CA and seal file. */
  storeUrl?: string;
  digest?: AuditDigest;
  given?: readonly GivenSeal[];
  /** The CA to check seals against; the data directory's pki/ca.crt when absent. */
  caPem?: string;
}

export async function verifyDataDir(
  dataDir: string,
  expect: DataDirExpectations = {},
): Promise<ChainVerification> {
  if (expect.storeUrl === undefined)
    await access(storeFileOf(dataDir)).catch(() => {
      throw new Error(
        `${storeFileOf(dataDir)}: no collector store here (is --data the collector's data directory?)`,
      );
    });
  const caPem =
    expect.caPem ??
    (await readFile(pkiPaths(dataDir).caCert, 'utf8').catch((error: Error) => {
      throw new Error(`cannot read the CA certificate to check seals with: ${error.message}`);
    }));
  const sealFile = await readSealFile(dataDir);
  const verify = (source: TrailSource) =>
    verifyTrail(source, {
      caPem,
      ...(sealFile ? { sealFile } : {}),
      ...(expect.digest ? { digest: expect.digest } : {}),
      ...(expect.given ? { given: expect.given } : {}),
    });
  if (expect.storeUrl !== undefined) return withPostgresTrail(expect.storeUrl, verify);
  return withReader(dataDir, (reader) => verify(trailSourceOf(reader)));
}

export function headOfDataDir(dataDir: string): Promise<StoredAuditRecord | undefined> {
  return withReader(dataDir, (reader) => auditHead(reader));
}

/** The offline command's work: digest and seal files read, the identity's copies pinned, then the check. */
export async function verifyDataDirCommand(
  dataDir: string,
  options: {
    digestFile?: string;
    sealFiles?: readonly string[];
    identityDir?: string;
    storeUrl?: string;
  } = {},
): Promise<ChainVerification> {
  // A reader changes nothing: a data directory others may write is named, not refused or tightened.
  const warning = await dataDirWarning(dataDir);
  if (warning !== undefined) process.stderr.write(`warning: ${warning}\n`);
  const given: GivenSeal[] = [];
  let caPem: string | undefined;
  let pinnedCertificatePem: string | undefined;
  if (options.identityDir) {
    const read = (name: string) =>
      readFile(path.join(options.identityDir!, name), 'utf8').catch((error: Error) => {
        throw new Error(`--identity ${options.identityDir}: ${error.message}`);
      });
    caPem = await read(ADMIN_IDENTITY_FILES.ca);
    pinnedCertificatePem = await read(ADMIN_IDENTITY_FILES.cert);
    for (const { seal } of await readLocalSeals(options.identityDir))
      given.push({ seal, origin: 'local-copy', pinnedCertificatePem });
  }
  for (const file of options.sealFiles ?? [])
    given.push({ seal: (await readSealAt(file)).seal, origin: 'given' });
  return verifyDataDir(dataDir, {
    given,
    ...(options.storeUrl !== undefined ? { storeUrl: options.storeUrl } : {}),
    ...(caPem ? { caPem } : {}),
    ...(options.digestFile ? { digest: await readDigestFile(options.digestFile) } : {}),
  });
}
