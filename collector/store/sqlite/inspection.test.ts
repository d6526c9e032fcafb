// The inspection material's ledger and current-state parts on a real SQLite file: which ledger devices may
// belong to a scope (with when they entered the ledger and their status changes), and each problem key's
// current finding now, whatever the scope. (Sweeps, keys and measures: dispositions.test.ts.)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditContext, Store } from '../store';
import { findingOf, helloFor } from '../store-fixtures';
import { openSqliteStore } from './index';

const ADMIN: AuditContext = { actor: 'admin@test', source: 'local' };
const T0 = Date.UTC(2026, 10, 3, 1, 0, 0);
const DAY = 86_400_000;
const USB = { ruleId: 'usb-storage-registered', clause: '3.7.4', subject: '0781:5567:AA01' };
const WIFI = { ruleId: 'wifi-radio-absent', clause: '3.7.8', subject: 'phy0' };

describe('sqlite inspection material: the ledger and the current state', () => {
  let directory: string;
  let store: Store;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-inspection-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
  });
  afterEach(async () => {
    vi.useRealTimers();
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** A ledger change made at `atMs` (the store stamps ledger changes with the clock). */
  async function ledgerAt(atMs: number, deviceId: string, fields: Parameters<Store['updateLedger']>[1]) {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(atMs);
    try {
      await store.updateLedger(deviceId, fields, ADMIN);
    } finally {
      vi.useRealTimers();
    }
  }

  it('reads every ledger device that may have been in service, with when it entered and its status changes', async () => {
    await store.recordHello(helloFor('dev-a'), T0 - DAY);
    await store.recordFindings('dev-a', [findingOf(1, { ...USB, observedAtMs: T0 + 100 })], T0 + 100);
    await ledgerAt(T0 - 2 * DAY, 'dev-ledger-only', { assetNumber: 'BM-9', responsiblePerson: '赵六' });
    await ledgerAt(T0 - 3 * DAY, 'dev-retired-before', { assetNumber: 'BM-1' });
    await ledgerAt(T0 - DAY, 'dev-retired-before', { status: 'retired' });
    await ledgerAt(T0 - 3 * DAY, 'dev-retired-during', { assetNumber: 'BM-2' });
    await ledgerAt(T0 + 500, 'dev-retired-during', { status: 'retired' });

    const material = (await store.inspectionMaterial({ kind: 'window', fromMs: T0, toMs: T0 + 1000 }))!;
    expect(material.devices.map((device) => [device.deviceId, device.status, device.firstSeenMs])).toEqual([
      ['dev-a', 'in_service', T0 - DAY],
      ['dev-ledger-only', 'in_service', 0],
      ['dev-retired-during', 'retired', 0],
    ]);
    expect(material.ledger).toEqual([
      { deviceId: 'dev-a', enteredAtMs: T0 - DAY, statusChanges: [] },
      { deviceId: 'dev-ledger-only', enteredAtMs: T0 - 2 * DAY, statusChanges: [] },
      {
        deviceId: 'dev-retired-during',
        enteredAtMs: T0 - 3 * DAY,
        statusChanges: [{ atMs: T0 + 500, from: 'in_service', to: 'retired' }],
      },
    ]);
    // A retired device with findings in the scope is read too: its evidence is part of the record.
    await store.recordHello(helloFor('dev-retired-before'), T0 - 5 * DAY);
    await store.recordFindings(
      'dev-retired-before',
      [findingOf(1, { ...USB, observedAtMs: T0 + 200 })],
      T0 + 200,
    );
    const again = (await store.inspectionMaterial({ kind: 'window', fromMs: T0, toMs: T0 + 1000 }))!;
    expect(again.devices.map((device) => device.deviceId)).toContain('dev-retired-before');
    expect(again.ledger.find((presence) => presence.deviceId === 'dev-retired-before')).toEqual({
      deviceId: 'dev-retired-before',
      // The earlier of its first hello (stamped T0 - 5 days) and its first ledger change (T0 - 3 days).
      enteredAtMs: T0 - 5 * DAY,
      statusChanges: [{ atMs: T0 - DAY, from: 'in_service', to: 'retired' }],
    });
  });

  it("reads each problem key's current finding now, not the newest in the scope", async () => {
    await store.recordHello(helloFor('dev-a'), T0 - DAY);
    await store.recordFindings(
      'dev-a',
      [
        findingOf(1, { ...USB, status: 'fail', observedAtMs: T0 + 100 }),
        findingOf(2, { ...WIFI, status: 'fail', observedAtMs: T0 + 100 }),
        findingOf(3, { ...USB, status: 'pass', observedAtMs: T0 + 2000 }), // after the window
        findingOf(4, { ...WIFI, status: 'error', observedAtMs: T0 + 3000 }), // after the window
      ],
      T0 + 3000,
    );
    const material = (await store.inspectionMaterial({ kind: 'window', fromMs: T0, toMs: T0 + 1000 }))!;
    expect(material.keys.map(({ latest }) => [latest.ruleId, latest.status])).toEqual([
      [USB.ruleId, 'fail'],
      [WIFI.ruleId, 'fail'],
    ]);
    expect(material.current).toEqual([
      {
        deviceId: 'dev-a',
        ...{ ruleId: USB.ruleId, subject: USB.subject },
        status: 'pass',
        observedAtMs: T0 + 2000,
      },
      {
        deviceId: 'dev-a',
        ...{ ruleId: WIFI.ruleId, subject: WIFI.subject },
        status: 'error',
        observedAtMs: T0 + 3000,
      },
    ]);
  });
});
