// One asset number, one device, in the SQLite schema (migration 10): race-free refusal of a clash, a
// database already holding a clash migrates and keeps it, and numbers may change hands in one import.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { InvalidStoreInputError } from '../store-errors';
import { ledgerEntryFor } from '../store-fixtures';
import { openConnection } from './connection';
import { openSqliteStore } from './index';
import { MIGRATIONS } from './migrations';

const admin = { actor: 'admin@test', source: 'local' };

describe('asset numbers unique in the SQLite ledger', () => {
  let directory: string;
  let file: string;
  let store: Store | undefined;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-asset-'));
    file = join(directory, 'collector.db');
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    await rm(directory, { recursive: true, force: true });
  });

  async function assetNumbers(): Promise<Array<[string, string]>> {
    const connection = await openConnection(file, 'read-only');
    try {
      const rows = await connection.all<{ device_id: string; asset_number: string }>(
        'SELECT device_id, asset_number FROM devices ORDER BY device_id',
      );
      return rows.map((row) => [row.device_id, row.asset_number]);
    } finally {
      await connection.close();
    }
  }

  it('migrates a database that already holds two devices with one number, keeps them, and refuses a third', async () => {
    const old = await openConnection(file, 'read-write');
    const before = MIGRATIONS.filter((migration) => migration.version < 10);
    for (const migration of before) await old.exec(migration.sql);
    await old.exec(`PRAGMA user_version = ${before.at(-1)!.version}`);
    await old.exec(`INSERT INTO devices (device_id, asset_number) VALUES
      ('dev-a', 'ZC-DUP'), ('dev-b', 'ZC-DUP'), ('dev-c', 'ZC-3'), ('dev-d', ''), ('dev-e', '')`);
    await old.close();

    store = await openSqliteStore(file);
    expect(await assetNumbers()).toEqual([
      ['dev-a', 'ZC-DUP'],
      ['dev-b', 'ZC-DUP'],
      ['dev-c', 'ZC-3'],
      ['dev-d', ''],
      ['dev-e', ''],
    ]);
    expect(
      (await store.ledgerIdentities({ deviceIds: ['dev-c'], assetNumbers: ['ZC-DUP', ''] })).map(
        (identity) => identity.deviceId,
      ),
    ).toEqual(['dev-a', 'dev-b', 'dev-c']);

    // The pair may still be edited otherwise (the use cases name it); a new holder of either number may not.
    await store.updateLedger('dev-a', { location: '201' }, admin);
    await expect(store.updateLedger('dev-d', { assetNumber: 'ZC-DUP' }, admin)).rejects.toThrow(
      InvalidStoreInputError,
    );
    await expect(store.updateLedger('dev-d', { assetNumber: 'ZC-3' }, admin)).rejects.toThrow(
      /asset number of this write was given to another device/,
    );
    await expect(
      store.importLedger([ledgerEntryFor('dev-new', { assetNumber: 'ZC-3' })], {}, admin, { dryRun: false }),
    ).rejects.toThrow(InvalidStoreInputError);
    // Renumbering one of the pair mends it; the number it gave up is still held by the other.
    await store.updateLedger('dev-b', { assetNumber: 'ZC-2' }, admin);
    await expect(store.updateLedger('dev-b', { assetNumber: 'ZC-DUP' }, admin)).rejects.toThrow(
      InvalidStoreInputError,
    );
    expect(await assetNumbers()).toEqual([
      ['dev-a', 'ZC-DUP'],
      ['dev-b', 'ZC-2'],
      ['dev-c', 'ZC-3'],
      ['dev-d', ''],
      ['dev-e', ''],
    ]);
  });

  it('lets numbers change hands in one import (a swap), and many devices have none', async () => {
    store = await openSqliteStore(file);
    await store.importLedger(
      [
        ledgerEntryFor('dev-a', { assetNumber: 'ZC-1' }),
        ledgerEntryFor('dev-b', { assetNumber: 'ZC-2' }),
        ledgerEntryFor('dev-c', { assetNumber: '', status: 'retired' }),
        ledgerEntryFor('dev-d', { assetNumber: '', status: 'retired' }),
      ],
      {},
      admin,
      { dryRun: false },
    );
    const swapped = await store.importLedger(
      [ledgerEntryFor('dev-a', { assetNumber: 'ZC-2' }), ledgerEntryFor('dev-b', { assetNumber: 'ZC-1' })],
      {},
      admin,
      { dryRun: false },
    );
    expect(swapped).toMatchObject({ changed: 2 });
    expect(await assetNumbers()).toEqual([
      ['dev-a', 'ZC-2'],
      ['dev-b', 'ZC-1'],
      ['dev-c', ''],
      ['dev-d', ''],
    ]);
  });

  it('gives a number to exactly one of two devices written at the same time', async () => {
    store = await openSqliteStore(file);
    const writes = await Promise.allSettled(
      ['dev-x', 'dev-y', 'dev-z'].map((deviceId) =>
        store!.updateLedger(deviceId, { assetNumber: 'ZC-RACE' }, admin),
      ),
    );
    expect(writes.filter((write) => write.status === 'fulfilled')).toHaveLength(1);
    for (const write of writes.filter((write) => write.status === 'rejected'))
      expect((write as PromiseRejectedResult).reason).toBeInstanceOf(InvalidStoreInputError);
    expect((await assetNumbers()).filter(([, number]) => number === 'ZC-RACE')).toHaveLength(1);
  });
});
