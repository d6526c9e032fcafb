// The auditor's console and the walls between the three roles, in a real browser:
//   (a) the auditor verifies the trail and sees it intact with the number of records checked;
//   (b) each role's sections are its own (a table written from admin/method-roles.ts), and a role that opens
//       another's page gets the refusal page, which the trail then holds as a refused admin.call;
//   (c) a form sent from another site, or from our own page with a wrong token, is refused and audited.
// The refusal tally (admin/refusal-tally.ts) records the first refusal of each identity and kind in a minute
// one by one: every case below uses an identity and kind no other case uses, so each record is written at once.
import { webcrypto } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredAuditRecord } from '../../collector/audit/audit-record';
import { CONSOLE_ROUTES } from '../../collector/console/pages';
import { matchRoute } from '../../collector/console/router';
import { x509 } from '../../collector/pki/x509-library';
import { adminBrowser, type ConsoleWorld, consoleWorld, launchChromium } from '../support/console-browser';

let world: ConsoleWorld;
let browser: Browser;

const ACTOR = {
  security_admin: 'admin:test-security_admin(security_admin)',
  system_admin: 'admin:test-system_admin(system_admin)',
  auditor: 'admin:test-auditor(auditor)',
} as const;

beforeAll(async () => {
  world = await consoleWorld('audit-roles');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await world?.collector.stop();
});

const store = () => world.collector.collector.store;
const url = (path: string) => new URL(path, world.consoleUrl).toString();
const registered = (method: 'GET' | 'POST', path: string) =>
  typeof matchRoute(CONSOLE_ROUTES, method, path) === 'object';

async function adminCalls(
  actor: string,
): Promise<(StoredAuditRecord & { detail: Record<string, unknown> })[]> {
  const records = await store().readAuditRecords({
    afterPosition: 0,
    limit: 1000,
    actor,
    action: 'admin.call',
  });
  return records.map((record) => ({
    ...record,
    detail: JSON.parse(record.detailJson) as Record<string, unknown>,
  }));
}

describe('(a) the auditor verifies the trail', () => {
  it('sees the trail, presses 验证 and reads that the chain is intact, with every record counted', async () => {
    const auditor = await adminBrowser(browser, world.consoleUrl, world.identityDir('auditor'));
    try {
      const response = await auditor.page.goto(url('/audit'));
      expect(response?.status()).toBe(200);
      await expect.poll(() => auditor.page.locator('h1').textContent()).toBe('审计');
      // The auditor's own two calls of this page are on it (ListAudit, then GetAuditDigest), marked as the console's.
      const ownRow = auditor.page.locator('table.audit-trail tbody tr', { hasText: 'ListAudit' }).last();
      await expect.poll(() => ownRow.locator('.badge.info').textContent()).toBe('控制台');
      const before = (await store().auditHead())!.position;
      await auditor.page.getByRole('button', { name: '验证' }).click();
      const verdict = auditor.page.locator('[data-verdict]');
      await verdict.waitFor({ timeout: 30_000 });
      expect(await verdict.getAttribute('data-verdict')).toBe('ok');
      expect(await verdict.textContent()).toContain('审计链完好');
      // Every record there was when the button was pressed, and the record of the VerifyAudit call itself
      // (written before the use case runs), is counted.
      expect(Number(await verdict.locator('[data-records-checked]').textContent())).toBe(before + 1);
      await auditor.page.goto(url('/audit/seals'));
      await expect
        .poll(() => auditor.page.locator('pre.audit-command').textContent())
        .toContain('audit seal');
      expect(await auditor.page.locator('pre.audit-digest').textContent()).toMatch(/^position: \d+$/m);
      expect(auditor.watch.outsideRequests).toEqual([]);
      expect(auditor.watch.cspViolations).toEqual([]);
    } finally {
      await auditor.close();
    }
  }, 90_000);
});

describe('(b) each role sees only its own sections and actions', () => {
  // Written by hand from admin/method-roles.ts (and layout.ts's NAV: a section shows for the roles that may
  // call its main method).
  const NAV = {
    security_admin: { start: '/', sections: ['总览', '设备', '规则', '介质', '检查', '检查记录'] },
    system_admin: { start: '/', sections: ['总览', '设备', '规则', '检查'] },
    auditor: { start: '/audit', sections: ['规则', '审计'] },
  } as const;

  for (const [role, expected] of Object.entries(NAV) as [
    keyof typeof NAV,
    (typeof NAV)[keyof typeof NAV],
  ][]) {
    it(`${role}: the navigation lists ${expected.sections.join(' ')}`, async () => {
      const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir(role));
      try {
        const response = await admin.page.goto(url(expected.start));
        expect(response?.status()).toBe(200);
        expect(await admin.page.locator('header nav a').allTextContents()).toEqual([...expected.sections]);
        expect(admin.watch.outsideRequests).toEqual([]);
        expect(admin.watch.cspViolations).toEqual([]);
      } finally {
        await admin.close();
      }
    });
  }

  // One page of another role's per identity (a second refusal of the same kind in a minute is counted, not
  // written at once). Pages of sections merged from other branches run once their routes are registered.
  const REFUSED = [
    {
      role: 'security_admin',
      path: '/audit',
      method: 'ListAudit',
      why: 'ListAudit is for auditor, not security_admin',
    },
    {
      role: 'system_admin',
      path: '/audit/seals',
      method: 'ListAuditSeals',
      why: 'ListAuditSeals is for auditor, not system_admin',
    },
    {
      role: 'auditor',
      path: '/devices',
      method: 'ListDevices',
      why: 'ListDevices is for system_admin or security_admin, not auditor',
    },
  ] as const;

  for (const refused of REFUSED) {
    it.skipIf(!registered('GET', refused.path))(
      `${refused.role} opening ${refused.path} gets the refusal page, and the trail holds the refused ${refused.method}`,
      async () => {
        const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir(refused.role));
        try {
          const response = await admin.page.goto(url(refused.path));
          expect(response?.status()).toBe(403);
          expect(await admin.page.locator('h1').textContent()).toBe('无权访问');
          expect(await admin.page.locator('main .notice.bad').textContent()).toBe(refused.why);
          expect(admin.watch.outsideRequests).toEqual([]);
          expect(admin.watch.cspViolations).toEqual([]);
        } finally {
          await admin.close();
        }
        const calls = await adminCalls(ACTOR[refused.role]);
        expect(calls.filter((call) => call.target === refused.method)).toMatchObject([
          { outcome: 'refused', detail: { door: 'console', reason: refused.why } },
        ]);
        // The auditor finds it on the trail in the browser, filtered by that actor.
        const auditor = await adminBrowser(browser, world.consoleUrl, world.identityDir('auditor'));
        try {
          await auditor.page.goto(
            url(`/audit?actor=${encodeURIComponent(ACTOR[refused.role])}&action=admin.call`),
          );
          const row = auditor.page.locator('table.audit-trail tbody tr', { hasText: refused.method });
          await expect.poll(() => row.count()).toBe(1);
          expect(await row.locator('.badge.fail').textContent()).toBe('拒绝');
          expect(await row.locator('.badge.info').textContent()).toBe('控制台');
          expect(auditor.watch.cspViolations).toEqual([]);
        } finally {
          await auditor.close();
        }
      },
    );
  }
});

/** A site on another origin (https://localhost:PORT, ours is 127.0.0.1) with its own self-signed certificate,
 *  serving one page: a form that posts to `target` on the console, as a hostile page would. */
async function attackerSite(target: string, fields: Record<string, string>) {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=localhost',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 3_600_000),
    signingAlgorithm: algorithm,
    keys,
    extensions: [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }])],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const key = `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join('');
  const page = `<!doctype html><meta charset="utf-8"><title>prize</title>
<form method="post" action="${target}">${inputs}<button type="submit">claim your prize</button></form>`;
  const server = https.createServer({ key, cert: cert.toString('pem') }, (_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://localhost:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('(c) a request forged from another origin is refused and audited', () => {
  // The attacker's target: a state-changing console route and whose browser the attacker hopes to use.
  const FORGED = [
    // This branch's own POST (verification only reads, but is a POST so that no link can start it).
    { role: 'auditor', path: '/audit/verify', method: 'VerifyAudit', fields: { digest: '' } },
    // The system administrator's sweep (RunSweep), once the sweeps section is merged.
    { role: 'system_admin', path: '/sweeps', method: 'RunSweep', fields: { note: 'forged' } },
  ] as const;

  for (const forged of FORGED) {
    it.skipIf(!registered('POST', forged.path))(
      `a page on another origin posting to ${forged.path} with the ${forged.role}'s certificate is refused`,
      async () => {
        const before = (await store().auditHead())!.position;
        const site = await attackerSite(url(forged.path), forged.fields);
        const victim = await adminBrowser(browser, world.consoleUrl, world.identityDir(forged.role));
        try {
          await victim.page.goto(site.url);
          const [response] = await Promise.all([
            victim.page.waitForResponse((answer) => answer.url() === url(forged.path)),
            victim.page.getByRole('button', { name: 'claim your prize' }).click(),
          ]);
          expect(response.status()).toBe(403);
          await expect.poll(() => victim.page.locator('h1').textContent()).toBe('无权访问');
          expect(victim.watch.cspViolations).toEqual([]);
        } finally {
          await victim.close();
          await site.close();
        }
        const after = (await store().readAuditRecords({ afterPosition: before, limit: 1000 })).map(
          (record) => ({
            ...record,
            detail: JSON.parse(record.detailJson) as Record<string, unknown>,
          }),
        );
        // One record of the attempt, refused, naming the forgery and the console's door; nothing else: the
        // use case did not run (no allowed call, no change of any kind).
        expect(after.map((record) => [record.actor, record.action, record.target, record.outcome])).toEqual([
          [ACTOR[forged.role], 'admin.call', forged.method, 'refused'],
        ]);
        expect(after[0]!.detail).toMatchObject({ door: 'console' });
        expect(after[0]!.detail.reason).toMatch(
          /^console form sent from another (site \(Sec-Fetch-Site: cross-site\)|origin \(Origin: https:\/\/localhost:\d+\))$/,
        );
      },
    );
  }

  it('a form from the console’s own page with a wrong token is refused the same way', async () => {
    // The security administrator: the one identity no other forgery case uses.
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('security_admin'));
    const before = (await store().auditHead())!.position;
    try {
      await admin.page.goto(url('/'));
      // The page's own form as a tampered page would send it: same origin, the token replaced. (Built through
      // the browser's devtools, which the page's CSP does not govern; the page itself runs no inline script.)
      await admin.page.evaluate(`(() => {
        const form = document.createElement('form');
        form.method = 'post';
        form.action = '/audit/verify';
        for (const [name, value] of [['_csrf', 'not-the-token-of-this-certificate'], ['digest', '']]) {
          const input = document.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.append(input);
        }
        const button = document.createElement('button');
        button.textContent = 'send';
        form.append(button);
        document.body.append(form);
      })()`);
      const [response] = await Promise.all([
        admin.page.waitForResponse((answer) => answer.url() === url('/audit/verify')),
        admin.page.getByRole('button', { name: 'send' }).click(),
      ]);
      expect(response.status()).toBe(403);
      await expect.poll(() => admin.page.locator('h1').textContent()).toBe('无权访问');
      expect(admin.watch.outsideRequests).toEqual([]);
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
    }
    const after = await store().readAuditRecords({
      afterPosition: before,
      limit: 1000,
      action: 'admin.call',
    });
    const attempt = after.filter((record) => record.target === 'VerifyAudit');
    expect(attempt).toHaveLength(1);
    expect(attempt[0]).toMatchObject({ actor: ACTOR.security_admin, outcome: 'refused' });
    expect(JSON.parse(attempt[0]!.detailJson)).toMatchObject({
      door: 'console',
      reason: 'console form with an anti-forgery token that is not this certificate’s',
    });
  });
});
