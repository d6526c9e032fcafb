// The media use cases against a real SQLite store: what is refused (and that nothing changes), what is
// audited, and that every change pushes bundles.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBaselinePolicy } from '../../policies/load-policy';
import type { MediumRecord } from '../../proto/generated/shoumi/v1/MediumRecord';
import { callUnary } from '../../test/support/unary-call';
import { inProcessCoordination } from '../coordination/in-process';
import type { LoadedPolicy } from '../policy-source';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import { helloFor } from '../store/store-fixtures';
import { mediaHandlers } from './media';

const silent = { info() {}, warn() {}, error() {} };

const MEDIUM: MediumRecord = {
  serial: 'SHM0001STICK',
  vendorId: '46F4',
  productId: '0001',
  classification: 'CONFIDENTIAL',
  assetNumber: 'U-001',
  responsiblePerson: '张三',
  boundDeviceIds: [],
  boundDepartment: '',
  note: '',
  status: 'MEDIUM_STATUS_UNSPECIFIED',
};

describe('media use cases', () => {
  let directory: string;
  let store: Store;
  let pushes: number;
  let handlers: ReturnType<typeof mediaHandlers>;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-admin-media-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    await store.recordHello(helloFor('dev-a'), 1);
    const baseline = await loadBaselinePolicy();
    if (!baseline.ok) throw new Error('baseline does not load');
    pushes = 0;
    handlers = mediaHandlers({
      store,
      streams: inProcessCoordination().streams,
      policy: { current: () => ({ policy: baseline.policy }) as LoadedPolicy } as never,
      log: silent,
      pushPolicyBundles: async () => {
        pushes++;
      },
    });
  });
  afterEach(async () => {
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  const call = <Req>(method: keyof typeof handlers, request: Req) => callUnary(handlers, method, request);

  it('registers a medium, lowercasing its ids, defaulting to in use, audited, and pushes bundles', async () => {
    const { error, value } = await call('RegisterMedium', {
      medium: { ...MEDIUM, boundDeviceIds: ['dev-a'] },
    });
    expect(error).toBeNull();
    expect(value).toMatchObject({
      vendorId: '46f4',
      productId: '0001',
      status: 'IN_USE',
      boundDeviceIds: ['dev-a'],
    });
    expect(pushes).toBe(1);
    expect((await store.ledgerSlice('dev-a')).media).toHaveLength(1);
    expect((await store.ledgerSlice('dev-other')).media).toHaveLength(0);
    const audit = await store.listAudit({ limit: 100 });
    expect(audit.filter((entry) => entry.action === 'medium.registered')).toMatchObject([
      { actor: 'admin:unauthenticated', source: 'ipv4:127.0.0.1:5555', target: 'usb:46f4:0001:SHM0001STICK' },
    ]);
  });

  it('refuses bad input naming the field, and stores and pushes nothing', async () => {
    const refusals: Array<[Partial<MediumRecord>, RegExp]> = [
      [{ vendorId: '46G4' }, /vendor_id "46G4"/],
      [{ productId: '1' }, /product_id "1"/],
      [{ serial: '  ' }, /serial is required/],
      [{ classification: 'CLASSIFICATION_UNSPECIFIED' }, /classification is required/],
      [{ assetNumber: '' }, /asset_number is required/],
      [{ responsiblePerson: '' }, /responsible_person is required/],
      [{ boundDeviceIds: ['dev-a', 'dev-typo'] }, /bound device "dev-typo" is not in the ledger/],
    ];
    for (const [change, message] of refusals) {
      const { error } = await call('RegisterMedium', { medium: { ...MEDIUM, ...change } });
      expect(error?.code).toBe(grpc.status.INVALID_ARGUMENT);
      expect(error?.details).toMatch(message);
    }
    expect(await store.listMedia()).toEqual([]);
    expect(pushes).toBe(0);
  });

  it('sets a status; an unknown medium is NOT_FOUND; re-registering keeps the status it had', async () => {
    await call('RegisterMedium', { medium: MEDIUM });
    const key = { vendorId: '46f4', productId: '0001', serial: 'SHM0001STICK' };
    const lost = await call('SetMediumStatus', { ...key, status: 'LOST', note: '遗失' });
    expect(lost.value).toMatchObject({ status: 'LOST', note: '遗失' });
    const unknown = await call('SetMediumStatus', { ...key, serial: 'OTHER', status: 'RETIRED', note: '' });
    expect(unknown.error?.code).toBe(grpc.status.NOT_FOUND);
    const noStatus = await call('SetMediumStatus', { ...key, status: 'MEDIUM_STATUS_UNSPECIFIED', note: '' });
    expect(noStatus.error?.code).toBe(grpc.status.INVALID_ARGUMENT);
    const again = await call('RegisterMedium', { medium: { ...MEDIUM, assetNumber: 'U-001B' } });
    expect(again.value).toMatchObject({ status: 'LOST', assetNumber: 'U-001B' });
    expect(pushes).toBe(3);
  });

  it('lists with filters, and refuses an unknown status filter', async () => {
    await call('RegisterMedium', { medium: MEDIUM });
    await call('RegisterMedium', { medium: { ...MEDIUM, serial: 'B', boundDepartment: '一部' } });
    const byDepartment = await call('ListMedia', { status: '', department: '一部', withSightings: false });
    expect((byDepartment.value as { media: MediumRecord[] }).media.map((medium) => medium.serial)).toEqual([
      'B',
    ]);
    const bad = await call('ListMedia', { status: 'gone', department: '', withSightings: false });
    expect(bad.error?.details).toMatch(/status "gone"/);
  });
});
