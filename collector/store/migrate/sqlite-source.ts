// The SQLite store a migration reads: the data directory locked against a collector for the whole migration
// (sqlite/data-dir-lock.ts), the file opened read-only (SQLITE_OPEN_READONLY: nothing can be written to it,
// not even by a bug here), its schema the one this collector knows, and one read transaction around every
// read, so that the copy is one snapshot even if a command (`token create`, `admin add`) writes meanwhile.
import { access, readFile } from 'node:fs/promises';
import type { AuditSeal } from '../../audit/seal';
import { readSealFile } from '../../audit/seal-file';
import { pkiPaths } from '../../pki/pki-files';
import { sqliteStoreFileOf } from '../open-store';
import { openConnection, type SqliteConnection } from '../sqlite/connection';
import { type DataDirLock, DataDirLocked, lockDataDir } from '../sqlite/data-dir-lock';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../sqlite/migrations';
import { MigrationRefused } from './migration-refused';

export interface SqliteSource {
  reader: SqliteConnection;
  file: string;
  /** Tables of the store, SQLite's own (sqlite_*) left out. */
  tables: string[];
  /** The data directory's CA certificate (seals are checked against it); "" when it has none. */
  caPem: string;
  /** The collector's seal file beside the store, when there is one. */
  sealFile: AuditSeal | undefined;
  close(): Promise<void>;
}

export async function openSqliteSource(dataDir: string): Promise<SqliteSource> {
  await access(dataDir).catch(() => {
    throw new MigrationRefused(`--from ${dataDir}: no such directory`);
  });
  const file = sqliteStoreFileOf(dataDir);
  await access(file).catch(() => {
    throw new MigrationRefused(
      `--from ${dataDir}: no collector store at ${file} (is it the collector's data directory?)`,
    );
  });
  let lock: DataDirLock;
  try {
    lock = await lockDataDir(dataDir);
  } catch (error) {
    if (error instanceof DataDirLocked)
      throw new MigrationRefused(`--from: ${error.message}; migrate reads a stopped collector's store`);
    throw error;
  }
  let reader: SqliteConnection | undefined;
  try {
    reader = await openConnection(file, 'read-only');
    const version = await schemaVersion(reader);
    if (version !== LATEST_SCHEMA_VERSION)
      throw new MigrationRefused(
        version < LATEST_SCHEMA_VERSION
          ? `${file}: store schema ${version}, this collector's is ${LATEST_SCHEMA_VERSION}: start this ` +
              'collector once on the directory (it upgrades the store), stop it, then migrate'
          : `${file}: store schema ${version} was written by a newer collector (this one knows ` +
              `${LATEST_SCHEMA_VERSION}): migrate with that collector`,
      );
    // Deferred: the snapshot is taken by the first read below and holds until close.
    await reader.exec('BEGIN');
    const tables = (
      await reader.all<{ name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
      )
    ).map((row) => row.name);
    const caPem = await readFile(pkiPaths(dataDir).caCert, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    const sealFile = await readSealFile(dataDir);
    const opened = reader;
    return {
      reader: opened,
      file,
      tables,
      caPem,
      sealFile,
      async close() {
        await opened.exec('COMMIT').catch(() => undefined);
        await opened.close();
        await lock.release();
      },
    };
  } catch (error) {
    await reader?.close().catch(() => undefined);
    await lock.release();
    throw error;
  }
}
