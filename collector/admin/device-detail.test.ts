// GetDevice against a real SQLite store: the media the device's agent reported, each with where the media
// ledger stands on it, and the sweeps sent to it — both newest first.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { callUnary } from '../../test/support/unary-call';
import { inProcessCoordination } from '../coordination/in-process';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import { helloFor } from '../store/store-fixtures';
import { ledgerHandlers } from './ledger';

const silent = { info() {}, warn() {}, error() {} };
const OFFICE = { actor: 'admin:wang', source: 'local' };

describe('GetDevice: media seen and sweeps', () => {
  let directory: string;
  let store: Store;
  let handlers: ReturnType<typeof ledgerHandlers>;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-admin-device-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    handlers = ledgerHandlers({
      store,
      streams: inProcessCoordination().streams,
      policy: {} as never,
      log: silent,
      pushPolicyBundles: async () => {},
    });
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('answers the registered and unregistered media seen and the sweeps, newest first', async () => {
    await store.recordHello(helloFor('dev-a'), 1000);
    await store.recordSightings(
      'dev-a',
      { media: [{ vendorId: '46f4', productId: '0001', serial: 'REG' }], printers: [] },
      2000,
    );
    await store.recordSightings(
      'dev-a',
      { media: [{ vendorId: '0781', productId: '5581', serial: 'UNREG' }], printers: [] },
      3000,
    );
    await store.registerMedium(
      {
        vendorId: '46f4',
        productId: '0001',
        serial: 'REG',
        classification: 'secret',
        status: 'retired',
        assetNumber: 'U-1',
        responsiblePerson: '张三',
      },
      OFFICE,
    );
    await store.createSweep({ sweepId: 'sw-1', scheduleId: '', ruleIds: [] }, OFFICE, 4000);
    await store.createSweep({ sweepId: 'sw-2', scheduleId: '', ruleIds: [] }, OFFICE, 5000);

    const { error, value } = await callUnary(handlers, 'GetDevice', {
      deviceId: 'dev-a',
    });
    expect(error).toBeNull();
    expect(value!.mediaSeen).toEqual([
      {
        vendorId: '0781',
        productId: '5581',
        serial: 'UNREG',
        firstSeenMs: 3000,
        lastSeenMs: 3000,
        registered: false,
        status: '',
      },
      {
        vendorId: '46f4',
        productId: '0001',
        serial: 'REG',
        firstSeenMs: 2000,
        lastSeenMs: 2000,
        registered: true,
        status: 'retired',
      },
    ]);
    expect(value!.sweeps).toEqual([
      { sweepId: 'sw-2', createdAtMs: 5000, state: 'pending', answeredAtMs: 0 },
      { sweepId: 'sw-1', createdAtMs: 4000, state: 'pending', answeredAtMs: 0 },
    ]);
  });
});
