// 总览 and 规则 in a real browser over a fleet made here: the state counts, the clause counts and today's
// trend row against numbers written out by hand; a rule's rationale in Chinese and, after the language
// switch, in English; the auditor reads the rule without the device list. No page asks for anything
// outside the collector or breaks the CSP.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingOf, helloFor } from '../../collector/store/store-fixtures';
import { dayIn } from '../../collector/zone-days';
import type { Finding } from '../../policies/model';
import { adminBrowser, type ConsoleWorld, consoleWorld, launchChromium } from '../support/console-browser';

let world: ConsoleWorld;
let browser: Browser;

const SILENCE_RATIONALE_ZH =
  '3.7.5 要求对违规外联、移动介质等进行监控和安全审计；代理长时间无报告，说明监控已中断（被停止、卸载或计算机离开涉密网）。';
const SILENCE_RATIONALE_EN =
  'Clause 3.7.5 requires monitoring and security audit; an agent silent for long means monitoring has stopped (stopped, removed, or the computer left the classified network).';

/**
 * The fleet: dev-ok passes every required rule (compliant); dev-usb fails usb-storage-registered (3.7.4);
 * dev-quiet is flagged silent (3.7.5, failing); dev-new said hello and sent nothing (not yet judged);
 * dev-ledger is in the ledger only (never seen). Five devices (a sixth comes late, for the live cards).
 */
async function makeFleet(): Promise<void> {
  const store = world.collector.collector.store;
  const now = Date.now();
  for (const deviceId of ['dev-ok', 'dev-usb', 'dev-quiet', 'dev-new']) {
    await store.recordHello(helloFor(deviceId), now - 60_000);
  }
  const passes: Finding[] = (await store.requiredRules()).map((ruleId, index) =>
    findingOf(index + 1, { ruleId, clause: '3.7.5', subject: '', status: 'pass', evidence: {} }),
  );
  await store.recordFindings('dev-ok', passes, now - 50_000);
  await store.recordFindings(
    'dev-usb',
    [findingOf(1, { ruleId: 'usb-storage-registered', clause: '3.7.4', status: 'fail' })],
    now - 50_000,
  );
  await store.recordCollectorFindings(
    [
      {
        deviceId: 'dev-quiet',
        ruleId: 'agent-reports-regularly',
        clause: '3.7.5',
        subject: '',
        status: 'fail',
        severity: 'high',
        evidence: {},
        reason: 'silent',
        observedAtMs: now - 40_000,
        sweepId: '',
      },
    ],
    now - 40_000,
  );
  await store.updateLedger('dev-ledger', { assetNumber: 'ZC-LEDGER' }, { actor: 'test', source: 'local' });
}

beforeAll(async () => {
  world = await consoleWorld('console-overview-rules');
  browser = await launchChromium();
  await makeFleet();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await world?.collector.stop();
});

describe('the overview', () => {
  it('counts the fleet, by state and by clause, each number a link to its device list', async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('security_admin'));
    try {
      await admin.page.goto(world.consoleUrl);
      const card = (state: string) => admin.page.locator(`a.card[href="/devices?state=${state}"] .n`);
      await expect.poll(() => card('compliant').textContent()).toBe('1');
      expect(await admin.page.locator('a.card[href="/devices"] .n').textContent()).toBe('5');
      expect(await card('failing').textContent()).toBe('2');
      expect(await card('not_judged').textContent()).toBe('1');
      expect(await card('never_seen').textContent()).toBe('1');
      expect(await card('silent').textContent()).toBe('1');
      const clauseCount = (clause: string) =>
        admin.page.locator(`a[href="/devices?clause=${clause}"]`).textContent();
      expect(await clauseCount('3.7.4')).toBe('1');
      expect(await clauseCount('3.7.5')).toBe('1');
      expect(await clauseCount('3.7.8')).toBe('0');
      // The rules under 3.7.4 are listed with their own links.
      expect(await admin.page.locator('a[href="/devices?rule=usb-storage-registered"]').count()).toBe(1);
      expect(await admin.page.locator('a[href="/rules/usb-storage-registered"]').textContent()).toBe(
        'USB 存储介质已登记',
      );

      // The trend: 30 day slots, today's bar drawn and today's row first in the table.
      const today = dayIn(Date.now(), 'Asia/Shanghai');
      expect(await admin.page.locator('svg.trend-chart g.trend-day').count()).toBe(30);
      expect(await admin.page.locator(`svg.trend-chart g[data-day="${today}"] rect`).count()).toBeGreaterThan(
        0,
      );
      await admin.page.locator('.trend-numbers summary').click();
      const firstRow = admin.page.locator('.trend-table tbody tr').first();
      await expect.poll(() => firstRow.locator('th').textContent()).toContain(today);
      expect(await firstRow.locator('td.num').allTextContents()).toEqual(['5', '1', '2', '1', '1', '1']);

      // Live: a sixth device says hello and the fleet topic is told; the cards follow without a reload.
      await admin.page.locator('[data-live-ready="true"]').waitFor();
      await world.collector.collector.store.recordHello(helloFor('dev-late'), Date.now());
      world.collector.collector.notices.publish('fleet');
      await expect.poll(() => admin.page.locator('a.card[href="/devices"] .n').textContent()).toBe('6');
      expect(await card('not_judged').textContent()).toBe('2');

      expect(admin.watch.outsideRequests).toEqual([]);
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});

describe('the rules', () => {
  it('shows a rule with its Chinese rationale, then English after the switch, never a compliant device as failing', async () => {
    const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir('security_admin'));
    try {
      await admin.page.goto(`${world.consoleUrl}rules`);
      await expect.poll(() => admin.page.locator('h1').textContent()).toBe('规则');
      expect(await admin.page.locator('section.clause-block').count()).toBe(5);
      await admin.page.locator('a[href="/rules/agent-reports-regularly"]').click();
      await expect.poll(() => admin.page.locator('h1').textContent()).toBe('保密检查代理持续在线报告');
      expect(await admin.page.locator('.rule-rationale').textContent()).toBe(SILENCE_RATIONALE_ZH);
      expect(await admin.page.locator('.rule-params dt').allTextContents()).toEqual(['max_silence_seconds']);
      expect(await admin.page.locator('.rule-params dd').allTextContents()).toEqual(['1800']);
      // The failing devices: dev-quiet when the collector filters by rule, else a notice; never dev-ok.
      const main = (await admin.page.locator('main').textContent()) ?? '';
      expect(main).not.toContain('host-dev-ok');
      const listed = await admin.page.locator('table.failing-devices').count();
      if (listed > 0) {
        expect(await admin.page.locator('table.failing-devices tbody tr').allTextContents()).toHaveLength(1);
        expect(main).toContain('host-dev-quiet');
      } else {
        expect(await admin.page.locator('[data-devices="unavailable"]').count()).toBe(1);
      }

      await admin.page.locator('a.lang').click();
      await expect
        .poll(() => admin.page.locator('h1').textContent())
        .toBe('The compliance agent keeps reporting');
      expect(await admin.page.locator('.rule-rationale').textContent()).toBe(SILENCE_RATIONALE_EN);
      expect(new URL(admin.page.url()).pathname).toBe('/rules/agent-reports-regularly');

      await admin.page.goto(`${world.consoleUrl}rules/clause/3.7.8`);
      await expect
        .poll(() => admin.page.locator('.clause-text').first().textContent())
        .toContain('wireless networking hardware removed');
      await admin.page.goto(`${world.consoleUrl}rules/no-such-rule`);
      await expect.poll(() => admin.page.locator('h1').textContent()).toBe('Not found');

      expect(admin.watch.outsideRequests).toEqual([]);
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  it('shows the auditor the rule text and a note instead of the device list', async () => {
    const auditor = await adminBrowser(browser, world.consoleUrl, world.identityDir('auditor'));
    try {
      await auditor.page.goto(`${world.consoleUrl}rules/agent-reports-regularly`);
      await expect
        .poll(() => auditor.page.locator('.rule-rationale').textContent())
        .toBe(SILENCE_RATIONALE_ZH);
      expect(await auditor.page.locator('[data-devices="not-for-role"]').count()).toBe(1);
      expect(await auditor.page.locator('table.failing-devices').count()).toBe(0);
      await auditor.page.goto(`${world.consoleUrl}rules/clause/3.7.5`);
      await expect.poll(() => auditor.page.locator('[data-devices="not-for-role"]').count()).toBe(1);
      expect(auditor.watch.outsideRequests).toEqual([]);
      expect(auditor.watch.cspViolations).toEqual([]);
    } finally {
      await auditor.close();
    }
  });
});
