// The store backends as the contract suites open them: one fresh, empty store, or two store instances on
// one fresh database (two collectors sharing it: the two-writer suites). Every contract file runs against
// every entry of STORE_BACKENDS, so a backend cannot skip a suite. PostgreSQL comes from
// test/support/postgres.ts (npm run setup:postgres); a server that cannot be reached fails the suite.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshPostgresDatabase } from '../../test/support/postgres';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './store';

export interface OpenedStore {
  store: Store;
  cleanup(): Promise<void>;
}

export interface OpenedStorePair {
  stores: [Store, Store];
  cleanup(): Promise<void>;
}

export interface StoreBackend {
  name: string;
  open(): Promise<OpenedStore>;
  /** Two instances on one database, as two collectors would open it. */
  openPair(): Promise<OpenedStorePair>;
}

const closeAll = async (stores: readonly Store[]) => {
  for (const store of stores) await store.close().catch(() => undefined);
};

export const sqliteBackend: StoreBackend = {
  name: 'sqlite',
  async open() {
    const directory = await mkdtemp(join(tmpdir(), 'shoumi-store-'));
    return {
      store: await openSqliteStore(join(directory, 'collector.db')),
      cleanup: () => rm(directory, { recursive: true, force: true }),
    };
  },
  async openPair() {
    const directory = await mkdtemp(join(tmpdir(), 'shoumi-store-pair-'));
    const file = join(directory, 'collector.db');
    const first = await openSqliteStore(file);
    const second = await openSqliteStore(file);
    return {
      stores: [first, second],
      cleanup: async () => {
        await closeAll([first, second]);
        await rm(directory, { recursive: true, force: true });
      },
    };
  },
};

export const postgresBackend: StoreBackend = {
  name: 'postgres',
  async open() {
    const database = await freshPostgresDatabase('store');
    const store = await openPostgresStore(database.url, { max: 4 }).catch(async (error) => {
      await database.drop();
      throw error;
    });
    return {
      store,
      cleanup: async () => {
        await closeAll([store]);
        await database.drop();
      },
    };
  },
  async openPair() {
    const database = await freshPostgresDatabase('store_pair');
    const first = await openPostgresStore(database.url, { max: 4 });
    const second = await openPostgresStore(database.url, { max: 4 });
    return {
      stores: [first, second],
      cleanup: async () => {
        await closeAll([first, second]);
        await database.drop();
      },
    };
  },
};

export const STORE_BACKENDS: readonly StoreBackend[] = [sqliteBackend, postgresBackend];
