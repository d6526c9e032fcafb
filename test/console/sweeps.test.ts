// 检查 in a real browser: the system administrator runs a sweep from the console and watches its coverage fill
// as three agents answer one by one, without reloading; the security administrator may look but has no run
// form; a schedule is added and deleted through the page (the admin API sees each), and bad cron text is
// refused with the reason and stores nothing. The agents are hand-made streams over the real agent port with
// collector-issued certificates, so the test decides when each answers.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminClient, adminClient } from '../../collector/ctl/admin-client';
import {
  type AdminBrowser,
  adminBrowser,
  type ConsoleWorld,
  consoleWorld,
  launchChromium,
} from '../support/console-browser';
import { type HandMadeAgent, handMadeAgent } from '../support/hand-made-agent';
import { eventually } from '../support/processes';

const DEVICES = ['console-sweep-a', 'console-sweep-b', 'console-sweep-c'];

let world: ConsoleWorld;
let browser: Browser;
let system: AdminClient;
const agents: HandMadeAgent[] = [];
let sweepId = '';

beforeAll(async () => {
  world = await consoleWorld('console-sweeps');
  browser = await launchChromium();
  const running = world.collector.collector;
  for (const [index, deviceId] of DEVICES.entries()) {
    const device = await world.collector.trust.deviceCredentials(deviceId);
    agents.push(handMadeAgent(running.agentAddress, device, deviceId, `sweep-host-${index + 1}`));
  }
  await eventually(
    async () => (running.connections.all().length === DEVICES.length ? true : undefined),
    'the three hand-made agents connected',
    15_000,
  );
  system = adminClient(running.adminAddress, world.collector.trust.identity('system_admin'));
}, 120_000);

afterAll(async () => {
  for (const agent of agents) agent.close();
  system?.close();
  await browser?.close();
  await world?.collector.stop();
});

const answeredShown = (admin: AdminBrowser) => admin.page.locator('#sweep-answered').textContent();

function expectNothingOutside(admin: AdminBrowser) {
  expect(admin.watch.outsideRequests).toEqual([]);
  expect(admin.watch.cspViolations).toEqual([]);
}

describe('sweeps in the console', () => {
  it('the system administrator runs a sweep and watches its coverage fill, 0 → 3 of 3, without reloading', {
    timeout: 60_000,
  }, async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('system_admin'));
    try {
      await admin.page.goto(`${world.consoleUrl}sweeps`);
      await expect.poll(() => admin.page.locator('h1').textContent()).toBe('检查');
      await admin.page.getByRole('button', { name: '立即巡检' }).click();
      await admin.page.waitForURL(/\/sweeps\/sw-[^/]+$/);
      sweepId = decodeURIComponent(new URL(admin.page.url()).pathname.split('/')[2]!);
      expect(await answeredShown(admin)).toBe('已回答 0 / 3');
      expect(await admin.page.locator('.sweep-live tr[data-device]').count()).toBe(3);

      // From here on the page must change by itself: count every navigation of the page and leave a mark
      // in its window that a reload would wipe.
      let navigations = 0;
      admin.page.on('framenavigated', (frame) => {
        if (frame === admin.page.mainFrame()) navigations++;
      });
      await admin.page.evaluate(() => {
        (globalThis as unknown as { stillThisPage: boolean }).stillThisPage = true;
      });
      // The live region has subscribed to the sweep's notices before any agent answers.
      await admin.page.locator('.sweep-live[data-live-ready="true"]').waitFor();
      await expect.poll(() => world.collector.collector.notices.watchers).toBeGreaterThanOrEqual(1);

      for (const agent of agents)
        await expect.poll(() => agent.sweepsSent, { timeout: 10_000 }).toContain(sweepId);
      for (const [index, agent] of agents.entries()) {
        agent.answer(sweepId, index === 1 ? { failed: 2 } : {});
        await expect.poll(() => answeredShown(admin), { timeout: 10_000 }).toBe(`已回答 ${index + 1} / 3`);
        // The device that answered has left the list of those that have not.
        await expect
          .poll(() => admin.page.locator(`.sweep-live tr[data-device="${agent.deviceId}"]`).count())
          .toBe(0);
      }
      await expect
        .poll(() => admin.page.locator('.sweep-progress').getAttribute('data-complete'))
        .toBe('true');
      const progress = await admin.page.locator('.sweep-live').textContent();
      expect(progress).toContain('已完成');
      expect(progress).toContain('所有目标设备都已回答或无法完成。');
      expect(progress).toContain('已回答的设备中，1 台有不通过项，0 台有无法判定项。');
      expect(await admin.page.locator('progress').getAttribute('value')).toBe('3');

      expect(navigations).toBe(0);
      expect(
        await admin.page.evaluate(() => (globalThis as unknown as { stillThisPage?: boolean }).stillThisPage),
      ).toBe(true);
      // What the page showed is what the admin API says.
      expect(await system.getSweep({ sweepId, countsOnly: true })).toMatchObject({
        targets: 3,
        answered: 3,
        failed: 0,
        offline: 0,
        waiting: 0,
      });

      await admin.page.goto(`${world.consoleUrl}sweeps`);
      const row = admin.page.locator('table.sweeps tbody tr').first();
      expect(await row.locator('.sweep-count').textContent()).toBe('已回答 3 / 3');
      expect(await row.locator('.badge').textContent()).toBe('已完成');
      expectNothingOutside(admin);
    } finally {
      await admin.close();
    }
  });

  it('the security administrator sees the sweeps but has no run form and no schedules', {
    timeout: 60_000,
  }, async () => {
    expect(sweepId).not.toBe('');
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('security_admin'));
    try {
      const response = await admin.page.goto(`${world.consoleUrl}sweeps`);
      expect(response?.status()).toBe(200);
      expect(await admin.page.locator('table.sweeps tbody tr').count()).toBe(1);
      expect(await admin.page.locator('form[action="/sweeps"][method="post"]').count()).toBe(0);
      expect(await admin.page.getByRole('button', { name: '立即巡检' }).count()).toBe(0);
      expect(await admin.page.locator('#schedules-heading').count()).toBe(0);

      await admin.page.locator('table.sweeps tbody a').first().click();
      await admin.page.waitForURL(/\/sweeps\/sw-/);
      expect(await answeredShown(admin)).toBe('已回答 3 / 3');
      expectNothingOutside(admin);
    } finally {
      await admin.close();
    }
  });

  it('a schedule is added and deleted through the page, and the admin API sees each', {
    timeout: 60_000,
  }, async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('system_admin'));
    try {
      await admin.page.goto(`${world.consoleUrl}sweeps`);
      expect(await admin.page.locator('#schedule-tz').inputValue()).toBe('Asia/Shanghai');
      await admin.page.locator('#schedule-cron').fill('0 9 * * 1');
      await admin.page.getByRole('button', { name: '保存定时巡检' }).click();
      await admin.page.waitForURL(/\/sweeps\?done=scheduled/);

      const { schedules } = await system.listSweepSchedules({});
      expect(schedules.map((schedule) => [schedule.cron, schedule.timezone])).toEqual([
        ['0 9 * * 1', 'Asia/Shanghai'],
      ]);
      const scheduleId = schedules[0]!.scheduleId;
      expect(await admin.page.locator('.notice.ok').textContent()).toBe(`已添加定时巡检 ${scheduleId}。`);
      const row = admin.page.locator(`tr[data-schedule="${scheduleId}"]`);
      expect(await row.locator('td').nth(1).textContent()).toBe('0 9 * * 1');

      admin.page.once('dialog', (dialog) => {
        expect(dialog.message()).toBe(`删除定时巡检 ${scheduleId}（0 9 * * 1）？已执行的巡检保留。`);
        void dialog.accept();
      });
      await row.getByRole('button', { name: '删除' }).click();
      await admin.page.waitForURL(/\/sweeps\?done=unscheduled/);
      expect(await admin.page.locator('.notice.ok').textContent()).toBe(`已删除定时巡检 ${scheduleId}。`);
      expect(await admin.page.locator(`tr[data-schedule="${scheduleId}"]`).count()).toBe(0);
      expect((await system.listSweepSchedules({})).schedules).toEqual([]);
      expectNothingOutside(admin);
    } finally {
      await admin.close();
    }
  });

  it('bad cron text is refused with the reason, kept in the form, and stores nothing', {
    timeout: 60_000,
  }, async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('system_admin'));
    try {
      await admin.page.goto(`${world.consoleUrl}sweeps`);
      await admin.page.locator('#schedule-cron').fill('every monday');
      const [response] = await Promise.all([
        admin.page.waitForResponse((candidate) => candidate.request().method() === 'POST'),
        admin.page.getByRole('button', { name: '保存定时巡检' }).click(),
      ]);
      expect(response.status()).toBe(400);
      await expect
        .poll(() => admin.page.locator('.add-schedule [role="alert"]').textContent())
        .toBe(
          '未保存定时巡检：cron "every monday": expected 5 fields (minute hour day month weekday) or 6 (seconds first)',
        );
      expect(await admin.page.locator('#schedule-cron').inputValue()).toBe('every monday');
      expect((await system.listSweepSchedules({})).schedules).toEqual([]);
      expectNothingOutside(admin);
    } finally {
      await admin.close();
    }
  });
});
