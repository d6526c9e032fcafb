// Sweep schedules with two collectors on one coordination (a shared in-memory hub standing in for
// PostgreSQL) and one store: every collector arms every schedule, and each scheduled instant, missed or
// on time, creates one sweep, whichever collector wins its slot.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CoordinationHub, sharedCoordinationHub } from '../../test/support/shared-coordination-hub';
import { agentConnections } from '../agent-connections';
import type { Coordination } from '../coordination/coordination';
import { openSqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import { helloFor } from '../store/store-fixtures';
import { createSweepDispatcher } from './sweep-dispatcher';
import { createSweepScheduler, type SweepScheduler } from './sweep-scheduler';

const silent = { info() {}, warn() {}, error() {} };
const ADMIN = { actor: 'admin:alice(security_officer)', source: 'local' };
const T0 = Date.UTC(2026, 11, 7, 8, 0, 0);

describe('sweep schedules on two collectors sharing one coordination', () => {
  let directory: string;
  let store: Store;
  let hub: CoordinationHub;
  let joined: Coordination[];
  let schedulers: SweepScheduler[];

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'shoumi-sweep-scheduler-'));
    store = await openSqliteStore(join(directory, 'collector.db'));
    for (const deviceId of ['dev-a', 'dev-b']) await store.recordHello(helloFor(deviceId), T0);
    hub = sharedCoordinationHub();
    joined = [];
    schedulers = [];
  });
  afterEach(async () => {
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
    await Promise.all(joined.map((coordination) => coordination.close()));
    await store.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** One collector's scheduler on the hub, with its own dispatcher and (no) streams. */
  const collector = (name: string, now?: () => number) => {
    const coordination = hub.join(name);
    joined.push(coordination);
    const connections = agentConnections(coordination.streams, silent);
    const dispatcher = createSweepDispatcher({
      store,
      connections,
      notices: coordination.notices,
      log: silent,
      ...(now ? { now } : {}),
    });
    const scheduler = createSweepScheduler({
      store,
      dispatcher,
      coordination,
      log: silent,
      ...(now ? { now } : {}),
    });
    schedulers.push(scheduler);
    return scheduler;
  };
  const sweepsOf = async (scheduleId: string) =>
    (await store.listSweeps({ limit: 1000 })).filter((sweep) => sweep.scheduleId === scheduleId);

  it('a fire missed while both were down is fired once when they start together', async () => {
    await store.createSweepSchedule(
      { scheduleId: 'sch-hourly', createdAtMs: T0, cron: '0 * * * *', timezone: 'UTC', ruleIds: ['r1'] },
      ADMIN,
    );
    // 10:05: the 09:00 and 10:00 fires were missed; one sweep stands for both, in the slot of 10:00.
    const now = () => T0 + 2 * 3_600_000 + 5 * 60_000;
    const [a, b] = [collector('collector-a', now), collector('collector-b', now)];
    await Promise.all([a!.start(), b!.start()]);
    await Promise.all([a!.stop(), b!.stop()]);

    expect(await sweepsOf('sch-hourly')).toHaveLength(1);
    const slot = String(Date.UTC(2026, 11, 7, 10, 0, 0));
    expect(
      [...hub.claims]
        .sort((x, y) => x.collectorId.localeCompare(y.collectorId))
        .map(({ job, slot, won }) => ({
          job,
          slot,
          won,
        })),
    ).toEqual(
      expect.arrayContaining([
        { job: 'sweep-schedule:sch-hourly', slot, won: true },
        { job: 'sweep-schedule:sch-hourly', slot, won: false },
      ]),
    );
    expect(hub.claims).toHaveLength(2);
  });

  it('each scheduled instant both collectors fire on creates one sweep', async () => {
    const [a, b] = [collector('collector-a'), collector('collector-b')];
    await Promise.all([a!.start(), b!.start()]);
    // Added through A: B hears of it ('sweeps') and arms it too.
    await a!.add({ cron: '* * * * * *', timezone: 'UTC', ruleIds: ['r1'] }, ADMIN);
    const claimersBySlot = () => {
      const bySlot = new Map<string, Set<string>>();
      for (const claim of hub.claims) {
        const claimers = bySlot.get(claim.slot) ?? new Set<string>();
        claimers.add(claim.collectorId);
        bySlot.set(claim.slot, claimers);
      }
      return bySlot;
    };
    // Two instants at which both collectors fired.
    await expect
      .poll(() => [...claimersBySlot().values()].filter((claimers) => claimers.size === 2).length, {
        timeout: 10_000,
      })
      .toBeGreaterThanOrEqual(2);
    await Promise.all([a!.stop(), b!.stop()]);

    const slots = claimersBySlot();
    for (const slot of slots.keys()) {
      expect(hub.claims.filter((claim) => claim.slot === slot && claim.won)).toHaveLength(1);
    }
    const [schedule] = await store.listSweepSchedules();
    expect(await sweepsOf(schedule!.scheduleId)).toHaveLength(slots.size);
  });
});
