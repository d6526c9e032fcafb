// The console's door in a real browser: each role's certificate opens the console with that role's sections,
// a browser without a certificate gets nothing, and a page asks for nothing outside the collector.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminBrowser, type ConsoleWorld, consoleWorld, launchChromium } from '../support/console-browser';

let world: ConsoleWorld;
let browser: Browser;

beforeAll(async () => {
  world = await consoleWorld('console-door');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await world?.collector.stop();
});

describe('the console door', () => {
  it('shows the security administrator the overview in Chinese, with only their sections', async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('security_admin'));
    try {
      const response = await admin.page.goto(world.consoleUrl);
      expect(response?.status()).toBe(200);
      await expect.poll(() => admin.page.locator('h1').textContent()).toBe('总览');
      const sections = await admin.page.locator('header nav a').allTextContents();
      // Written from admin/method-roles.ts by hand: security_admin lists devices, media and records, not audit.
      expect(sections).toEqual(['总览', '设备', '规则', '介质', '检查', '检查记录']);
      expect(admin.watch.outsideRequests).toEqual([]);
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  it('sends the auditor to the audit trail, the only section besides the rules', async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('auditor'));
    try {
      await admin.page.goto(world.consoleUrl);
      expect(new URL(admin.page.url()).pathname).toBe('/audit');
      expect(await admin.page.locator('header nav a').allTextContents()).toEqual(['规则', '审计']);
    } finally {
      await admin.close();
    }
  });

  it('gives a browser without a certificate nothing: the handshake fails', async () => {
    const anonymous = await adminBrowser(browser, world.consoleUrl, undefined);
    try {
      const failure = await anonymous.page.goto(world.consoleUrl).then(
        () => 'loaded',
        (error: Error) => error.message,
      );
      expect(failure).toMatch(
        /ERR_(BAD_SSL_CLIENT_AUTH_CERT|SSL_PROTOCOL_ERROR|CONNECTION_CLOSED|CONNECTION_RESET|SOCKET_NOT_CONNECTED)/,
      );
    } finally {
      await anonymous.close();
    }
  });
});
