// Language, zone, theme, keyboard and screen size, in a real browser: the English switch is per user (a
// cookie in that browser) and goes back; the unit's time zone is the one named; prefers-color-scheme dark
// gives the dark palette; Tab from the top reaches the skip link and then the header's links in order, and
// Enter follows them; at 1366×768 no section's page is wider than the screen, in either language.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminRole } from '../../collector/pki/identity-names';
import { adminBrowser, type ConsoleWorld, consoleWorld, launchChromium } from '../support/console-browser';

let world: ConsoleWorld;
let browser: Browser;

beforeAll(async () => {
  world = await consoleWorld('console-i18n');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await world?.collector.stop();
});

const navTexts = (page: Page) => page.locator('header nav a').allTextContents();

/** What has the keyboard focus: its tag, class and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const active = (
      globalThis as unknown as {
        document: {
          activeElement: { tagName: string; className: string; textContent: string | null } | null;
        };
      }
    ).document.activeElement;
    return active ? `${active.tagName.toLowerCase()}.${active.className}:${active.textContent?.trim()}` : '';
  });

describe('language, time zone, theme, keyboard, screen size', () => {
  it('switches one administrator’s console to English and back, leaving another’s in Chinese', async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('security_admin'));
    const other = await adminBrowser(browser, world.consoleUrl, world.identityDir('system_admin'));
    try {
      await admin.page.goto(world.consoleUrl);
      expect(await admin.page.locator('html').getAttribute('lang')).toBe('zh-CN');
      await admin.page.locator('a.lang').click();
      await expect.poll(() => admin.page.locator('h1').textContent()).toBe('Overview');
      expect(new URL(admin.page.url()).pathname).toBe('/');
      expect(await admin.page.locator('html').getAttribute('lang')).toBe('en');
      expect(await navTexts(admin.page)).toEqual([
        'Overview',
        'Devices',
        'Rules',
        'Media',
        'Sweeps',
        'Inspection records',
      ]);
      expect(await admin.page.locator('a.skip').textContent()).toBe('Skip to content');
      expect(await admin.page.locator('.who').textContent()).toContain('security administrator');
      // The choice stays with this browser: a new page of the same user is English too.
      const again = await admin.context.newPage();
      await again.goto(world.consoleUrl);
      expect(await again.locator('h1').textContent()).toBe('Overview');
      await again.close();
      // Another administrator's browser is untouched.
      await other.page.goto(world.consoleUrl);
      expect(await other.page.locator('h1').textContent()).toBe('总览');
      // And back.
      await admin.page.locator('a.lang').click();
      await expect.poll(() => admin.page.locator('h1').textContent()).toBe('总览');
      expect(await admin.page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(admin.watch.outsideRequests).toEqual([]);
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
      await other.close();
    }
  });

  it('names the unit’s time zone the pages show times in', async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('security_admin'));
    try {
      await admin.page.goto(world.consoleUrl);
      // The collector runs with timeZone Asia/Shanghai (consoleWorld); console-time.test.ts checks the +08:00.
      expect(await admin.page.locator('footer').textContent()).toBe('时区: Asia/Shanghai');
    } finally {
      await admin.close();
    }
  });

  it('takes the dark palette when the system asks for it', async () => {
    const background = async (scheme: 'light' | 'dark') => {
      const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('security_admin'), {
        colorScheme: scheme,
      });
      try {
        await admin.page.goto(world.consoleUrl);
        const body = admin.page.locator('body');
        const colours = await body.evaluate((element) => {
          const style = (
            globalThis as unknown as {
              getComputedStyle(e: unknown): { backgroundColor: string; color: string };
            }
          ).getComputedStyle(element);
          return { background: style.backgroundColor, text: style.color };
        });
        expect(admin.watch.cspViolations).toEqual([]);
        return colours;
      } finally {
        await admin.close();
      }
    };
    // From assets/base-css.ts, written out: light --bg #f6f7f9 / --text #1b1f24; dark #111418 / #e6e9ee.
    expect(await background('light')).toEqual({ background: 'rgb(246, 247, 249)', text: 'rgb(27, 31, 36)' });
    expect(await background('dark')).toEqual({ background: 'rgb(17, 20, 24)', text: 'rgb(230, 233, 238)' });
  });

  it('is usable from the keyboard: skip link first, then the header’s links in order; Enter follows', async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('security_admin'));
    try {
      const page = admin.page;
      await page.goto(world.consoleUrl);
      const order: string[] = [];
      for (let i = 0; i < 9; i++) {
        await page.keyboard.press('Tab');
        order.push(await focused(page));
      }
      expect(order).toEqual([
        'a.skip:跳到正文',
        'a.brand:守密 · 管理控制台',
        'a.:总览',
        'a.:设备',
        'a.:规则',
        'a.:介质',
        'a.:检查',
        'a.:检查记录',
        'a.lang:English',
      ]);
      // Enter on the skip link puts the focus on the page's content.
      await page.goto(world.consoleUrl);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).hash).toBe('#main');
      await expect.poll(() => focused(page)).toMatch(/^main\./);
      // Enter on a nav link opens that section.
      await page.goto(world.consoleUrl);
      await page.locator('header nav a', { hasText: '规则' }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => new URL(page.url()).pathname).toBe('/rules');
    } finally {
      await admin.close();
    }
  });

  it.each<[AdminRole, 'zh' | 'en']>([
    ['security_admin', 'zh'],
    ['security_admin', 'en'],
    ['system_admin', 'zh'],
    ['auditor', 'en'],
  ])('at 1366×768 no section page of the %s (%s) is wider than the screen', async (role, lang) => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir(role));
    try {
      const page = admin.page;
      await page.goto(world.consoleUrl);
      if (lang === 'en') {
        await page.locator('a.lang').click();
        await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      }
      const sections = await page
        .locator('header nav a')
        .evaluateAll((anchors) => anchors.map((a) => (a as unknown as { href: string }).href));
      expect(sections.length).toBeGreaterThan(0);
      for (const section of sections) {
        await page.goto(section);
        const widths = await page.evaluate(() => {
          const doc = (
            globalThis as unknown as {
              document: {
                documentElement: { scrollWidth: number };
                querySelector(s: string): { scrollWidth: number; clientWidth: number };
              };
            }
          ).document;
          const header = doc.querySelector('header.top');
          return {
            page: doc.documentElement.scrollWidth,
            headerOverflow: header.scrollWidth - header.clientWidth,
          };
        });
        expect.soft(widths.page, section).toBeLessThanOrEqual(1366);
        expect.soft(widths.headerOverflow, section).toBe(0);
      }
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
