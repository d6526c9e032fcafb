// The devices role's contract (ledger, media, sightings) for every backend: the methods the main contract
// suites do not exercise, with expected values written out by hand, and a two-writer part, two store
// instances on one database as two collectors would open it, writing at once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RegisteredMedium } from '../../../policies/model';
import type { AuditContext, DeviceFilter, MediumKey, Store } from '../store';
import type { OpenedStore, OpenedStorePair, StoreBackend } from '../store-backends';
import { InvalidStoreInputError, UnknownDeviceError } from '../store-errors';
import { helloFor, ledgerEntryFor } from '../store-fixtures';

const ADMIN: AuditContext = { actor: 'admin:wang', source: '10.0.0.9' };

const key = (serial: string): MediumKey => ({ vendorId: '0781', productId: '5581', serial });

const stick = (serial: string, overrides: Partial<RegisteredMedium> = {}): RegisteredMedium => ({
  ...key(serial),
  classification: 'secret',
  status: 'in_use',
  assetNumber: `U-${serial}`,
  responsiblePerson: '李四',
  ...overrides,
});

const actions = async (store: Store) => (await store.listAudit({ limit: 1000 })).map((entry) => entry.action);

export function describeDevicesContract(backend: StoreBackend): void {
  describe(`devices role contract: ${backend.name}`, () => {
    let opened: OpenedStore;
    let store: Store;
    beforeEach(async () => {
      opened = await backend.open();
      store = opened.store;
    });
    afterEach(async () => {
      await store.close().catch(() => undefined);
      await opened.cleanup();
    });

    it('ledgerHistory: every ledger and hardware change of the device, newest first, with its action', async () => {
      await store.updateLedger('dev-a', { assetNumber: 'ZC-1', department: '一处' }, ADMIN);
      await store.recordHello(helloFor('dev-a'), 1000);
      const hello = helloFor('dev-a');
      await store.recordHello({ ...hello, hardware: { ...hello.hardware, kernel: '6.1.0' } }, 2000);
      await store.updateLedger('dev-a', { classification: 'secret' }, ADMIN);
      await store.updateLedger('dev-b', { assetNumber: 'ZC-2' }, ADMIN);
      const history = await store.ledgerHistory('dev-a', 10);
      expect(history.map(({ atMs: _at, auditPosition: _position, ...change }) => change)).toEqual([
        {
          actor: 'admin:wang',
          action: 'ledger.updated',
          field: 'classification',
          oldValue: null,
          newValue: 'secret',
        },
        {
          actor: 'dev-a',
          action: 'device.hardware_changed',
          field: 'hardware.kernel',
          oldValue: '5.10.0',
          newValue: '6.1.0',
        },
        {
          actor: 'admin:wang',
          action: 'ledger.updated',
          field: 'department',
          oldValue: '',
          newValue: '一处',
        },
        {
          actor: 'admin:wang',
          action: 'ledger.updated',
          field: 'assetNumber',
          oldValue: '',
          newValue: 'ZC-1',
        },
      ]);
      // Each row points at the audit record of its own change: positions 1 (created), 2 (first seen),
      // 3 (hardware), 4 (classification).
      expect(history.map((change) => change.auditPosition)).toEqual([4, 3, 1, 1]);
      expect(history[1]!.atMs).toBe(2000);
      expect((await store.ledgerHistory('dev-a', 2)).map((change) => change.field)).toEqual([
        'classification',
        'hardware.kernel',
      ]);
      expect(await store.ledgerHistory('nobody', 10)).toEqual([]);
    });

    it('ledgerIdentities: devices named by id or by a non-empty asset number, each once, in id order', async () => {
      await store.updateLedger('dev-b', { assetNumber: 'ZC-2', department: '二处' }, ADMIN);
      await store.updateLedger('dev-a', { assetNumber: 'ZC-1' }, ADMIN);
      await store.recordHello(helloFor('dev-c'), 10);
      const found = await store.ledgerIdentities({
        deviceIds: ['dev-a', 'dev-c', 'dev-none'],
        assetNumbers: ['ZC-1', 'ZC-2', '', 'ZC-9'],
      });
      expect(found.map(({ deviceId, assetNumber, hostname }) => [deviceId, assetNumber, hostname])).toEqual([
        ['dev-a', 'ZC-1', ''],
        ['dev-b', 'ZC-2', ''],
        ['dev-c', '', 'host-dev-c'],
      ]);
      expect(found[1]!.fields).toEqual({
        assetNumber: 'ZC-2',
        classification: null,
        responsiblePerson: '',
        department: '二处',
        location: '',
        status: 'in_service',
        allowedNetworks: [],
      });
      // The empty asset number of dev-c is "not numbered yet": it never matches a query for "".
      expect(await store.ledgerIdentities({ deviceIds: [], assetNumbers: [''] })).toEqual([]);
    });

    it('importLedger: a dry run counts and writes nothing; the import writes all, one record, history per field', async () => {
      await store.updateLedger('dev-a', ledgerEntryFor('dev-a', { location: '101' }), ADMIN);
      await store.updateLedger('dev-b', ledgerEntryFor('dev-b'), ADMIN);
      const entries = [
        ledgerEntryFor('dev-a', { location: '102' }),
        ledgerEntryFor('dev-b'),
        ledgerEntryFor('dev-c', { classification: 'secret' }),
      ];
      const counts = {
        rows: 3,
        created: 1,
        changed: 1,
        unchanged: 1,
        changedDeviceIds: ['dev-a', 'dev-c'],
      };
      const before = await store.listAudit({ limit: 100 });
      expect(await store.importLedger(entries, { fileName: 'l.csv' }, ADMIN, { dryRun: true })).toEqual({
        ...counts,
        auditPosition: 0,
      });
      expect(await store.listAudit({ limit: 100 })).toEqual(before);
      expect(await store.getDevice('dev-c')).toBeNull();

      const outcome = await store.importLedger(entries, { fileName: 'l.csv' }, ADMIN, { dryRun: false });
      expect(outcome).toEqual({ ...counts, auditPosition: 3 });
      const audit = await store.listAudit({ limit: 100 });
      expect(audit.map((entry) => entry.action)).toEqual([
        'ledger.updated',
        'ledger.updated',
        'ledger.imported',
      ]);
      expect(audit[2]).toMatchObject({
        actor: 'admin:wang',
        source: '10.0.0.9',
        target: 'ledger',
        detail: { fileName: 'l.csv', ...counts },
      });
      expect((await store.getDevice('dev-a'))?.location).toBe('102');
      expect(await store.getDevice('dev-c')).toMatchObject({
        assetNumber: 'ZC-dev-c',
        classification: 'secret',
        responsiblePerson: '张三',
        firstSeenMs: 0,
      });
      expect((await store.ledgerHistory('dev-a', 10))[0]).toMatchObject({
        action: 'ledger.imported',
        field: 'location',
        oldValue: '101',
        newValue: '102',
        auditPosition: 3,
      });
      // A new entry's history holds the fields it sets, not those it leaves at their defaults.
      expect((await store.ledgerHistory('dev-c', 10)).map((change) => change.field).sort()).toEqual([
        'allowedNetworks',
        'assetNumber',
        'classification',
        'department',
        'location',
        'responsiblePerson',
      ]);
    });

    it('importLedger: two devices may swap numbers in one file; a number held outside the file refuses all of it', async () => {
      await store.importLedger(
        [ledgerEntryFor('dev-a'), ledgerEntryFor('dev-b'), ledgerEntryFor('dev-x')],
        {},
        ADMIN,
        {
          dryRun: false,
        },
      );
      const swapped = await store.importLedger(
        [
          ledgerEntryFor('dev-a', { assetNumber: 'ZC-dev-b' }),
          ledgerEntryFor('dev-b', { assetNumber: 'ZC-dev-a' }),
        ],
        {},
        ADMIN,
        { dryRun: false },
      );
      expect(swapped).toMatchObject({ changed: 2, changedDeviceIds: ['dev-a', 'dev-b'] });
      expect((await store.getDevice('dev-a'))?.assetNumber).toBe('ZC-dev-b');
      const audited = (await store.listAudit({ limit: 100 })).length;
      // dev-new would take dev-x's number: the whole file is refused, dev-a's change included.
      await expect(
        store.importLedger(
          [
            ledgerEntryFor('dev-a', { location: '999' }),
            ledgerEntryFor('dev-new', { assetNumber: 'ZC-dev-x' }),
          ],
          {},
          ADMIN,
          { dryRun: false },
        ),
      ).rejects.toThrow(/asset number of this write was given to another device/);
      expect((await store.getDevice('dev-a'))?.location).toBe('201');
      expect(await store.getDevice('dev-new')).toBeNull();
      expect(await store.listAudit({ limit: 100 })).toHaveLength(audited);
      await expect(
        store.importLedger([ledgerEntryFor('dev-a'), ledgerEntryFor('dev-a')], {}, ADMIN, { dryRun: false }),
      ).rejects.toThrow(/device "dev-a" appears twice/);
      await expect(
        store.importLedger([ledgerEntryFor('dev-q', { status: 'gone' as 'retired' })], {}, ADMIN, {
          dryRun: true,
        }),
      ).rejects.toBeInstanceOf(InvalidStoreInputError);
    });

    it('listDevices: a search folds ASCII letters only, as SQLite LIKE does; pages and totals agree', async () => {
      await store.updateLedger('dev-1', { assetNumber: 'ÉCOLE-1' }, ADMIN);
      await store.updateLedger('dev-2', { assetNumber: 'école-2' }, ADMIN);
      await store.updateLedger('dev-3', { assetNumber: 'Zc-3' }, ADMIN);
      await store.recordHello(helloFor('dev-4'), 5000);
      const ids = async (filter: DeviceFilter) => {
        const page = await store.listDevices({ ...filter, limit: 10, countTotal: true });
        expect(page.total).toBe(page.devices.length);
        return page.devices.map((device) => device.deviceId);
      };
      // "é" and "É" are different letters to the search; "cole" matches both whatever the case of C.
      expect(await ids({ search: 'éCOLE' })).toEqual(['dev-2']);
      expect(await ids({ search: 'ÉcOlE' })).toEqual(['dev-1']);
      expect(await ids({ search: 'COLE-' })).toEqual(['dev-1', 'dev-2']);
      expect(await ids({ search: 'zC' })).toEqual(['dev-3']);
      expect(await ids({ search: 'HOST-DEV-4' })).toEqual(['dev-4']);
      expect(await ids({ search: '\\' })).toEqual([]);
      // No required rules are known: a device seen is not judged, one never seen is never seen.
      expect(await ids({ state: 'never_seen' })).toEqual(['dev-1', 'dev-2', 'dev-3']);
      expect(await ids({ state: 'not_judged' })).toEqual(['dev-4']);
      expect(await ids({ state: 'compliant' })).toEqual([]);
      const first = await store.listDevices({ limit: 3, countTotal: true });
      expect([first.devices.map((device) => device.deviceId), first.nextAfterDeviceId, first.total]).toEqual([
        ['dev-1', 'dev-2', 'dev-3'],
        'dev-3',
        4,
      ]);
      const last = await store.listDevices({ limit: 3, afterDeviceId: 'dev-3' });
      expect([last.devices.map((device) => device.deviceId), last.nextAfterDeviceId]).toEqual([
        ['dev-4'],
        '',
      ]);
    });

    it('getMedium and setMediumStatus: the stored medium, its status and note changed with one record', async () => {
      expect(await store.getMedium(key('S1'))).toBeNull();
      await store.registerMedium({ ...stick('S1'), boundDepartment: '一处', note: '发放' }, ADMIN);
      expect(await store.getMedium(key('S1'))).toMatchObject({
        ...stick('S1'),
        boundDeviceIds: [],
        boundDepartment: '一处',
        note: '发放',
      });
      const lost = await store.setMediumStatus(key('S1'), 'lost', '报失 2026-12-01', ADMIN);
      expect(lost).toMatchObject({
        ...stick('S1'),
        status: 'lost',
        note: '报失 2026-12-01',
        boundDepartment: '一处',
      });
      // No note given: the note stands.
      const retired = await store.setMediumStatus(key('S1'), 'retired', undefined, ADMIN);
      expect(retired).toMatchObject({ status: 'retired', note: '报失 2026-12-01' });
      expect(await store.getMedium(key('S1'))).toEqual(retired);
      expect(await store.setMediumStatus(key('NONE'), 'retired', 'x', ADMIN)).toBeNull();
      await expect(store.setMediumStatus(key('S1'), 'stolen' as 'lost', 'x', ADMIN)).rejects.toThrow(
        /medium status "stolen" is not one of/,
      );
      const audit = await store.listAudit({ limit: 100 });
      expect(audit.map((entry) => [entry.action, entry.target, entry.detail])).toEqual([
        ['medium.registered', 'usb:0781:5581:S1', expect.anything()],
        [
          'medium.status_changed',
          'usb:0781:5581:S1',
          { from: 'in_use', to: 'lost', note: '报失 2026-12-01' },
        ],
        [
          'medium.status_changed',
          'usb:0781:5581:S1',
          { from: 'lost', to: 'retired', note: '报失 2026-12-01' },
        ],
      ]);
    });

    it('sightings: per medium and printer newest first, all media grouped, everything one device saw', async () => {
      await store.recordHello(helloFor('dev-a'), 1);
      await store.recordHello(helloFor('dev-b'), 1);
      await store.updateLedger('dev-b', { classification: 'secret' }, ADMIN);
      expect(
        await store.recordSightings(
          'dev-a',
          { media: [key('S1'), key('S1'), key('S2')], printers: ['ipp://p1:631'] },
          1000,
        ),
      ).toEqual({ media: [key('S1'), key('S2')], printers: ['ipp://p1:631'] });
      expect(
        await store.recordSightings('dev-b', { media: [key('S1')], printers: ['ipp://p1:631'] }, 2000),
      ).toEqual({
        media: [key('S1')],
        printers: ['ipp://p1:631'],
      });
      // Seen again: only later last-seen times, nothing new.
      expect(await store.recordSightings('dev-a', { media: [key('S1')], printers: [] }, 3000)).toEqual({
        media: [],
        printers: [],
      });
      // A report arriving late does not move last seen back, and moves first seen back.
      await store.recordSightings('dev-b', { media: [key('S1')], printers: [] }, 1500);

      const a = { deviceId: 'dev-a', hostname: 'host-dev-a', classification: null };
      const b = { deviceId: 'dev-b', hostname: 'host-dev-b', classification: 'secret' };
      expect(await store.mediumSightings(key('S1'))).toEqual([
        { ...a, firstSeenMs: 1000, lastSeenMs: 3000 },
        { ...b, firstSeenMs: 1500, lastSeenMs: 2000 },
      ]);
      expect(await store.mediumSightings(key('NONE'))).toEqual([]);
      expect(await store.printerSightings('ipp://p1:631')).toEqual([
        { ...b, firstSeenMs: 2000, lastSeenMs: 2000 },
        { ...a, firstSeenMs: 1000, lastSeenMs: 1000 },
      ]);
      const all = await store.allMediumSightings();
      expect([...all.keys()].sort()).toEqual(['0781:5581:S1', '0781:5581:S2']);
      expect(all.get('0781:5581:S1')!.map((sighting) => sighting.deviceId)).toEqual(['dev-a', 'dev-b']);
      expect(all.get('0781:5581:S2')).toEqual([{ ...a, firstSeenMs: 1000, lastSeenMs: 1000 }]);
      const ofA = await store.sightingsOfDevice('dev-a');
      expect(ofA.media.map((medium) => medium.serial).sort()).toEqual(['S1', 'S2']);
      expect(ofA.printers).toEqual(['ipp://p1:631']);
      expect(await store.sightingsOfDevice('dev-none')).toEqual({ media: [], printers: [] });
      await expect(
        store.recordSightings('nobody', { media: [key('S1')], printers: [] }, 1),
      ).rejects.toBeInstanceOf(UnknownDeviceError);
      await expect(
        store.recordSightings('dev-a', { media: [{ ...key('S1'), vendorId: 'XYZ' }], printers: [] }, 1),
      ).rejects.toThrow(/vendor and product ids/);
      await expect(
        store.recordSightings('dev-a', { media: [], printers: ['not a printer'] }, 1),
      ).rejects.toThrow(/scheme:\/\/host/);
    });
  });

  describe(`devices role, two collectors on one database: ${backend.name}`, () => {
    let pair: OpenedStorePair;
    let one: Store;
    let two: Store;
    beforeEach(async () => {
      pair = await backend.openPair();
      [one, two] = pair.stores;
    });
    afterEach(async () => {
      await pair.cleanup();
    });

    it('a medium retired through one collector is gone from the slices the other kept', async () => {
      await one.importLedger([ledgerEntryFor('dev-a', { department: '一处' })], {}, ADMIN, { dryRun: false });
      await one.registerMedium(stick('S1'), ADMIN);
      await one.registerMedium({ ...stick('S2'), boundDepartment: '一处' }, ADMIN);
      const kept = await two.ledgerSlice('dev-a');
      expect(kept.media.map((medium) => [medium.serial, medium.status])).toEqual([
        ['S1', 'in_use'],
        ['S2', 'in_use'],
      ]);
      expect(await two.ledgerSlice('dev-a')).toBe(kept);

      await one.setMediumStatus(key('S1'), 'retired', '收回', ADMIN);
      expect((await two.ledgerSlice('dev-a')).media.map((medium) => [medium.serial, medium.status])).toEqual([
        ['S1', 'retired'],
        ['S2', 'in_use'],
      ]);
      // A department change through one collector takes the department's medium from the other's slice.
      await one.updateLedger('dev-a', { department: '二处' }, ADMIN);
      expect((await two.ledgerSlice('dev-a')).media.map((medium) => medium.serial)).toEqual(['S1']);
      // An import through the other way round, and a medium bound to the device by id.
      await two.importLedger(
        [ledgerEntryFor('dev-a', { assetNumber: 'ZC-NEW', department: '二处' })],
        {},
        ADMIN,
        {
          dryRun: false,
        },
      );
      await two.registerMedium({ ...stick('S3'), boundDeviceIds: ['dev-a'] }, ADMIN);
      const seenByOne = await one.ledgerSlice('dev-a');
      expect(seenByOne.assetNumber).toBe('ZC-NEW');
      expect(seenByOne.media.map((medium) => medium.serial)).toEqual(['S1', 'S3']);
    });

    it('slices read through both while both write stay current after every write', async () => {
      await one.importLedger([ledgerEntryFor('dev-a')], {}, ADMIN, { dryRun: false });
      for (let round = 0; round < 8; round += 1) {
        const [writer, reader] = round % 2 === 0 ? [one, two] : [two, one];
        await Promise.all([
          reader.ledgerSlice('dev-a'),
          writer.registerMedium(stick(`R${round}`), ADMIN),
          reader.ledgerSlice('dev-a'),
          writer.updateLedger('dev-a', { location: `L${round}` }, ADMIN),
          writer.ledgerSlice('dev-a'),
        ]);
        for (const store of [one, two]) {
          const slice = await store.ledgerSlice('dev-a');
          expect(slice.media).toHaveLength(round + 1);
        }
      }
    });

    it('one asset number given to two devices at once through both: exactly one wins, the other changes nothing', async () => {
      await one.importLedger([ledgerEntryFor('dev-a'), ledgerEntryFor('dev-b')], {}, ADMIN, {
        dryRun: false,
      });
      for (let round = 0; round < 5; round += 1) {
        const number = `CLASH-${round}`;
        const audited = (await one.listAudit({ limit: 1000 })).length;
        const locationBefore = (await one.getDevice('dev-b'))?.location;
        const results = await Promise.allSettled([
          one.updateLedger('dev-a', { assetNumber: number }, ADMIN),
          two.importLedger(
            [ledgerEntryFor('dev-b', { assetNumber: number, location: `L${round}` })],
            {},
            ADMIN,
            {
              dryRun: false,
            },
          ),
        ]);
        const won = results.filter((result) => result.status === 'fulfilled');
        const lost = results.filter((result) => result.status === 'rejected') as PromiseRejectedResult[];
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(InvalidStoreInputError);
        expect(String(lost[0]!.reason.message)).toMatch(
          /asset number of this write was given to another device/,
        );
        const [a, b] = [await two.getDevice('dev-a'), await one.getDevice('dev-b')];
        expect([a?.assetNumber, b?.assetNumber].filter((held) => held === number)).toHaveLength(1);
        // The loser's other change (dev-b's location) is not there either, and only the winner was audited.
        expect(b?.location).toBe(b?.assetNumber === number ? `L${round}` : locationBefore);
        expect(await two.listAudit({ limit: 1000 })).toHaveLength(audited + 1);
      }
    });

    it('many devices seeing one medium through both collectors at once: each (medium, device) once, first and last exact', async () => {
      const devices = Array.from({ length: 12 }, (_, index) => `dev-${String(index).padStart(2, '0')}`);
      for (const deviceId of devices) await one.recordHello(helloFor(deviceId), 1);
      // Each device reports the medium three times (at 100 + i, 200 + i, 300 + i), alternately through the
      // two collectors, all at once; the printer once per device.
      const reports = devices.flatMap((deviceId, index) =>
        [100, 200, 300].map((base, time) =>
          (index + time) % 2 === 0
            ? one.recordSightings(
                deviceId,
                { media: [key('SHARED')], printers: ['ipp://shared'] },
                base + index,
              )
            : two.recordSightings(
                deviceId,
                { media: [key('SHARED')], printers: ['ipp://shared'] },
                base + index,
              ),
        ),
      );
      const answers = await Promise.all(reports);
      // Each device's first sighting is reported new exactly once, whichever report won.
      expect(answers.filter((answer) => answer.media.length === 1)).toHaveLength(devices.length);
      expect(answers.filter((answer) => answer.printers.length === 1)).toHaveLength(devices.length);
      const sightings = await two.mediumSightings(key('SHARED'));
      expect(
        sightings.map(({ deviceId, firstSeenMs, lastSeenMs }) => [deviceId, firstSeenMs, lastSeenMs]),
      ).toEqual(devices.map((deviceId, index) => [deviceId, 100 + index, 300 + index]).reverse());
      expect(await one.printerSightings('ipp://shared')).toHaveLength(devices.length);
      expect((await one.allMediumSightings()).get('0781:5581:SHARED')).toHaveLength(devices.length);
    });

    it('ledger history and audit through both collectors keep one record per write', async () => {
      await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          (index % 2 === 0 ? one : two).updateLedger('dev-a', { location: `room-${index}` }, ADMIN),
        ),
      );
      const history = await one.ledgerHistory('dev-a', 100);
      expect(history).toHaveLength(10);
      expect(new Set(history.map((change) => change.newValue)).size).toBe(10);
      expect(new Set(history.map((change) => change.auditPosition)).size).toBe(10);
      expect(await actions(two)).toEqual(Array.from({ length: 10 }, () => 'ledger.updated'));
      // Each change's old value is the value the one before it wrote: no write read a stale row.
      const oldest = [...history].reverse();
      for (let index = 1; index < oldest.length; index += 1)
        expect(oldest[index]!.oldValue).toBe(oldest[index - 1]!.newValue);
    });
  });
}
