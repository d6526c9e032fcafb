// Sightings and medium status on a real SQLite file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditContext, Store } from '../store';
import { InvalidStoreInputError, UnknownDeviceError } from '../store-errors';
import { helloFor } from '../store-fixtures';
import { openSqliteStore } from './index';

const ADMIN: AuditContext = { actor: 'admin@test', source: 'local' };
const STICK = { vendorId: '46f4', productId: '0001', serial: 'SHM0001STICK' };
const OTHER = { vendorId: '0781', productId: '5581', serial: 'ABC' };

describe('sqlite sightings', () => {
  let directory: string;
  let store: Store;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-sightings-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    await store.recordHello(helloFor('dev-a'), 1);
    await store.recordHello(helloFor('dev-b'), 1);
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('records first and last seen per device, and says which sightings were new', async () => {
    const first = await store.recordSightings(
      'dev-a',
      { media: [STICK, STICK, OTHER], printers: ['ipp://192.0.2.10'] },
      1000,
    );
    expect(first).toEqual({ media: [STICK, OTHER], printers: ['ipp://192.0.2.10'] });
    const again = await store.recordSightings(
      'dev-a',
      { media: [STICK], printers: ['ipp://192.0.2.10'] },
      2000,
    );
    expect(again).toEqual({ media: [], printers: [] });
    await store.updateLedger('dev-b', { classification: 'non_classified' }, ADMIN);
    expect(await store.recordSightings('dev-b', { media: [STICK], printers: [] }, 1500)).toEqual({
      media: [STICK],
      printers: [],
    });

    expect(await store.mediumSightings(STICK)).toEqual([
      {
        deviceId: 'dev-a',
        hostname: 'host-dev-a',
        classification: null,
        firstSeenMs: 1000,
        lastSeenMs: 2000,
      },
      {
        deviceId: 'dev-b',
        hostname: 'host-dev-b',
        classification: 'non_classified',
        firstSeenMs: 1500,
        lastSeenMs: 1500,
      },
    ]);
    expect(await store.printerSightings('ipp://192.0.2.10')).toMatchObject([
      { deviceId: 'dev-a', firstSeenMs: 1000, lastSeenMs: 2000 },
    ]);
    expect([...(await store.allMediumSightings()).keys()].sort()).toEqual([
      '0781:5581:ABC',
      '46f4:0001:SHM0001STICK',
    ]);
    expect(await store.sightingsOfDevice('dev-a')).toEqual({
      media: expect.arrayContaining([STICK, OTHER]),
      printers: ['ipp://192.0.2.10'],
    });
    // An older report arriving late does not move last seen backwards.
    await store.recordSightings('dev-a', { media: [STICK], printers: [] }, 500);
    expect((await store.mediumSightings(STICK)).find((s) => s.deviceId === 'dev-a')).toMatchObject({
      firstSeenMs: 500,
      lastSeenMs: 2000,
    });
  });

  it('refuses an unknown device or a malformed key and stores nothing', async () => {
    await expect(store.recordSightings('nobody', { media: [STICK], printers: [] }, 1)).rejects.toBeInstanceOf(
      UnknownDeviceError,
    );
    await expect(
      store.recordSightings('dev-a', { media: [STICK, { ...OTHER, vendorId: '0781X' }], printers: [] }, 1),
    ).rejects.toThrow(/0781X/);
    await expect(
      store.recordSightings('dev-a', { media: [STICK], printers: ['ipp://host/path'] }, 1),
    ).rejects.toBeInstanceOf(InvalidStoreInputError);
    expect(await store.mediumSightings(STICK)).toEqual([]);
  });

  it('reads the current status of collector findings by (device, rule, subject)', async () => {
    const subject = '46f4:0001:SHM0001STICK';
    await store.recordCollectorFindings(
      [
        {
          deviceId: 'dev-a',
          ruleId: 'media-cross-use-absent',
          clause: '3.7.4',
          subject,
          status: 'fail',
          severity: 'critical',
          evidence: {},
          reason: 'crossed',
          observedAtMs: 1,
          sweepId: '',
        },
      ],
      1,
    );
    const statuses = await store.collectorFindingStatuses('media-cross-use-absent', subject, [
      'dev-a',
      'dev-b',
    ]);
    expect([...statuses]).toEqual([['dev-a', 'fail']]);
  });

  it('sets a medium status with an audit record; an unknown medium changes nothing', async () => {
    await store.registerMedium(
      {
        ...STICK,
        classification: 'confidential',
        status: 'in_use',
        assetNumber: 'U-001',
        responsiblePerson: '张三',
      },
      ADMIN,
    );
    const lost = await store.setMediumStatus(STICK, 'lost', '遗失于会议室', ADMIN);
    expect(lost).toMatchObject({ status: 'lost', note: '遗失于会议室', assetNumber: 'U-001' });
    const kept = await store.setMediumStatus(STICK, 'retired', undefined, ADMIN);
    expect(kept).toMatchObject({ status: 'retired', note: '遗失于会议室' });
    const before = await store.listAudit({ limit: 100 });
    expect(await store.setMediumStatus(OTHER, 'lost', undefined, ADMIN)).toBeNull();
    const after = await store.listAudit({ limit: 100 });
    expect(after).toHaveLength(before.length);
    expect(after.filter((entry) => entry.action === 'medium.status_changed')).toMatchObject([
      { target: 'usb:46f4:0001:SHM0001STICK', detail: { from: 'in_use', to: 'lost' } },
      { target: 'usb:46f4:0001:SHM0001STICK', detail: { from: 'lost', to: 'retired' } },
    ]);
    expect(await store.getMedium(STICK)).toMatchObject({ status: 'retired' });
    expect(await store.getMedium(OTHER)).toBeNull();
  });
});
