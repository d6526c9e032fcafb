// The administrator's identity exported as PKCS#12 (shoumictl identity export, admin add --p12) opens the
// console in Chromium, as a browser with the file imported does: the page names the administrator the
// certificate names, with that role's sections.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportIdentityP12 } from '../../collector/pki/pkcs12/identity-p12';
import {
  CONSOLE_VIEWPORT,
  type ConsoleWorld,
  consoleWorld,
  launchChromium,
} from '../support/console-browser';

let world: ConsoleWorld;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  world = await consoleWorld('console-p12');
  browser = await launchChromium();
  dir = await mkdtemp(path.join(os.tmpdir(), 'shoumi-p12-browser-'));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await world?.collector.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the PKCS#12 export in a browser', () => {
  it('opens the console as the security administrator it names', async () => {
    const pfxPath = path.join(dir, 'security.p12');
    const passphrase = '口令 for the browser 1';
    await exportIdentityP12({
      identityDir: world.identityDir('security_admin'),
      file: pfxPath,
      password: passphrase,
    });
    const origin = new URL(world.consoleUrl).origin;
    const context = await browser.newContext({
      ignoreHTTPSErrors: true,
      viewport: CONSOLE_VIEWPORT,
      clientCertificates: [{ origin, pfxPath, passphrase }],
    });
    try {
      const page = await context.newPage();
      const response = await page.goto(world.consoleUrl);
      expect(response?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('总览');
      expect(await page.locator('.who').textContent()).toContain('test-security_admin · 安全保密管理员');
      expect(await page.locator('header nav a').allTextContents()).toEqual([
        '总览',
        '设备',
        '规则',
        '介质',
        '检查',
        '检查记录',
      ]);
    } finally {
      await context.close();
    }
  });

  it('is refused by the browser with the wrong password: no certificate, no console', async () => {
    const pfxPath = path.join(dir, 'auditor.p12');
    await exportIdentityP12({
      identityDir: world.identityDir('auditor'),
      file: pfxPath,
      password: 'the right one',
    });
    const origin = new URL(world.consoleUrl).origin;
    const failure = await browser
      .newContext({
        ignoreHTTPSErrors: true,
        clientCertificates: [{ origin, pfxPath, passphrase: 'not the right one' }],
      })
      .then(
        async (context) => {
          await context.close();
          return 'opened';
        },
        (error: Error) => error.message,
      );
    expect(failure).toMatch(/mac verify failure|passphrase|password|decrypt/i);
  });
});
