// The console in a real browser: Debian's chromium driven by playwright-core (no browser download; `npm run
// setup:system` installs chromium and the CJK fonts), one browser context per administrator, each
// presenting that administrator's client certificate the way a browser with an imported PKCS#12 file or a
// UKey would. Every context records what a console page must never do: a request to anywhere but the
// collector, and a Content-Security-Policy violation (Chromium reports each on the console).
//
// Our CA is not in Chromium's store here, so contexts ignore the server certificate's issuer (a site imports
// the CA once; test/console/console-tls.test.ts checks the certificate the console serves). Nothing else is
// relaxed: the page, its CSP and its requests are exactly what a security office's browser gets.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ADMIN_IDENTITY_FILES, type AdminRole } from '../../collector/pki/identity-names';
import { type InProcessCollector, inProcessCollector } from './in-process-collector';
import { missingPackagesWhy } from './system-packages';

export const CHROMIUM = '/usr/bin/chromium';

/** Why the console cannot be driven here (the packages to install and the command), or undefined. */
export function consoleBrowserWhyNot(): string | undefined {
  const missing = [
    ...(existsSync(CHROMIUM) ? [] : ['chromium']),
    ...(spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).stdout?.trim() ? [] : ['fonts-noto-cjk']),
  ];
  return missing.length > 0 ? missingPackagesWhy('the console browser tests', missing) : undefined;
}

/** 1366×768: the smallest screen the console is laid out for (the "readable at 1366×768"). */
export const CONSOLE_VIEWPORT = { width: 1366, height: 768 };

export async function launchChromium(): Promise<Browser> {
  const why = consoleBrowserWhyNot();
  // Never pass silently: without a browser the test fails and says what to install.
  if (why) throw new Error(why);
  return chromium.launch({
    executablePath: CHROMIUM,
    // Root in a container: Chromium's sandbox needs user namespaces it may not get.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** What a context saw that a console page must never do. */
export interface PageWatch {
  /** URLs requested outside the console's origin. */
  outsideRequests: string[];
  /** Console messages reporting a Content-Security-Policy violation. */
  cspViolations: string[];
}

export interface AdminBrowser {
  context: BrowserContext;
  page: Page;
  watch: PageWatch;
  close(): Promise<void>;
}

/** A browser context with no certificate (or `role`'s), watching every request and CSP report. */
export async function adminBrowser(
  browser: Browser,
  consoleUrl: string,
  identityDir: string | undefined,
  options: { lang?: 'zh' | 'en'; colorScheme?: 'light' | 'dark' } = {},
): Promise<AdminBrowser> {
  const origin = new URL(consoleUrl).origin;
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: CONSOLE_VIEWPORT,
    locale: options.lang === 'en' ? 'en-GB' : 'zh-CN',
    colorScheme: options.colorScheme ?? 'light',
    clientCertificates: identityDir
      ? [
          {
            origin,
            certPath: path.join(identityDir, ADMIN_IDENTITY_FILES.cert),
            keyPath: path.join(identityDir, ADMIN_IDENTITY_FILES.key),
          },
        ]
      : [],
  });
  const watch: PageWatch = { outsideRequests: [], cspViolations: [] };
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && url !== origin) watch.outsideRequests.push(url);
  });
  const page = await context.newPage();
  const listen = (target: Page) =>
    target.on('console', (message) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(message.text()))
        watch.cspViolations.push(message.text());
    });
  listen(page);
  context.on('page', listen);
  return { context, page, watch, close: () => context.close() };
}

export interface ConsoleWorld {
  collector: InProcessCollector;
  consoleUrl: string;
  identityDir(role: AdminRole): string;
}

/** An in-process collector with its console on a free loopback port, its PKI and one admin per role. */
export async function consoleWorld(
  name: string,
  options: Parameters<typeof inProcessCollector>[1] = {},
): Promise<ConsoleWorld> {
  const collector = await inProcessCollector(name, {
    consoleListen: '127.0.0.1:0',
    timeZone: 'Asia/Shanghai',
    ...options,
  });
  const consoleUrl = collector.collector.consoleUrl;
  if (!consoleUrl) throw new Error('the collector started without its console');
  return { collector, consoleUrl, identityDir: (role) => collector.trust.identityDir(role) };
}
