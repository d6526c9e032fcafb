// The store's cached ledger slices against the slices read afresh from the same file: after every kind
// of write that can change a slice, the store must answer what a fresh read answers, and between writes
// it must answer with the object it kept (that is what spares the hello its queries).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegisteredMedium } from '../../../policies/model';
import type { Store } from '../store';
import { helloFor, ledgerEntryFor } from '../store-fixtures';
import { openConnection, type SqliteConnection } from './connection';
import { ledgerSlice } from './devices';
import { openSqliteStore } from './index';

const admin = { actor: 'admin@test', source: 'local' };

const entry = ledgerEntryFor;

const stick = (serial: string): RegisteredMedium => ({
  serial,
  vendorId: '0781',
  productId: '5581',
  classification: 'secret',
  status: 'in_use',
  assetNumber: `U-${serial}`,
  responsiblePerson: '李四',
});

describe('sqlite ledger slice cache', () => {
  let directory: string;
  let store: Store;
  let fresh: SqliteConnection;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-slice-cache-'));
    const file = join(directory, 'collector.db');
    store = await openSqliteStore(file);
    fresh = await openConnection(file, 'read-only');
  });
  afterEach(async () => {
    await fresh.close();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** Reads the slice through the store (kept) and afresh, asserts they agree, and returns the store's. */
  async function agreed(deviceId: string) {
    const kept = await store.ledgerSlice(deviceId);
    expect(kept).toEqual(await ledgerSlice(fresh, deviceId));
    return kept;
  }

  it('answers with the kept slice while nothing was written, and a hello creating the device changes nothing', async () => {
    const before = await agreed('dev-a');
    expect(await store.ledgerSlice('dev-a')).toBe(before);
    await store.recordHello(helloFor('dev-a'), 1_000);
    expect(await agreed('dev-a')).toBe(before);
    expect(Object.isFrozen(before) && Object.isFrozen(before.media)).toBe(true);
  });

  it('updateLedger: the next slice has the new fields', async () => {
    const before = await agreed('dev-a');
    await store.updateLedger('dev-a', { classification: 'secret', allowedNetworks: ['10.2.0.0/16'] }, admin);
    const after = await agreed('dev-a');
    expect(after).not.toBe(before);
    expect(after.classification).toBe('secret');
    expect(after.allowedNetworks).toEqual(['10.2.0.0/16']);
  });

  it('importLedger: created and changed devices both read their new fields; a dry run keeps the cache', async () => {
    await store.updateLedger('dev-a', { assetNumber: 'old' }, admin);
    const a = await agreed('dev-a');
    const b = await agreed('dev-b');
    await store.importLedger([entry('dev-a'), entry('dev-b')], {}, admin, { dryRun: true });
    expect(await store.ledgerSlice('dev-a')).toBe(a);
    await store.importLedger([entry('dev-a'), entry('dev-b')], {}, admin, { dryRun: false });
    expect((await agreed('dev-a')).assetNumber).toBe('ZC-dev-a');
    expect((await agreed('dev-b')).classification).toBe('confidential');
    expect(b.classification).toBeNull();
  });

  it('registerMedium: a new medium, then its binding to a department, reach the next slices', async () => {
    await store.importLedger(
      [entry('dev-a', { department: '保密办' }), entry('dev-b', { department: '财务处' })],
      {},
      admin,
      { dryRun: false },
    );
    expect((await agreed('dev-a')).media).toEqual([]);
    await store.registerMedium(stick('S1'), admin);
    expect((await agreed('dev-a')).media).toEqual([stick('S1')]);
    expect((await agreed('dev-b')).media).toEqual([stick('S1')]);
    await store.registerMedium({ ...stick('S1'), boundDepartment: '财务处' }, admin);
    expect((await agreed('dev-a')).media).toEqual([]);
    expect((await agreed('dev-b')).media).toEqual([stick('S1')]);
  });

  it('registerMedium bound to one device: that device alone has it, the others of its department not', async () => {
    await store.importLedger([entry('dev-a'), entry('dev-b')], {}, admin, { dryRun: false });
    await store.registerMedium(stick('S0'), admin);
    await store.registerMedium({ ...stick('S2'), boundDeviceIds: ['dev-b'] }, admin);
    const a = await agreed('dev-a');
    const b = await agreed('dev-b');
    expect(a.media.map((medium) => medium.serial)).toEqual(['S0']);
    expect(b.media.map((medium) => medium.serial)).toEqual(['S0', 'S2']);
  });

  it('setMediumStatus: the next slice has the new status', async () => {
    await store.registerMedium(stick('S1'), admin);
    expect((await agreed('dev-a')).media[0]?.status).toBe('in_use');
    const key = { vendorId: '0781', productId: '5581', serial: 'S1' };
    await store.setMediumStatus(key, 'retired', 'lost', admin);
    expect((await agreed('dev-a')).media[0]?.status).toBe('retired');
  });

  it('a slice read while a write commits is not kept past it', async () => {
    await agreed('dev-a');
    for (let round = 0; round < 20; round += 1) {
      // Asked and written at once: whichever the database sees first, the slice asked afterwards is current.
      const racing = store.ledgerSlice('dev-a');
      const written = store.updateLedger('dev-a', { assetNumber: `A-${round}` }, admin);
      const racingMedium = store.ledgerSlice('dev-a');
      const registered = store.registerMedium(stick(`R${round}`), admin);
      await Promise.all([racing, written, racingMedium, registered]);
      const after = await agreed('dev-a');
      expect(after.assetNumber).toBe(`A-${round}`);
      expect(after.media).toHaveLength(round + 1);
    }
  });
});
