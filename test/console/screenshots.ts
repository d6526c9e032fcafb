// npm run console:screenshots — every console page at 1366×768 in Chinese, as the role whose work it is,
// written to docs/console/<page>.png with docs/console/README.md listing them. The fleet is generated
// (bench/fleet-generator.ts: 60 devices in eight departments, findings across 3.7.4–3.7.8, some failing, some
// not judged, a few never seen); then, through the admin API as shoumictl would, a few registered media, a
// sweep and a seal of the trail, so the media, sweep and audit pages have something to show.
//
// A page this checkout does not have yet comes out as its 404 page; the script says which.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { adminClient } from '../../collector/ctl/admin-client';
import { loadAdminIdentity } from '../../collector/ctl/admin-identity';
import type { AdminRole } from '../../collector/pki/identity-names';
import { adminBrowser, launchChromium } from '../support/console-browser';
import { consoleFleetWorld } from '../support/console-fleet';

const OUT = path.join(import.meta.dirname, '..', '..', 'docs', 'console');

interface Shot {
  name: string;
  title: string;
  role: AdminRole;
  /** Path and query; `{device}`, `{sweep}`, `{from}`, `{to}` are filled in. */
  path: string;
}

const SHOTS: readonly Shot[] = [
  { name: 'overview', title: '总览 overview', role: 'security_admin', path: '/' },
  { name: 'devices', title: '设备 devices', role: 'security_admin', path: '/devices' },
  { name: 'device', title: '设备详情 a device', role: 'security_admin', path: '/devices/{device}' },
  { name: 'rules', title: '规则 rules', role: 'security_admin', path: '/rules' },
  { name: 'rule', title: '规则 a rule', role: 'security_admin', path: '/rules/usb-storage-registered' },
  { name: 'media', title: '介质 media ledger', role: 'security_admin', path: '/media' },
  { name: 'sweeps', title: '检查 sweeps', role: 'system_admin', path: '/sweeps' },
  { name: 'sweep', title: '检查 a sweep', role: 'system_admin', path: '/sweeps/{sweep}' },
  { name: 'records', title: '检查记录 inspection records', role: 'security_admin', path: '/records' },
  {
    name: 'record',
    title: '检查记录 an inspection record',
    role: 'security_admin',
    path: '/records/view?from={from}&to={to}&inspector=王芳',
  },
  { name: 'audit', title: '审计 audit trail', role: 'auditor', path: '/audit' },
];

/** "2026-12-07T09:00" in Beijing, for the record's window. */
function beijingInput(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
}

async function main() {
  const world = await consoleFleetWorld('console-screenshots', {
    devices: 60,
    names: { system_admin: '陈刚', security_admin: '王芳', auditor: '赵静' },
  });
  const browser = await launchChromium().catch(async (error: Error) => {
    await world.collector.stop();
    throw error;
  });
  const missing: string[] = [];
  try {
    const address = world.collector.collector.adminAddress;
    const security = adminClient(address, loadAdminIdentity(world.identityDir('security_admin')));
    const system = adminClient(address, loadAdminIdentity(world.identityDir('system_admin')));
    const auditor = adminClient(address, loadAdminIdentity(world.identityDir('auditor')));
    try {
      const media: Array<[string, string, string, 'SECRET' | 'CONFIDENTIAL']> = [
        ['AA0012345678', 'ZM-U-0031', '李明', 'SECRET'],
        ['BC7731000201', 'ZM-U-0032', '王芳', 'CONFIDENTIAL'],
        ['4C530001230928', 'ZM-U-0040', '张伟', 'SECRET'],
      ];
      for (const [serial, assetNumber, responsiblePerson, classification] of media) {
        await security.registerMedium({
          medium: {
            serial,
            vendorId: '0781',
            productId: '5581',
            classification,
            assetNumber,
            responsiblePerson,
            boundDepartment: '保密办',
          },
        });
      }
      const sweep = await system.runSweep({});
      await auditor.sealAudit({}).catch(() => undefined);
      const now = Date.now();
      const fill = (text: string) =>
        text
          .replace('{device}', world.firstDeviceId)
          .replace('{sweep}', sweep.sweepId)
          .replace('{from}', beijingInput(now - 7 * 86_400_000))
          .replace('{to}', beijingInput(now));

      await mkdir(OUT, { recursive: true });
      for (const shot of SHOTS) {
        const admin = await adminBrowser(browser, world.consoleUrl, world.identityDir(shot.role));
        try {
          const response = await admin.page.goto(new URL(fill(shot.path), world.consoleUrl).href);
          const status = response?.status() ?? 0;
          if (status !== 200) missing.push(`${shot.name} (${shot.path}: ${status})`);
          // Live regions connect, fonts settle: wait until the network is quiet, not for a fixed time.
          await admin.page.waitForLoadState('networkidle').catch(() => undefined);
          await admin.page.screenshot({ path: path.join(OUT, `${shot.name}.png`) });
          if (admin.watch.outsideRequests.length > 0 || admin.watch.cspViolations.length > 0)
            throw new Error(
              `${shot.name}: ${[...admin.watch.outsideRequests, ...admin.watch.cspViolations].join('; ')}`,
            );
          process.stdout.write(`docs/console/${shot.name}.png  ${status}  ${shot.path}\n`);
        } finally {
          await admin.close();
        }
      }
    } finally {
      security.close();
      system.close();
      auditor.close();
    }
    await writeFile(path.join(OUT, 'README.md'), readme());
  } finally {
    await browser.close();
    await world.collector.stop();
  }
  if (missing.length > 0)
    process.stdout.write(`pages not in this checkout (their 404 was taken): ${missing.join(', ')}\n`);
}

function readme(): string {
  return [
    '# The console, page by page',
    '',
    'Every page of the web console at 1366×768 in Chinese, as the administrator whose work it is, over a',
    'generated fleet of 60 devices. Made by `npm run console:screenshots` (test/console/screenshots.ts);',
    'rerun it after changing a page.',
    '',
    '| Page | Role | Path | Screenshot |',
    '| --- | --- | --- | --- |',
    ...SHOTS.map(
      (shot) => `| ${shot.title} | ${shot.role} | \`${shot.path}\` | [${shot.name}.png](${shot.name}.png) |`,
    ),
    '',
    ...SHOTS.map((shot) => `![${shot.title}](${shot.name}.png)\n`),
  ].join('\n');
}

main().catch((error: Error) => {
  process.stderr.write(`console screenshots: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
