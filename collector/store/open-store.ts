// Which store a command works on: the SQLite file in the collector's data directory (the embedded default),
// or the PostgreSQL database several collectors share, named by a postgres:// URL. The commands that change
// the store outside `serve` (token create, admin add) open it here, so a `--store URL` option only has to
// pass the URL on; the store's own start-up (migrations, locks) is the same as the collector's.
import path from 'node:path';
import { isPostgresUrl, openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './store';

/** The SQLite store file of a data directory. */
export const sqliteStoreFileOf = (dataDir: string): string => path.join(dataDir, 'collector.sqlite');

export interface StoreLocation {
  dataDir: string;
  /** postgres://… to use the shared database instead of the data directory's file; absent: the file. */
  storeUrl?: string;
}

export function openStoreAt(location: StoreLocation): Promise<Store> {
  if (location.storeUrl === undefined) return openSqliteStore(sqliteStoreFileOf(location.dataDir));
  if (!isPostgresUrl(location.storeUrl))
    return Promise.reject(
      new Error(`--store ${location.storeUrl}: expected a postgres:// or postgresql:// URL`),
    );
  // A command holds one connection at a time: a pool of one leaves the collectors theirs.
  return openPostgresStore(location.storeUrl, { max: 1, applicationName: 'shoumi-collector-command' });
}
