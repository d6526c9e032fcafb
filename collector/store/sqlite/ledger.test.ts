// The ledger role on SQLite: import all-or-nothing with one audit record, history of ledger and hardware
// changes, on real database files.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../store';
import { InvalidStoreInputError } from '../store-errors';
import { findingOf, helloFor, ledgerEntryFor } from '../store-fixtures';
import { openConnection } from './connection';
import { openSqliteStore } from './index';

const admin = { actor: 'admin@test', source: 'local' };

const entry = ledgerEntryFor;

describe('sqlite ledger', () => {
  let directory: string;
  let file: string;
  let store: Store;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-ledger-'));
    file = join(directory, 'collector.db');
    store = await openSqliteStore(file);
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function count(sql: string): Promise<number> {
    const connection = await openConnection(file, 'read-only');
    try {
      return (await connection.get<{ n: number }>(sql))!.n;
    } finally {
      await connection.close();
    }
  }

  it('imports in one transaction: creates unknown devices, changes known ones, one ledger.imported record', async () => {
    await store.recordHello(helloFor('dev-a'), 1);
    const auditBefore = (await store.listAudit({ limit: 100 })).length;

    const outcome = await store.importLedger(
      [entry('dev-a', { location: '' }), entry('dev-new')],
      { fileName: 'ledger.csv' },
      admin,
      { dryRun: false },
    );
    expect(outcome).toMatchObject({
      rows: 2,
      created: 1,
      changed: 1,
      unchanged: 0,
      changedDeviceIds: ['dev-a', 'dev-new'],
    });

    const audit = await store.listAudit({ limit: 100 });
    expect(audit).toHaveLength(auditBefore + 1);
    const record = audit[audit.length - 1]!;
    expect(record).toMatchObject({
      action: 'ledger.imported',
      actor: 'admin@test',
      position: outcome.auditPosition,
      detail: { fileName: 'ledger.csv', rows: 2, created: 1, changed: 1, unchanged: 0 },
    });
    expect(await store.getDevice('dev-new')).toMatchObject({
      classification: 'confidential',
      lastSeenMs: 0,
      firstSeenMs: 0,
      allowedNetworks: ['10.1.0.0/16'],
    });
    // dev-a: asset number, classification, responsible person, department, allowed networks (location stays "").
    const history = await store.ledgerHistory('dev-a', 50);
    expect(history.map((change) => change.field).sort()).toEqual(
      ['allowedNetworks', 'assetNumber', 'classification', 'department', 'responsiblePerson'].sort(),
    );
    expect(history[0]).toMatchObject({ action: 'ledger.imported', actor: 'admin@test' });
    expect(history.find((change) => change.field === 'classification')).toMatchObject({
      oldValue: null,
      newValue: 'confidential',
      auditPosition: outcome.auditPosition,
    });

    // The same entries again change nothing and write no history.
    const historyRows = await count('SELECT count(*) AS n FROM ledger_history');
    const again = await store.importLedger([entry('dev-a', { location: '' }), entry('dev-new')], {}, admin, {
      dryRun: false,
    });
    expect(again).toMatchObject({ rows: 2, created: 0, changed: 0, unchanged: 2, changedDeviceIds: [] });
    expect(await count('SELECT count(*) AS n FROM ledger_history')).toBe(historyRows);
  });

  it('counts a dry run the same way and writes nothing', async () => {
    await store.recordHello(helloFor('dev-a'), 1);
    const auditBefore = await store.listAudit({ limit: 100 });
    const outcome = await store.importLedger([entry('dev-a'), entry('dev-b')], {}, admin, { dryRun: true });
    expect(outcome).toMatchObject({ rows: 2, created: 1, changed: 1, unchanged: 0, auditPosition: 0 });
    expect(await store.getDevice('dev-b')).toBeNull();
    expect((await store.getDevice('dev-a'))?.classification).toBeNull();
    expect(await store.listAudit({ limit: 100 })).toEqual(auditBefore);
  });

  it('takes back every row of the import when one write fails', async () => {
    await store.recordHello(helloFor('dev-a'), 1);
    const auditBefore = await store.listAudit({ limit: 100 });
    const saboteur = await openConnection(file, 'read-write');
    await saboteur.exec(
      `CREATE TRIGGER sabotage BEFORE INSERT ON ledger_history WHEN NEW.device_id = 'dev-c'
       BEGIN SELECT RAISE(ABORT, 'history sabotaged'); END;`,
    );
    await saboteur.close();

    await expect(
      store.importLedger([entry('dev-a'), entry('dev-b'), entry('dev-c')], {}, admin, { dryRun: false }),
    ).rejects.toThrow(/history sabotaged/);
    expect((await store.getDevice('dev-a'))?.assetNumber).toBe('');
    expect(await store.getDevice('dev-b')).toBeNull();
    expect(await store.listAudit({ limit: 100 })).toEqual(auditBefore);
    expect(await count('SELECT count(*) AS n FROM ledger_history')).toBe(0);
  });

  it('refuses entries no caller should pass, before writing anything', async () => {
    const refusals = [
      [entry('dev-a'), entry('dev-a')],
      [entry('dev-a', { classification: 'ultra' as never })],
      [entry('')],
    ];
    for (const entries of refusals) {
      await expect(store.importLedger(entries, {}, admin, { dryRun: false })).rejects.toBeInstanceOf(
        InvalidStoreInputError,
      );
    }
    expect(await store.listAudit({ limit: 100 })).toEqual([]);
    expect(await count('SELECT count(*) AS n FROM devices')).toBe(0);
  });

  it('keeps every change of a hardware fact on hello as history, with one audit record per hello', async () => {
    await store.recordHello(helloFor('dev-a'), 1);
    expect(await store.ledgerHistory('dev-a', 50)).toEqual([]);

    // The same facts with the MAC addresses in another order: not a change.
    const base = helloFor('dev-a');
    const reordered = {
      ...base,
      hardware: { ...base.hardware, macAddresses: ['02:00:00:00:00:02', '02:00:00:00:00:01'] },
    };
    await store.recordHello(reordered, 2);
    const auditAfterSecond = await store.listAudit({ limit: 100 });
    expect(auditAfterSecond.filter((record) => record.action === 'device.hardware_changed')).toHaveLength(1);
    expect((await store.ledgerHistory('dev-a', 50)).map((change) => change.field)).toEqual([
      'hardware.macAddresses',
    ]);
    await store.recordHello(
      {
        ...reordered,
        hardware: { ...reordered.hardware, macAddresses: ['02:00:00:00:00:01', '02:00:00:00:00:02'] },
      },
      3,
    );
    expect(await store.listAudit({ limit: 100 })).toHaveLength(auditAfterSecond.length);

    const upgraded = {
      ...reordered,
      hardware: { ...reordered.hardware, kernel: '6.1.0', dmiBoardSerial: 'board-new', osVersion: '23' },
    };
    await store.recordHello(upgraded, 4);
    const history = await store.ledgerHistory('dev-a', 50);
    expect(history.slice(0, 3).map((change) => [change.field, change.oldValue, change.newValue])).toEqual(
      expect.arrayContaining([
        ['hardware.kernel', '5.10.0', '6.1.0'],
        ['hardware.dmiBoardSerial', 'board-dev-a', 'board-new'],
        ['hardware.osVersion', '20', '23'],
      ]),
    );
    for (const change of history)
      expect(change).toMatchObject({ actor: 'dev-a', action: 'device.hardware_changed' });
    const audit = await store.listAudit({ limit: 100 });
    const last = audit[audit.length - 1]!;
    expect(last).toMatchObject({
      action: 'device.hardware_changed',
      actor: 'dev-a',
      source: 'agent',
      target: 'dev-a',
    });
    expect(history[0]!.auditPosition).toBe(last.position);
    expect((await store.getDevice('dev-a'))?.hardware?.kernel).toBe('6.1.0');
  });

  it('a reconnect on the same hardware updates versions and last seen only, never backwards', async () => {
    await store.updateLedger('dev-l', { assetNumber: 'ZC-1' }, admin); // a ledger entry before enrolment
    const first = await store.recordHello(helloFor('dev-l'), 1000);
    expect(first).toMatchObject({ firstSeenMs: 1000, lastSeenMs: 1000, assetNumber: 'ZC-1' });
    const auditAfterFirst = await store.listAudit({ limit: 100 });
    expect(auditAfterFirst.map((record) => record.action)).toEqual(['ledger.updated', 'device.first_seen']);

    await store.recordFindings('dev-l', [findingOf(1), findingOf(2)], 1500);
    const again = await store.recordHello({ ...helloFor('dev-l'), agentVersion: '0.9.0' }, 3000);
    expect(again).toMatchObject({ firstSeenMs: 1000, lastSeenMs: 3000, agentVersion: '0.9.0', lastSeq: 2 });
    const late = await store.recordHello({ ...helloFor('dev-l'), policyVersion: 'p-2' }, 2000);
    expect(late).toMatchObject({ firstSeenMs: 1000, lastSeenMs: 3000, policyVersion: 'p-2', lastSeq: 2 });
    expect(await store.getDevice('dev-l')).toEqual(late);
    expect(await store.listAudit({ limit: 100 })).toEqual(auditAfterFirst);
    expect(await store.ledgerHistory('dev-l', 50)).toHaveLength(1); // the asset number only
  });

  it('keeps a swapped disk as history, and a reordered disk list as no change', async () => {
    const base = helloFor('dev-a');
    const second = { name: 'sdb', model: 'WDC WD10EZEX', serial: 'WD-1', sizeBytes: 1_000_204_886_016 };
    const twoDisks = { ...base, hardware: { ...base.hardware, disks: [...base.hardware.disks, second] } };
    await store.recordHello(twoDisks, 1);
    const reordered = { ...base, hardware: { ...base.hardware, disks: [second, ...base.hardware.disks] } };
    await store.recordHello(reordered, 2);
    expect(await store.ledgerHistory('dev-a', 50)).toEqual([]);

    const swapped = { ...second, serial: 'WD-2' };
    await store.recordHello(
      { ...base, hardware: { ...base.hardware, disks: [...base.hardware.disks, swapped] } },
      3,
    );
    const history = await store.ledgerHistory('dev-a', 50);
    expect(history.map((change) => change.field)).toEqual(['hardware.disks']);
    expect(history[0]!.newValue).toEqual([...base.hardware.disks, swapped]);
  });

  it('lists ledger edits and hardware changes together, newest first, up to the limit', async () => {
    await store.recordHello(helloFor('dev-a'), 1);
    await store.updateLedger('dev-a', { location: 'A' }, admin);
    await store.updateLedger('dev-a', { location: 'B' }, admin);
    const base = helloFor('dev-a');
    await store.recordHello({ ...base, hardware: { ...base.hardware, kernel: '6.1.0' } }, 5);
    const history = await store.ledgerHistory('dev-a', 2);
    expect(history.map((change) => [change.action, change.field, change.newValue])).toEqual([
      ['device.hardware_changed', 'hardware.kernel', '6.1.0'],
      ['ledger.updated', 'location', 'B'],
    ]);
    expect(await store.ledgerHistory('dev-unknown', 10)).toEqual([]);
  });
});
