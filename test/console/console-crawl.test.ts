// The whole console, crawled as each role: from /, every section in the nav and every link in the body of
// those pages, one level deep. On every page: nothing requested outside the collector, no Content-Security-
// Policy violation, the CSP header the server promises, an <h1>, Chinese as the page language, no inline
// style or script or handler in the markup; every response 200, or the refusal page for a link into another
// role's work (never from the nav). The first test proves the watchers can fail: a page that breaks the
// rules, served with our CSP, is caught.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../collector/console/console-server';
import { CONSOLE_ROUTES } from '../../collector/console/pages/index';
import { matchRoute } from '../../collector/console/router';
import { ADMIN_ROLES, type AdminRole } from '../../collector/pki/identity-names';
import { type AdminBrowser, adminBrowser, launchChromium } from '../support/console-browser';
import { type ConsoleFleetWorld, consoleFleetWorld } from '../support/console-fleet';
import { markupProblems } from '../support/page-hygiene';

/**
 * Sections whose pages are not in this checkout yet (other branches of issue 16 build them): their links are
 * still loaded and checked for markup and requests, but their 404 is expected. After the merge this list
 * must be empty, and the test says so until it is.
 */
const SECTIONS_NOT_YET_BUILT: string[] = [];

/** The sections in each role's nav: system_admin overview, devices, rules, sweeps; security_admin also
 *  media and records; the auditor rules and audit. */
const NAV_SECTIONS: Record<AdminRole, number> = { system_admin: 4, security_admin: 6, auditor: 2 };

/** Samples of one link shape (same path depth and first segment, same query keys) loaded per page. */
const SAMPLES_PER_SHAPE = 2;

let world: ConsoleFleetWorld;
let browser: Browser;
let badServer: http.Server;
let badOrigin: string;

beforeAll(async () => {
  world = await consoleFleetWorld('console-crawl', { devices: 40 });
  browser = await launchChromium();
  // A page that breaks every rule, under the console's own CSP, to prove the watchers see it.
  badServer = http.createServer((request, response) => {
    if (request.url === '/no-csp') {
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      // An image from another origin (nothing listens there; the request is what counts).
      response.end('<!doctype html><html lang="zh-CN"><h1>x</h1><img src="http://127.0.0.2:9/x.png" alt="">');
      return;
    }
    response.writeHead(200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
    response.end(
      '<!doctype html><html lang="zh-CN"><h1 style="color:red">x</h1>' +
        '<button onclick="alert(1)">b</button><script>document.title = "ran"</script>',
    );
  });
  await new Promise<void>((resolve) => badServer.listen(0, '127.0.0.1', resolve));
  badOrigin = `http://127.0.0.1:${(badServer.address() as AddressInfo).port}`;
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await world?.collector.stop();
  await new Promise((resolve) => badServer?.close(resolve));
});

/** Links not to follow: the language switch (a redirect back), downloads, and pages past the first. */
function followable(href: URL): boolean {
  if (href.pathname === '/language' || href.pathname === '/events') return false;
  if (/\.(csv|xlsx|pdf|html?)$/i.test(href.pathname) || /\/(download|export)$/.test(href.pathname))
    return false;
  if (href.searchParams.has('format') || href.searchParams.has('download')) return false;
  for (const key of href.searchParams.keys()) if (/^after/i.test(key)) return false;
  return true;
}

function shapeOf(href: URL): string {
  const segments = href.pathname.split('/').filter(Boolean);
  return `${segments[0] ?? ''}/${segments.length}?${[...href.searchParams.keys()].sort().join('&')}`;
}

/** The same-origin links of a page worth following (not downloads), in document order. */
async function linksOf(page: Page, selector: string, origin: string): Promise<URL[]> {
  const hrefs = await page.locator(selector).evaluateAll((anchors) =>
    anchors
      .filter((a) => !a.hasAttribute('download'))
      .map((a) => (a as unknown as { href: string }).href)
      .filter(Boolean),
  );
  return hrefs
    .map((href) => new URL(href))
    .filter((url) => url.origin === origin && followable(url))
    .map((url) => {
      url.hash = '';
      return url;
    });
}

interface Visit {
  url: string;
  status: number;
  fromNav: boolean;
  problems: string[];
  bodyLinks: URL[];
}

async function visit(admin: AdminBrowser, url: string, fromNav: boolean, origin: string): Promise<Visit> {
  const page = await admin.context.newPage();
  try {
    const response = await page.goto(url);
    const problems: string[] = [];
    const status = response?.status() ?? 0;
    const headers = (await response?.allHeaders()) ?? {};
    if (headers['content-security-policy'] !== CONTENT_SECURITY_POLICY)
      problems.push(`CSP header: ${headers['content-security-policy']}`);
    if ((await page.locator('h1').count()) !== 1) problems.push('not exactly one <h1>');
    // A refusal is the console's refusal page (its frame, 无权访问), not an error or an empty answer.
    if (status === 403 && (await page.locator('h1').textContent()) !== '无权访问')
      problems.push('a 403 that is not the refusal page');
    const lang = await page.locator('html').getAttribute('lang');
    if (lang !== 'zh-CN') problems.push(`<html lang="${lang}">`);
    problems.push(...(await markupProblems(page)));
    const bodyLinks = status === 200 ? await linksOf(page, 'main a[href]', origin) : [];
    return { url: page.url(), status, fromNav, problems, bodyLinks };
  } finally {
    await page.close();
  }
}

function sectionOf(url: URL): string {
  return `/${url.pathname.split('/')[1] ?? ''}`;
}

/** The crawl for one role: every page it reached, and the sections whose routes this checkout lacks. */
async function crawl(
  role: AdminRole,
): Promise<{ visits: Visit[]; unbuilt: Set<string>; admin: AdminBrowser }> {
  const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir(role));
  const origin = new URL(world.consoleUrl).origin;
  const visits: Visit[] = [];
  const unbuilt = new Set<string>();
  const seen = new Set<string>();
  const shapes = new Map<string, number>();
  const load = async (url: URL, fromNav: boolean) => {
    const key = `${url.pathname}${url.search}`;
    if (seen.has(key)) return undefined;
    const shape = shapeOf(url);
    if (!fromNav && (shapes.get(shape) ?? 0) >= SAMPLES_PER_SHAPE) return undefined;
    seen.add(key);
    shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    if (matchRoute(CONSOLE_ROUTES, 'GET', url.pathname) === 'not-found' && url.pathname !== '/')
      unbuilt.add(sectionOf(url));
    const result = await visit(admin, url.href, fromNav, origin);
    visits.push(result);
    return result;
  };

  const start = await admin.page.goto(world.consoleUrl);
  expect(start?.status()).toBeLessThan(500);
  const nav = await linksOf(admin.page, 'header nav a[href]', origin);
  const startBody = await linksOf(admin.page, 'main a[href]', origin);
  const startUrl = new URL(admin.page.url());
  if (matchRoute(CONSOLE_ROUTES, 'GET', startUrl.pathname) === 'not-found') unbuilt.add(sectionOf(startUrl));
  const level1: Visit[] = [];
  for (const url of [...nav]) {
    const result = await load(url, true);
    if (result) level1.push(result);
  }
  for (const url of startBody) await load(url, false);
  for (const page of level1) for (const url of page.bodyLinks) await load(url, false);
  return { visits, unbuilt, admin };
}

describe('the whole console, crawled', () => {
  it('can fail: a page with inline script, style and handlers under our CSP, and a request elsewhere', async () => {
    const bad = await adminBrowser(browser, `${badOrigin}/`, undefined);
    try {
      await bad.page.goto(`${badOrigin}/bad`);
      expect(await bad.page.title()).not.toBe('ran');
      await expect.poll(() => bad.watch.cspViolations.length).toBeGreaterThan(0);
      expect(await markupProblems(bad.page)).toEqual(['h1[style]', 'button[onclick]', 'script without src']);
      await bad.page.goto(`${badOrigin}/no-csp`);
      await expect.poll(() => bad.watch.outsideRequests).toEqual(['http://127.0.0.2:9/x.png']);
    } finally {
      await bad.close();
    }
  });

  it.each(ADMIN_ROLES)(
    'as the %s: every page reached stays inside the collector and within the CSP',
    async (role) => {
      const { visits, unbuilt, admin } = await crawl(role);
      try {
        // Every nav section was loaded (counted by hand from admin/method-roles.ts).
        expect(visits.filter((page) => page.fromNav).length).toBe(NAV_SECTIONS[role]);
        console.info(`${role}: ${visits.length} pages crawled`);
        for (const page of visits) {
          expect.soft(page.problems, page.url).toEqual([]);
          const section = sectionOf(new URL(page.url));
          const allowed =
            SECTIONS_NOT_YET_BUILT.includes(section) && unbuilt.has(section) ? [200, 404] : [200];
          // A body link may lead into another role's work: the refusal page, never from the nav.
          if (!page.fromNav) allowed.push(403);
          expect.soft(allowed, `${page.url} answered ${page.status}`).toContain(page.status);
        }
        expect(admin.watch.outsideRequests).toEqual([]);
        expect(admin.watch.cspViolations).toEqual([]);
        // Every section this role reached either works or is listed as not built yet; nothing else.
        for (const section of unbuilt) expect(SECTIONS_NOT_YET_BUILT).toContain(section);
      } finally {
        await admin.close();
      }
    },
    300_000,
  );

  it('has every section of the nav built (empty the not-yet-built list at the merge)', () => {
    const missing = ['/devices', '/rules', '/media', '/sweeps', '/records', '/audit'].filter(
      (path) => matchRoute(CONSOLE_ROUTES, 'GET', path) === 'not-found',
    );
    expect(missing.sort()).toEqual(SECTIONS_NOT_YET_BUILT);
  });
});
