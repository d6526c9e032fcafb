import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessCollector, inProcessCollector } from '../../test/support/in-process-collector';
import { roleRoutedAdmin } from '../../test/support/trust-fixture';
import type { RunningCollector } from '../collector-server';
import type { AdminClient } from '../ctl/admin-client';

/** The system administrator prepareTrust makes, as the audit trail names it. */
const ADMIN = 'admin:test-system_admin(system_admin)';

describe('sweep admin use cases', () => {
  let world: InProcessCollector;
  let collector: RunningCollector;
  let admin: AdminClient;

  beforeAll(async () => {
    world = await inProcessCollector('admin-sweeps');
    collector = world.collector;
    admin = roleRoutedAdmin(collector.adminAddress, world.trust);
  });
  afterAll(async () => {
    admin?.close();
    await world?.stop();
  });

  /** What the trail holds besides the record of each call itself (authorization.ts writes one per call). */
  const changes = async () =>
    (await collector.store.listAudit({ limit: 1000 })).filter((entry) => entry.action !== 'admin.call');
  const auditLength = async () => (await changes()).length;

  it('refuses unknown rules, including the collector’s own, and stores nothing', async () => {
    const before = await auditLength();
    await expect(admin.runSweep({ ruleIds: ['usb-storage-registered', 'no-such-rule'] })).rejects.toThrow(
      /INVALID_ARGUMENT: rule_ids: "no-such-rule" is not a rule agents judge/,
    );
    await expect(admin.runSweep({ ruleIds: ['agent-reports-regularly'] })).rejects.toThrow(
      /"agent-reports-regularly" is not a rule agents judge/,
    );
    await expect(admin.scheduleSweep({ cron: '0 9 * * 1', timezone: '', ruleIds: ['nope'] })).rejects.toThrow(
      /INVALID_ARGUMENT: rule_ids: "nope"/,
    );
    expect((await admin.listSweeps({ limit: 10 })).sweeps).toEqual([]);
    expect((await admin.listSweepSchedules({})).schedules).toEqual([]);
    expect(await auditLength()).toBe(before);
  });

  it('refuses a bad cron expression or time zone by name', async () => {
    const before = await auditLength();
    await expect(admin.scheduleSweep({ cron: '0 9 * *', timezone: '', ruleIds: [] })).rejects.toThrow(
      /INVALID_ARGUMENT: cron "0 9 \* \*": expected 5 fields/,
    );
    await expect(admin.scheduleSweep({ cron: '0 25 * * *', timezone: '', ruleIds: [] })).rejects.toThrow(
      /INVALID_ARGUMENT: cron "0 25 \* \* \*"/,
    );
    await expect(
      admin.scheduleSweep({ cron: '0 9 * * 1', timezone: 'Asia/Atlantis', ruleIds: [] }),
    ).rejects.toThrow(/INVALID_ARGUMENT: timezone "Asia\/Atlantis"/);
    expect((await admin.listSweepSchedules({})).schedules).toEqual([]);
    expect(await auditLength()).toBe(before);
  });

  it('answers NOT_FOUND for a sweep or schedule it does not know, INVALID_ARGUMENT for a malformed id', async () => {
    await expect(admin.getSweep({ sweepId: 'sw-20260101T000000.000Z-000000' })).rejects.toThrow(/NOT_FOUND/);
    await expect(admin.getSweep({ sweepId: '' })).rejects.toThrow(/INVALID_ARGUMENT: sweep_id/);
    await expect(admin.deleteSweepSchedule({ scheduleId: 'sch-none' })).rejects.toThrow(
      /NOT_FOUND: no sweep schedule sch-none/,
    );
  });

  it('runs a sweep with no agents as complete at once, and schedules with the next fire in the zone', async () => {
    const sweep = await admin.runSweep({ ruleIds: ['usb-storage-registered', 'usb-storage-registered'] });
    expect(sweep).toMatchObject({
      targets: 0,
      requestedBy: ADMIN,
      ruleIds: ['usb-storage-registered'],
    });
    expect(sweep.completedAtMs).toBeGreaterThan(0);
    const schedule = await admin.scheduleSweep({ cron: '0 9 * * 1', timezone: 'Asia/Shanghai', ruleIds: [] });
    // Monday 09:00 in Shanghai is Monday 01:00 UTC.
    const next = new Date(schedule.nextFireMs);
    expect([next.getUTCDay(), next.getUTCHours(), next.getUTCMinutes()]).toEqual([1, 1, 0]);
    const audit = await changes();
    expect(audit.slice(-2).map((entry) => [entry.action, entry.actor])).toEqual([
      ['sweep.started', ADMIN],
      ['sweep.scheduled', ADMIN],
    ]);
    const removed = await admin.deleteSweepSchedule({ scheduleId: schedule.scheduleId });
    expect(removed.scheduleId).toBe(schedule.scheduleId);
    expect((await changes()).at(-1)?.action).toBe('sweep.unscheduled');
  });
});
