// The security administrator registers a USB stick in the console and watches the device's finding turn
// from FAIL to PASS on a page nobody reloads: a real agent (a separate process reading the recorded QEMU
// machine with a stick plugged in, test/fixtures/roots/usb-storage-qemu) reports to an in-process collector
// with its console; the registration goes out to the agent as a fresh policy bundle, the agent judges the
// stick again and sends PASS, and the device page's live region re-reads its findings when the collector
// says the device changed. Also: what the system administrator sees of the same device, and a bad
// registration refused on the form with nothing stored.
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdminBrowser,
  adminBrowser,
  type ConsoleWorld,
  consoleWorld,
  launchChromium,
} from '../support/console-browser';
import { eventually, REPO, type Running, start } from '../support/processes';

const ROOT = path.join(REPO, 'test', 'fixtures', 'roots', 'usb-storage-qemu');
const DEVICE = 'console-media-live';
const STICK = '46f4:0001:SHM0001STICK';
const RULE = 'usb-storage-registered';

let world: ConsoleWorld;
let browser: Browser;
let agent: Running | undefined;
const opened: AdminBrowser[] = [];

async function open(role: 'security_admin' | 'system_admin'): Promise<AdminBrowser> {
  const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir(role));
  opened.push(admin);
  return admin;
}

const deviceUrl = () => `${world.consoleUrl}devices/${DEVICE}`;
const row = (page: Page) => page.locator(`#findings tr[data-rule="${RULE}"][data-subject="${STICK}"]`);

async function storedStatus(): Promise<string | undefined> {
  const page = await world.collector.collector.store.listFindings({
    deviceId: DEVICE,
    ruleId: RULE,
    limit: 50,
  });
  return page.findings.find((finding) => finding.subject === STICK)?.status;
}

beforeAll(async () => {
  world = await consoleWorld('media-live');
  browser = await launchChromium();
  const running = world.collector.collector;
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
    ROOT,
    '--interval',
    '1h',
    '--device-id',
    DEVICE,
  ]);
  // The unregistered stick: the agent's first sweep fails it.
  await eventually(
    async () => ((await storedStatus()) === 'fail' ? true : undefined),
    `${RULE} to fail for the unregistered stick`,
    30_000,
  );
}, 120_000);

afterAll(async () => {
  for (const admin of opened) await admin.close().catch(() => undefined);
  await agent?.kill('SIGKILL');
  await browser?.close();
  await world?.collector.stop();
});

describe('registering a medium in the console', () => {
  it('refuses a bad registration on the form, naming the field, and stores nothing', async () => {
    const admin = await open('security_admin');
    const { page } = admin;
    await page.goto(`${world.consoleUrl}media`);
    const form = page.locator('#register-form');
    const fill = async (fields: Record<string, string>) => {
      for (const [name, value] of Object.entries(fields)) await form.locator(`[name="${name}"]`).fill(value);
      await form.locator('select[name="classification"]').selectOption('CONFIDENTIAL');
    };
    const good = {
      vendor_id: '46f4',
      product_id: '0001',
      serial: 'SHM0001STICK',
      asset_number: 'U-001',
      responsible_person: '张三',
    };

    await fill({ ...good, vendor_id: 'zz' });
    const [refusedVendor] = await Promise.all([
      page.waitForNavigation(),
      form.locator('button[type="submit"]').click(),
    ]);
    expect(refusedVendor?.status()).toBe(400);
    await expect
      .poll(() => page.locator('#register-form .notice.bad').textContent())
      .toContain('vendor_id "zz": expected 4 hex digits');
    // The form comes back with what was typed.
    expect(await page.locator('#register-form [name="asset_number"]').inputValue()).toBe('U-001');

    await fill({ ...good, serial: '' });
    const [refusedSerial] = await Promise.all([
      page.waitForNavigation(),
      form.locator('button[type="submit"]').click(),
    ]);
    expect(refusedSerial?.status()).toBe(400);
    await expect
      .poll(() => page.locator('#register-form .notice.bad').textContent())
      .toContain('serial is required');

    expect(await world.collector.collector.store.listMedia()).toEqual([]);
    const audit = await world.collector.collector.store.listAudit({ limit: 1000 });
    expect(audit.filter((entry) => entry.action.startsWith('medium.'))).toEqual([]);
    expect(admin.watch.outsideRequests).toEqual([]);
    expect(admin.watch.cspViolations).toEqual([]);
  });

  it('shows the system administrator the device without its findings, with a note saying why', async () => {
    const admin = await open('system_admin');
    const { page } = admin;
    const response = await page.goto(deviceUrl());
    expect(response?.status()).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toContain('设备');
    expect(await page.locator('.device-summary').textContent()).toContain(DEVICE);
    expect(await page.locator('#findings').textContent()).toContain('检查结果属于安全保密管理员的工作');
    expect(await page.locator('#findings tr').count()).toBe(0);
    // Not theirs to change: no ledger form; the media seen are listed, without a way into the media ledger.
    expect(await page.locator('#ledger-form').count()).toBe(0);
    expect(await page.locator(`table.media-seen tr[data-medium="${STICK}"]`).count()).toBe(1);
    expect(await page.locator('a[href^="/media"]').count()).toBe(0);
    expect(admin.watch.outsideRequests).toEqual([]);
    expect(admin.watch.cspViolations).toEqual([]);
  });

  it('turns the device page’s FAIL into PASS without a reload when the stick is registered in another tab', async () => {
    const admin = await open('security_admin');
    const devicePage = admin.page;
    await devicePage.goto(deviceUrl());
    expect(await row(devicePage).getAttribute('data-status')).toBe('FAIL');
    expect(await row(devicePage).textContent()).toContain('不通过');
    // The live region has subscribed to the device's notices before anything changes.
    await devicePage.locator('#findings[data-live-ready="true"]').waitFor();
    let navigations = 0;
    devicePage.on('framenavigated', (frame) => {
      if (frame === devicePage.mainFrame()) navigations++;
    });
    await devicePage.evaluate(() => {
      (globalThis as unknown as { shoumiMarker: string }).shoumiMarker = 'not reloaded';
    });

    // The device page links the unregistered stick to the media ledger, whose form it fills in.
    const link = devicePage.locator(`table.media-seen tr[data-medium="${STICK}"] a`);
    expect(await link.getAttribute('href')).toBe(`/media?key=${encodeURIComponent(STICK)}`);
    const ledgerPage = await admin.context.newPage();
    await ledgerPage.goto(`${world.consoleUrl}media?key=${encodeURIComponent(STICK)}`);
    const form = ledgerPage.locator('#register-form');
    expect(await form.locator('[name="vendor_id"]').inputValue()).toBe('46f4');
    expect(await form.locator('[name="product_id"]').inputValue()).toBe('0001');
    expect(await form.locator('[name="serial"]').inputValue()).toBe('SHM0001STICK');
    await form.locator('select[name="classification"]').selectOption('CONFIDENTIAL');
    await form.locator('[name="asset_number"]').fill('U-001');
    await form.locator('[name="responsible_person"]').fill('张三');
    await Promise.all([
      ledgerPage.waitForURL(/done=registered/),
      form.locator('button[type="submit"]').click(),
    ]);
    const registered = ledgerPage.locator(`table.media-ledger tr[data-medium="${STICK}"]`);
    expect(await registered.getAttribute('data-status')).toBe('in_use');
    expect(await registered.textContent()).toContain('U-001');

    const registeredAt = Date.now();
    await expect.poll(() => row(devicePage).getAttribute('data-status'), { timeout: 30_000 }).toBe('PASS');
    process.stdout.write(`registration to PASS on the open device page: ${Date.now() - registeredAt} ms\n`);
    expect(await row(devicePage).textContent()).toContain('通过');
    expect(
      await devicePage.evaluate(() => (globalThis as unknown as { shoumiMarker?: string }).shoumiMarker),
    ).toBe('not reloaded');
    expect(navigations).toBe(0);
    expect(await storedStatus()).toBe('pass');
    expect(admin.watch.outsideRequests).toEqual([]);
    expect(admin.watch.cspViolations).toEqual([]);
  }, 60_000);

  it('saves a ledger edit from the device page, and refuses a bad one on the form with nothing changed', async () => {
    const admin = await open('security_admin');
    const { page } = admin;
    await page.goto(deviceUrl());
    const form = page.locator('#ledger-form');
    await form.locator('[name="asset_number"]').fill('PC-001');
    await form.locator('select[name="classification"]').selectOption('CONFIDENTIAL');
    await form.locator('[name="responsible_person"]').fill('李四');
    await form.locator('[name="location"]').fill('302 室');
    await Promise.all([page.waitForURL(/done=ledger/), form.locator('button[type="submit"]').click()]);
    expect(await page.locator('.notice.ok').textContent()).toBe('台帐已保存。');
    expect(await world.collector.collector.store.getDevice(DEVICE)).toMatchObject({
      assetNumber: 'PC-001',
      classification: 'confidential',
      responsiblePerson: '李四',
      location: '302 室',
    });

    await form.locator('[name="allowed_networks"]').fill('10.0.0.0/33');
    await form.locator('[name="location"]').fill('404 室');
    const [refused] = await Promise.all([
      page.waitForNavigation(),
      form.locator('button[type="submit"]').click(),
    ]);
    expect(refused?.status()).toBe(400);
    expect(await page.locator('#ledger-form .notice.bad').textContent()).toContain('10.0.0.0/33');
    expect(await page.locator('#ledger-form [name="location"]').inputValue()).toBe('404 室');
    expect((await world.collector.collector.store.getDevice(DEVICE))?.location).toBe('302 室');
    expect(admin.watch.outsideRequests).toEqual([]);
    expect(admin.watch.cspViolations).toEqual([]);
  });

  it('marks the stick lost from the media ledger after asking, and the device page says so', async () => {
    const admin = await open('security_admin');
    const { page } = admin;
    await page.goto(`${world.consoleUrl}media?key=${encodeURIComponent(STICK)}`);
    let asked = '';
    page.on('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    const lostForm = page.locator(
      `table.media-ledger tr[data-medium="${STICK}"] form.status-form:has(input[name="status"][value="LOST"])`,
    );
    await lostForm.locator('[name="note"]').fill('会议室遗失');
    await Promise.all([page.waitForURL(/done=status/), lostForm.locator('button').click()]);
    expect(asked).toBe(`确认将 ${STICK} 标记为丢失？`);
    expect(
      await page.locator(`table.media-ledger tr[data-medium="${STICK}"]`).getAttribute('data-status'),
    ).toBe('lost');
    await page.goto(deviceUrl());
    expect(await page.locator(`table.media-seen tr[data-medium="${STICK}"]`).textContent()).toContain('丢失');
    expect(admin.watch.outsideRequests).toEqual([]);
    expect(admin.watch.cspViolations).toEqual([]);
  });
});
