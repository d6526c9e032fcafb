// 检查记录 in a real browser: a real agent (the recorded root of an unregistered USB stick, as the inspection
// record's end-to-end test uses) reports a failing finding to an in-process collector; the security
// administrator makes the record of a time window and of a sweep in the console, records a corrective measure
// that the admin API's GetInspectionReport then carries, is told why a blank measure or a reversed window is
// refused (nothing stored), prints the A4 record and downloads it as CSV; the system administrator has no
// 检查记录 section and is refused the page. No page asks for anything outside the collector or breaks the CSP.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localInputValue } from '../../collector/console/pages/record-scope';
import { type AdminClient, adminClient } from '../../collector/ctl/admin-client';
import {
  type AdminBrowser,
  adminBrowser,
  type ConsoleWorld,
  consoleWorld,
  launchChromium,
} from '../support/console-browser';
import { eventually, REPO, type Running, start } from '../support/processes';

const DEVICE = 'console-record-stick';
const RULE = 'usb-storage-registered';
const STICK = '46f4:0001:SHM0001STICK';
const UNIT = '某某研究所 保密办公室';
const INSPECTOR = '王五';
const MEASURE = '收回未登记U盘，登记后按机密级重新发放';
const ZONE = 'Asia/Shanghai';

let world: ConsoleWorld;
let browser: Browser;
let agent: Running;
let security: AdminClient;
let system: AdminClient;
let startedMs: number;

/** The window the tests ask for: from an hour before the agent started to an hour from now, in the unit's zone. */
const windowValues = () => ({
  from: localInputValue(startedMs - 3_600_000, ZONE),
  to: localInputValue(Date.now() + 3_600_000, ZONE),
});

async function stickFinding() {
  const page = await security.listFindings({ deviceId: DEVICE, limit: 100 });
  return page.findings.find((finding) => finding.ruleId === RULE && finding.subject === STICK);
}

beforeAll(async () => {
  startedMs = Date.now();
  world = await consoleWorld('console-records', { inspectedUnit: UNIT });
  const running = world.collector.collector;
  security = adminClient(running.adminAddress, world.collector.trust.identity('security_admin'));
  system = adminClient(running.adminAddress, world.collector.trust.identity('system_admin'));
  agent = start('shoumi-agent', [
    'run',
    '--collector',
    running.agentAddress,
    '--enrol',
    running.enrolAddress,
    '--token',
    world.collector.trust.token(),
    '--ca-sha256',
    world.collector.trust.caSha256,
    '--data',
    path.join(world.collector.dir, 'agent'),
    '--root',
    path.join(REPO, 'test', 'fixtures', 'roots', 'usb-storage-qemu'),
    '--interval',
    '1h',
    '--device-id',
    DEVICE,
  ]);
  const finding = await eventually(stickFinding, 'the agent to report the unregistered stick', 30_000);
  expect(finding.status).toBe('FAIL');
  await security.updateDevice({
    deviceId: DEVICE,
    fields: ['asset_number', 'classification', 'responsible_person'],
    assetNumber: 'BM-2026-017',
    classification: 'CONFIDENTIAL',
    responsiblePerson: '张三',
  });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await agent?.kill();
  security?.close();
  system?.close();
  await browser?.close();
  await world?.collector.stop();
});

/** The stick's problem row in the record shown (its rule and its subject, not the device's other problems). */
const stickRow = (page: Page) =>
  page.locator('section.record-device tbody tr').filter({ hasText: RULE }).filter({ hasText: STICK });

async function asSecurityAdmin<T>(use: (admin: AdminBrowser) => Promise<T>): Promise<T> {
  const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('security_admin'));
  try {
    const result = await use(admin);
    expect(admin.watch.outsideRequests).toEqual([]);
    expect(admin.watch.cspViolations).toEqual([]);
    return result;
  } finally {
    await admin.close();
  }
}

describe('inspection records in the console', () => {
  it('makes the record of a time window, the failing stick under its device and clause', async () => {
    await asSecurityAdmin(async ({ page }) => {
      await page.goto(new URL('/records', world.consoleUrl).href);
      expect(await page.locator('h1').textContent()).toBe('检查记录');
      expect(await page.locator('header nav a[aria-current="page"]').textContent()).toBe('检查记录');
      // The open problem is listed beside the form, with no measure yet.
      await expect
        .poll(() => page.locator('main table tbody tr').first().textContent())
        .toContain('BM-2026-017');

      const { from, to } = windowValues();
      await page.locator('#record-from').fill(from);
      await page.locator('#record-to').fill(to);
      await page.locator('#record-window-inspector').fill(INSPECTOR);
      await page.locator('#by-window').locator('..').getByRole('button', { name: '生成记录' }).click();
      await page.waitForURL(/\/records\/view\?/);
      const url = new URL(page.url());
      expect([
        url.searchParams.get('from'),
        url.searchParams.get('to'),
        url.searchParams.get('inspector'),
      ]).toEqual([from, to, INSPECTOR]);

      const facts = await page.locator('dl.facts').textContent();
      expect(facts).toContain(UNIT);
      expect(facts).toContain(INSPECTOR);
      const device = page.locator('section.record-device');
      expect(await device.locator('h3').textContent()).toContain('BM-2026-017');
      const row = stickRow(page);
      const text = await row.textContent();
      expect(text).toContain('3.7.4');
      expect(text).toContain(RULE);
      expect(text).toContain(STICK);
      expect(text).toContain('不符合');
      expect(text).toContain('未登记整改措施');
    });
  });

  it('records a corrective measure: back to the same record, shown there and in GetInspectionReport', async () => {
    const { from, to } = windowValues();
    const query = new URLSearchParams({ from, to, inspector: INSPECTOR });
    await asSecurityAdmin(async ({ page }) => {
      await page.goto(new URL(`/records/view?${query}`, world.consoleUrl).href);
      const row = stickRow(page);
      await row.getByLabel('整改措施', { exact: true }).fill(MEASURE);
      await row.getByRole('button', { name: '保存整改措施' }).click();
      await expect
        .poll(() => page.locator('.notice.ok[role="status"]').textContent())
        .toBe('整改措施已登记。');
      const back = new URL(page.url());
      expect(back.pathname).toBe('/records/view');
      expect([
        back.searchParams.get('from'),
        back.searchParams.get('to'),
        back.searchParams.get('inspector'),
      ]).toEqual([from, to, INSPECTOR]);
      const shown = await stickRow(page).locator('td.measure').textContent();
      expect(shown).toContain(MEASURE);
      expect(shown).toContain('未落实');
      expect(shown).toContain('test-security_admin');
    });
    // The same measure through the admin API, as shoumictl reads it.
    const answer = await security.inspectionReport({
      sweepId: '',
      fromMs: startedMs - 3_600_000,
      toMs: Date.now(),
      inspector: '',
    });
    const problem = answer.problems.find(
      (p) => p.deviceId === DEVICE && p.ruleId === RULE && p.subject === STICK,
    );
    expect(problem?.disposition).toMatchObject({ measure: MEASURE, completed: false });
  });

  it('refuses a blank measure, saying why, and stores nothing', async () => {
    const { from, to } = windowValues();
    await asSecurityAdmin(async ({ page }) => {
      await page.goto(new URL(`/records/view?${new URLSearchParams({ from, to })}`, world.consoleUrl).href);
      const row = stickRow(page);
      await row.getByLabel('整改措施', { exact: true }).fill('   ');
      await row.locator('input[name="completed"]').check();
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/records/measure'),
        row.getByRole('button', { name: '保存整改措施' }).click(),
      ]);
      expect(response.status()).toBe(400);
      const alert = await page.locator('td.measure .notice.bad[role="alert"]').textContent();
      expect(alert).toContain('整改措施未登记');
      expect(alert).toContain('must not be empty');
    });
    expect((await stickFinding())?.disposition).toMatchObject({ measure: MEASURE, completed: false });
  });

  it('shows why a window whose end is before its start names no record', async () => {
    await asSecurityAdmin(async ({ page }) => {
      await page.goto(new URL('/records', world.consoleUrl).href);
      await page.locator('#record-from').fill('2026-12-07T10:00');
      await page.locator('#record-to').fill('2026-12-07T09:00');
      const [response] = await Promise.all([
        page.waitForResponse((r) => new URL(r.url()).pathname === '/records/view'),
        page.locator('#by-window').locator('..').getByRole('button', { name: '生成记录' }).click(),
      ]);
      expect(response.status()).toBe(400);
      expect(await page.locator('.notice.bad[role="alert"]').textContent()).toBe(
        '结束时间（2026-12-07T09:00）早于开始时间（2026-12-07T10:00），时段为空。',
      );
      // The form comes back as it was filled in.
      expect(await page.locator('#record-from').inputValue()).toBe('2026-12-07T10:00');
    });
  });

  it('prints the A4 record in its own page, with the measure, asking for nothing outside', async () => {
    const { from, to } = windowValues();
    await asSecurityAdmin(async ({ page }) => {
      await page.goto(
        new URL(`/records/view?${new URLSearchParams({ from, to, inspector: INSPECTOR })}`, world.consoleUrl)
          .href,
      );
      const [popup] = await Promise.all([
        page.waitForEvent('popup'),
        page.getByRole('link', { name: '打印（A4）' }).click(),
      ]);
      await popup.waitForLoadState();
      expect(new URL(popup.url()).pathname).toBe('/records/print');
      expect(await popup.locator('h1').textContent()).toBe('保密检查记录');
      const printed = await popup.locator('body').textContent();
      expect(printed).toContain(MEASURE);
      expect(printed).toContain(UNIT);
      expect(printed).toContain(INSPECTOR);
      // Styled by its own inline sheet (allowed by its own policy): the title is centred.
      expect(
        await popup
          .locator('h1')
          .evaluate((h1) => h1.ownerDocument.defaultView!.getComputedStyle(h1).textAlign),
      ).toBe('center');
    });
  });

  it('downloads the same record as CSV that Excel reads as UTF-8', async () => {
    const { from, to } = windowValues();
    await asSecurityAdmin(async ({ page }) => {
      await page.goto(new URL(`/records/view?${new URLSearchParams({ from, to })}`, world.consoleUrl).href);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '下载 CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^保密检查记录-.*\.csv$/);
      const bytes = await readFile((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(bytes.toString('utf8')).toContain(MEASURE);
    });
  });

  it('makes the record of a sweep chosen from the list', async () => {
    const { sweepId } = await system.runSweep({});
    await eventually(
      async () => ((await system.getSweep({ sweepId, countsOnly: true })).answered === 1 ? true : undefined),
      'the agent to answer the sweep',
      20_000,
    );
    await asSecurityAdmin(async ({ page }) => {
      await page.goto(new URL('/records', world.consoleUrl).href);
      await page.locator('#record-sweep').selectOption(sweepId);
      await page.locator('#by-sweep').locator('..').getByRole('button', { name: '生成记录' }).click();
      await page.waitForURL(/\/records\/view\?/);
      expect(new URL(page.url()).searchParams.get('sweep')).toBe(sweepId);
      const summary = await page.locator('.record-summary').textContent();
      expect(summary).toContain('已应答 1 台');
      expect(await stickRow(page).locator('td.measure').textContent()).toContain(MEASURE);
    });
  });

  it('gives the system administrator no 检查记录 section and refuses the page', async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('system_admin'));
    try {
      await admin.page.goto(world.consoleUrl);
      expect(await admin.page.locator('header nav a').allTextContents()).not.toContain('检查记录');
      const response = await admin.page.goto(new URL('/records', world.consoleUrl).href);
      expect(response?.status()).toBe(403);
      expect(await admin.page.locator('h1').textContent()).toBe('无权访问');
      expect(admin.watch.outsideRequests).toEqual([]);
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
