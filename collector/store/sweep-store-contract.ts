// The contract of the SweepStore and AgentSilenceStore roles, for every backend (see store-contract.ts for
// the shape): coverage counters equal a count of the targets after every kind of change, completion,
// missed-sweep claims, expiry, schedules, and the silent-agent questions — each with its audit records.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countTargets } from '../sweeps/sweep-coverage';
import type { AuditContext, CollectorFinding, Store } from './store';
import type { OpenedStore } from './store-backends';
import { InvalidStoreInputError } from './store-errors';
import { helloFor } from './store-fixtures';

const ADMIN: AuditContext = { actor: 'admin:wang', source: '127.0.0.1' };
const RULE = 'agent-reports-regularly';

async function expectCountsMatchTargets(store: Store, sweepId: string) {
  const found = await store.getSweep(sweepId);
  expect(found).not.toBeNull();
  expect(found!.sweep.counts).toEqual(countTargets(found!.targets));
  return found!;
}

function silenceFinding(deviceId: string, status: 'pass' | 'fail', atMs: number): CollectorFinding {
  return {
    deviceId,
    ruleId: RULE,
    clause: '3.7.5',
    subject: '',
    status,
    severity: 'high',
    evidence: { atMs },
    reason: status,
    observedAtMs: atMs,
    sweepId: '',
  };
}

export function describeSweepStoreContract(name: string, openStore: () => Promise<OpenedStore>): void {
  describe(`sweep store contract: ${name}`, () => {
    let opened: OpenedStore;
    let store: Store;

    beforeEach(async () => {
      opened = await openStore();
      store = opened.store;
      for (const deviceId of ['dev-a', 'dev-b', 'dev-c']) await store.recordHello(helloFor(deviceId), 1000);
    });
    afterEach(async () => {
      await store.close().catch(() => undefined);
      await opened.cleanup();
    });

    it('targets every device with an agent that is not retired, and audits the start in one step', async () => {
      await store.updateLedger('dev-c', { status: 'retired' }, ADMIN);
      await store.updateLedger('dev-ledger-only', { assetNumber: 'A-9' }, ADMIN);
      const sweep = await store.createSweep(
        { sweepId: 'sw-1', scheduleId: '', ruleIds: ['r1'] },
        ADMIN,
        5000,
      );
      expect(sweep).toMatchObject({
        sweepId: 'sw-1',
        createdAtMs: 5000,
        requestedBy: 'admin:wang',
        ruleIds: ['r1'],
        completedAtMs: 0,
        counts: { targets: 2, pending: 2, sent: 0, answered: 0, failed: 0 },
      });
      const found = await expectCountsMatchTargets(store, 'sw-1');
      expect(found.targets.map((target) => [target.deviceId, target.hostname, target.state])).toEqual([
        ['dev-a', 'host-dev-a', 'pending'],
        ['dev-b', 'host-dev-b', 'pending'],
      ]);
      const audit = await store.listAudit({ limit: 100 });
      expect(audit.at(-1)).toMatchObject({
        action: 'sweep.started',
        target: 'sw-1',
        actor: 'admin:wang',
        detail: { requestedBy: 'admin:wang', ruleIds: ['r1'], targets: 2, scheduleId: '' },
      });
    });

    it("lists one device's sweeps newest first, bounded, with its state and answer time in each", async () => {
      await store.createSweep({ sweepId: 'sw-1', scheduleId: '', ruleIds: [] }, ADMIN, 5000);
      await store.createSweep({ sweepId: 'sw-2', scheduleId: '', ruleIds: [] }, ADMIN, 6000);
      await store.createSweep({ sweepId: 'sw-3', scheduleId: '', ruleIds: [] }, ADMIN, 7000);
      await store.markSweepSent('sw-1', ['dev-a', 'dev-b'], 5100);
      await store.recordSweepAnswers([
        { sweepId: 'sw-1', deviceId: 'dev-a', atMs: 5500, failedRules: 1, errorRules: 0, error: '' },
        { sweepId: 'sw-1', deviceId: 'dev-b', atMs: 5600, failedRules: 0, errorRules: 0, error: 'no disk' },
      ]);
      await store.markSweepSent('sw-2', ['dev-a'], 6100);
      expect(await store.sweepsOfDevice('dev-a', 10)).toEqual([
        { sweepId: 'sw-3', createdAtMs: 7000, state: 'pending', answeredAtMs: 0 },
        { sweepId: 'sw-2', createdAtMs: 6000, state: 'sent', answeredAtMs: 0 },
        { sweepId: 'sw-1', createdAtMs: 5000, state: 'answered', answeredAtMs: 5500 },
      ]);
      expect(await store.sweepsOfDevice('dev-a', 2)).toHaveLength(2);
      expect((await store.sweepsOfDevice('dev-b', 10)).at(-1)).toEqual({
        sweepId: 'sw-1',
        createdAtMs: 5000,
        state: 'failed',
        answeredAtMs: 5600,
      });
      expect(await store.sweepsOfDevice('dev-none', 10)).toEqual([]);
    });

    it('refuses a second sweep with the same id and a sweep of an unknown schedule, changing nothing', async () => {
      await store.createSweep({ sweepId: 'sw-1', scheduleId: '', ruleIds: [] }, ADMIN, 5000);
      const auditBefore = (await store.listAudit({ limit: 1000 })).length;
      await expect(
        store.createSweep({ sweepId: 'sw-1', scheduleId: '', ruleIds: [] }, ADMIN, 6000),
      ).rejects.toBeInstanceOf(InvalidStoreInputError);
      await expect(
        store.createSweep({ sweepId: 'sw-2', scheduleId: 'sch-none', ruleIds: [] }, ADMIN, 6000),
      ).rejects.toThrow(/no sweep schedule sch-none/);
      expect(await store.listSweeps({ limit: 10 })).toHaveLength(1);
      expect(await store.listAudit({ limit: 1000 })).toHaveLength(auditBefore);
    });

    it('keeps coverage counters equal to the targets through sent, answered, failed and resent', async () => {
      await store.createSweep({ sweepId: 'sw-1', scheduleId: '', ruleIds: [] }, ADMIN, 5000);
      expect(await store.markSweepSent('sw-1', ['dev-a', 'dev-b', 'dev-unknown'], 5100)).toEqual(
        expect.arrayContaining(['dev-a', 'dev-b']),
      );
      // Already sent: marking again changes nothing.
      expect(await store.markSweepSent('sw-1', ['dev-a'], 5200)).toEqual([]);
      await expectCountsMatchTargets(store, 'sw-1');

      const applied = await store.recordSweepAnswers([
        { sweepId: 'sw-1', deviceId: 'dev-a', atMs: 6000, failedRules: 2, errorRules: 1, error: '' },
        {
          sweepId: 'sw-1',
          deviceId: 'dev-b',
          atMs: 6100,
          failedRules: 0,
          errorRules: 0,
          error: 'probe crashed',
        },
        { sweepId: 'sw-nope', deviceId: 'dev-a', atMs: 6100, failedRules: 0, errorRules: 0, error: '' },
      ]);
      expect(applied).toBe(2);
      const found = await expectCountsMatchTargets(store, 'sw-1');
      expect(found.sweep.counts).toEqual({ targets: 3, pending: 1, sent: 0, answered: 1, failed: 1 });
      expect(found.sweep.completedAtMs).toBe(0);
      expect(found.targets.find((target) => target.deviceId === 'dev-a')).toMatchObject({
        state: 'answered',
        sentAtMs: 5100,
        answeredAtMs: 6000,
        failedRules: 2,
        errorRules: 1,
      });
      expect(found.targets.find((target) => target.deviceId === 'dev-b')).toMatchObject({
        state: 'failed',
        error: 'probe crashed',
      });

      // dev-c was offline; it reconnects, is given the sweep, and answers: the sweep completes.
      expect(
        await store.claimSweepsForDevice('dev-c', {
          atMs: 7000,
          resendSentBeforeMs: 7000,
          expireBeforeMs: 0,
        }),
      ).toEqual([{ sweepId: 'sw-1', ruleIds: [] }]);
      await expectCountsMatchTargets(store, 'sw-1');
      await store.recordSweepAnswers([
        { sweepId: 'sw-1', deviceId: 'dev-c', atMs: 7500, failedRules: 0, errorRules: 0, error: '' },
      ]);
      const done = await expectCountsMatchTargets(store, 'sw-1');
      expect(done.sweep.completedAtMs).toBe(7500);
      expect(await store.getSweep('sw-1', { countsOnly: true })).toEqual({ sweep: done.sweep, targets: [] });
      expect((await store.listSweeps({ limit: 5 }))[0]).toMatchObject({
        sweepId: 'sw-1',
        completedAtMs: 7500,
      });
    });

    it('resends to a reconnecting agent only what an earlier stream took unanswered', async () => {
      await store.createSweep({ sweepId: 'sw-1', scheduleId: '', ruleIds: ['r1'] }, ADMIN, 5000);
      await store.createSweep({ sweepId: 'sw-2', scheduleId: '', ruleIds: [] }, ADMIN, 5001);
      await store.markSweepSent('sw-1', ['dev-a'], 5100);
      await store.markSweepSent('sw-2', ['dev-a'], 8000);
      // Hello at 7000: sw-1 went to an earlier stream (5100), sw-2 to this one (8000 is later).
      const claimed = await store.claimSweepsForDevice('dev-a', {
        atMs: 7000,
        resendSentBeforeMs: 7000,
        expireBeforeMs: 0,
      });
      expect(claimed).toEqual([{ sweepId: 'sw-1', ruleIds: ['r1'] }]);
      // Nothing left to claim once answered.
      await store.recordSweepAnswers([
        { sweepId: 'sw-1', deviceId: 'dev-a', atMs: 7100, failedRules: 0, errorRules: 0, error: '' },
        { sweepId: 'sw-2', deviceId: 'dev-a', atMs: 8100, failedRules: 0, errorRules: 0, error: '' },
      ]);
      expect(
        await store.claimSweepsForDevice('dev-a', {
          atMs: 9000,
          resendSentBeforeMs: 9000,
          expireBeforeMs: 0,
        }),
      ).toEqual([]);
    });

    it('expires old sweeps instead of sending them, on reconnect and fleet-wide, and completes them', async () => {
      await store.createSweep({ sweepId: 'sw-old', scheduleId: '', ruleIds: [] }, ADMIN, 1000);
      await store.createSweep({ sweepId: 'sw-new', scheduleId: '', ruleIds: [] }, ADMIN, 50_000);
      const claimed = await store.claimSweepsForDevice('dev-a', {
        atMs: 60_000,
        resendSentBeforeMs: 60_000,
        expireBeforeMs: 10_000,
      });
      expect(claimed).toEqual([{ sweepId: 'sw-new', ruleIds: [] }]);
      const old = await expectCountsMatchTargets(store, 'sw-old');
      expect(old.targets.find((target) => target.deviceId === 'dev-a')).toMatchObject({
        state: 'failed',
        error: 'expired',
      });
      expect(await store.expireSweeps(10_000, 61_000)).toBe(2);
      const expired = await expectCountsMatchTargets(store, 'sw-old');
      expect(expired.sweep.counts).toMatchObject({ failed: 3, pending: 0, sent: 0 });
      expect(expired.sweep.completedAtMs).toBe(61_000);
      expect((await store.getSweep('sw-new'))!.sweep.completedAtMs).toBe(0);
    });

    it('completes a sweep without targets at once', async () => {
      for (const deviceId of ['dev-a', 'dev-b', 'dev-c']) {
        await store.updateLedger(deviceId, { status: 'retired' }, ADMIN);
      }
      const sweep = await store.createSweep({ sweepId: 'sw-1', scheduleId: '', ruleIds: [] }, ADMIN, 5000);
      expect(sweep).toMatchObject({ completedAtMs: 5000, counts: { targets: 0 } });
    });

    it('lists sweeps newest first, up to the limit', async () => {
      for (let index = 1; index <= 4; index++) {
        await store.createSweep({ sweepId: `sw-${index}`, scheduleId: '', ruleIds: [] }, ADMIN, 1000 * index);
      }
      expect((await store.listSweeps({ limit: 3 })).map((sweep) => sweep.sweepId)).toEqual([
        'sw-4',
        'sw-3',
        'sw-2',
      ]);
      expect(await store.getSweep('sw-9')).toBeNull();
    });

    it('stores, fires, lists and deletes schedules, auditing each change', async () => {
      const schedule = await store.createSweepSchedule(
        {
          scheduleId: 'sch-1',
          cron: '0 9 * * 1',
          timezone: 'Asia/Shanghai',
          ruleIds: ['r1'],
          createdAtMs: 1000,
        },
        ADMIN,
      );
      expect(schedule).toMatchObject({ createdBy: 'admin:wang', lastFiredMs: 0, lastSweepId: '' });
      await expect(
        store.createSweepSchedule(
          { scheduleId: 'sch-1', cron: '* * * * *', timezone: '', ruleIds: [], createdAtMs: 1000 },
          ADMIN,
        ),
      ).rejects.toBeInstanceOf(InvalidStoreInputError);
      await store.createSweep(
        { sweepId: 'sw-1', scheduleId: 'sch-1', ruleIds: ['r1'] },
        { actor: 'schedule:sch-1', source: 'collector' },
        2000,
      );
      expect(await store.listSweepSchedules()).toEqual([
        { ...schedule, lastFiredMs: 2000, lastSweepId: 'sw-1' },
      ]);
      expect((await store.getSweep('sw-1'))!.sweep).toMatchObject({
        requestedBy: 'schedule:sch-1',
        scheduleId: 'sch-1',
      });
      const removed = await store.deleteSweepSchedule('sch-1', ADMIN, 3000);
      expect(removed).toMatchObject({ scheduleId: 'sch-1', cron: '0 9 * * 1' });
      expect(await store.deleteSweepSchedule('sch-1', ADMIN, 3001)).toBeNull();
      expect(await store.listSweepSchedules()).toEqual([]);
      const actions = (await store.listAudit({ limit: 100 })).map((entry) => [entry.action, entry.target]);
      expect(actions.slice(-3)).toEqual([
        ['sweep.scheduled', 'sch-1'],
        ['sweep.started', 'sw-1'],
        ['sweep.unscheduled', 'sch-1'],
      ]);
    });

    it('names newly silent devices once, and revived or retired ones while their fail stands', async () => {
      // Last heard: dev-a 1000, dev-b 1000, dev-c 9000. A ledger-only device is never judged.
      await store.recordHello(helloFor('dev-c'), 9000);
      await store.updateLedger('dev-ledger-only', { assetNumber: 'A-9' }, ADMIN);
      const silent = await store.newlySilentDevices(RULE, 5000, 100);
      expect(silent.map((device) => [device.deviceId, device.lastSeenMs])).toEqual([
        ['dev-a', 1000],
        ['dev-b', 1000],
      ]);
      expect(await store.newlySilentDevices(RULE, 5000, 1)).toHaveLength(1);
      await store.recordCollectorFindings([silenceFinding('dev-a', 'fail', 5000)], 5000);
      expect((await store.newlySilentDevices(RULE, 5000, 100)).map((device) => device.deviceId)).toEqual([
        'dev-b',
      ]);
      expect(await store.revivedSilentDevices(RULE, 5000, 100)).toEqual([]);

      await store.recordHello(helloFor('dev-a'), 9500);
      expect(await store.revivedSilentDevices(RULE, 5000, 100)).toEqual([
        { deviceId: 'dev-a', lastSeenMs: 9500, retired: false },
      ]);
      await store.recordCollectorFindings([silenceFinding('dev-a', 'pass', 9600)], 9600);
      expect(await store.revivedSilentDevices(RULE, 5000, 100)).toEqual([]);

      // A retired device is not silent; a standing fail of one is named so it can be closed.
      await store.recordCollectorFindings([silenceFinding('dev-b', 'fail', 5000)], 5000);
      await store.updateLedger('dev-b', { status: 'retired' }, ADMIN);
      expect(await store.revivedSilentDevices(RULE, 5000, 100)).toEqual([
        { deviceId: 'dev-b', lastSeenMs: 1000, retired: true },
      ]);
      expect(await store.newlySilentDevices(RULE, 99_999, 100)).toEqual(
        [
          { deviceId: 'dev-a', lastSeenMs: 9500, retired: false },
          { deviceId: 'dev-c', lastSeenMs: 9000, retired: false },
        ].sort((a, b) => a.lastSeenMs - b.lastSeenMs),
      );
    });
  });
}
