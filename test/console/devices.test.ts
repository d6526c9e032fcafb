// 设备 in a real browser: a collector whose devices were entered in the ledger (UpdateDevice with create) and
// whose findings came over hand-made agent streams, so that every filter of the page can be checked against a
// table of expected hostnames written by hand; two filters combined through the form; the next page keeping
// the filters; the filtered list downloaded as CSV and .xlsx and read back; a bad filter value answered 400
// naming it; and nothing requested outside the collector, no CSP violation.
import { readFile } from 'node:fs/promises';
import type * as grpc from '@grpc/grpc-js';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient } from '../../collector/ctl/admin-client';
import type { Finding } from '../../proto/generated/shoumi/v1/Finding';
import type { UpdateDeviceRequest } from '../../proto/generated/shoumi/v1/UpdateDeviceRequest';
import { loadContract } from '../../proto/load';
import {
  type AdminBrowser,
  adminBrowser,
  type ConsoleWorld,
  consoleWorld,
  launchChromium,
} from '../support/console-browser';
import { eventually } from '../support/processes';

/** An agent stream: hello, findings; `open` streams stay connected (the device is online) until closed. */
interface Delivered {
  acked: Promise<void>;
  close(): void;
}

function deliver(
  address: string,
  credentials: grpc.ChannelCredentials,
  deviceId: string,
  hostname: string,
  findings: Finding[],
): Delivered {
  const contract = loadContract();
  const client = new contract.shoumi.v1.AgentService(address, credentials);
  const call = client.Connect();
  const lastSeq = Math.max(0, ...findings.map((finding) => Number(finding.seq)));
  const acked = new Promise<void>((resolve, reject) => {
    call.on('data', (message) => {
      if (message.ack && Number(message.ack.upToSeq) >= lastSeq) resolve();
    });
    call.on('error', (error: grpc.ServiceError) => {
      if (error.code !== 1) reject(error); // 1: CANCELLED, our own close
    });
  });
  call.write({ hello: { deviceId, agentVersion: 'console-test', hardware: { hostname } } });
  if (findings.length > 0) call.write({ findings: { findings } });
  return {
    acked,
    close() {
      call.cancel();
      client.close();
    },
  };
}

const finding = (
  seq: number,
  ruleId: string,
  clause: string,
  status: 'PASS' | 'FAIL' | 'ERROR',
): Finding => ({
  seq,
  ruleId,
  clause,
  subject: '',
  status,
  severity: 'HIGH',
  evidenceJson: '{}',
  observedAtMs: Date.now(),
  reason: status === 'PASS' ? '' : 'test',
});

/**
 * The fleet, by hand. Device ids sort as listed; the table shows the hostname, or the device id of a device
 * whose agent never connected. `online`: its stream stays open during the test.
 */
const FLEET = [
  {
    id: 'd-alpha',
    host: 'alpha-pc',
    asset: 'ZC-001',
    department: '一处',
    classification: 'SECRET',
    findings: [finding(1, 'usb-storage-registered', '3.7.4', 'FAIL')],
    online: true,
  },
  {
    id: 'd-bravo',
    host: 'bravo-pc',
    asset: 'ZC-002',
    department: '一处',
    classification: 'CONFIDENTIAL',
    findings: [finding(1, 'screen-lock-enabled', '3.7.5', 'ERROR')],
  },
  {
    id: 'd-charlie',
    host: 'charlie-pc',
    asset: 'ZC-003',
    department: '二处',
    classification: 'SECRET',
    findings: [finding(1, 'screen-lock-enabled', '3.7.5', 'PASS')],
  },
  {
    id: 'd-delta',
    host: '',
    asset: 'ZC-004',
    department: '二处',
    classification: 'CONFIDENTIAL',
    status: 'under_repair',
    findings: [],
  },
  {
    id: 'd-echo',
    host: 'echo-pc',
    asset: 'XY-005',
    department: '二处',
    classification: 'SECRET',
    findings: [finding(1, 'wifi-radio-absent', '3.7.8', 'FAIL')],
  },
] as const;
/** Ledger-only devices of 三处, enough for a second page (50 a page): bulk-00 … bulk-51. */
const BULK = Array.from({ length: 52 }, (_, index) => `bulk-${String(index).padStart(2, '0')}`);

let world: ConsoleWorld;
let browser: Browser;
const streams: Delivered[] = [];

beforeAll(async () => {
  world = await consoleWorld('console-devices');
  const running = world.collector.collector;
  const admin = adminClient(running.adminAddress, world.collector.trust.identity('security_admin'), 10_000);
  try {
    const ledger = (request: UpdateDeviceRequest) =>
      admin.updateDevice({
        create: true,
        fields: ['asset_number', 'department', 'classification', 'responsible_person', 'status'],
        responsiblePerson: '张三',
        status: 'in_service',
        ...request,
      });
    for (const device of FLEET) {
      await ledger({
        deviceId: device.id,
        assetNumber: device.asset,
        department: device.department,
        classification: device.classification,
        ...('status' in device ? { status: device.status } : {}),
      });
    }
    for (const id of BULK)
      await ledger({ deviceId: id, assetNumber: `B-${id}`, department: '三处', classification: 'SECRET' });
  } finally {
    admin.close();
  }
  for (const device of FLEET) {
    if (device.host === '') continue;
    const tls = await world.collector.trust.deviceCredentials(device.id);
    const stream = deliver(running.agentAddress, tls.credentials, device.id, device.host, [
      ...device.findings,
    ]);
    streams.push(stream);
    await stream.acked;
    if (!('online' in device)) stream.close();
  }
  // Closed streams are gone from the connections once the collector has seen them end.
  await eventually(async () => {
    const online = FLEET.filter((device) => running.connections.isConnected(device.id)).map((d) => d.id);
    return online.length === 1 && online[0] === 'd-alpha' ? true : undefined;
  }, 'only d-alpha connected');
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const stream of streams) stream.close();
  await browser?.close();
  await world?.collector.stop();
});

async function shown(admin: AdminBrowser, query: string): Promise<{ hosts: string[]; total: string }> {
  const response = await admin.page.goto(`${world.consoleUrl}devices${query}`);
  expect(response?.status(), query).toBe(200);
  const hosts = await admin.page.locator('table.devices tbody tr td:nth-child(2)').allTextContents();
  const total = (await admin.page.locator('.total').getAttribute('data-total')) ?? '';
  return { hosts: hosts.map((host) => host.trim()), total };
}

describe('the 设备 page', () => {
  it('lists what each filter and each pair of filters must match, by hand', async () => {
    const admin = await adminBrowser(
      browser,
      world.consoleUrl,
      world.collector.trust.identityDir('security_admin'),
    );
    try {
      const cases: Array<[string, string[]]> = [
        ['?department=%E4%BA%8C%E5%A4%84', ['charlie-pc', 'd-delta', 'echo-pc']],
        ['?state=failing', ['alpha-pc', 'bravo-pc', 'echo-pc']],
        ['?state=not_judged', ['charlie-pc']],
        ['?state=never_seen&department=%E4%BA%8C%E5%A4%84', ['d-delta']],
        ['?state=silent', []],
        ['?clause=3.7.4', ['alpha-pc']],
        ['?clause=3.7.5', ['bravo-pc']],
        ['?clause=3.7.6', []],
        ['?rule=wifi-radio-absent', ['echo-pc']],
        ['?rule=screen-lock-enabled', ['bravo-pc']],
        ['?status=under_repair', ['d-delta']],
        ['?online=connected', ['alpha-pc']],
        ['?online=disconnected&department=%E4%B8%80%E5%A4%84', ['bravo-pc']],
        ['?q=zc-00', ['alpha-pc', 'bravo-pc', 'charlie-pc', 'd-delta']],
        ['?q=ECHO', ['echo-pc']],
        ['?classification=secret&department=%E4%BA%8C%E5%A4%84', ['charlie-pc', 'echo-pc']],
        ['?department=%E4%B8%80%E5%A4%84&state=failing', ['alpha-pc', 'bravo-pc']],
        ['?seen_from=2020-01-01T00:00&department=%E4%BA%8C%E5%A4%84', ['charlie-pc', 'echo-pc']],
        ['?seen_to=2020-01-01T00:00', []],
      ];
      for (const [query, hosts] of cases) {
        const got = await shown(admin, query);
        expect(got.hosts, query).toEqual(hosts);
        expect(got.total, query).toBe(String(hosts.length));
      }
      expect(admin.watch.outsideRequests).toEqual([]);
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  it('combines two filters through the form, keeps them in the URL, and pages on with them', async () => {
    const admin = await adminBrowser(
      browser,
      world.consoleUrl,
      world.collector.trust.identityDir('security_admin'),
    );
    try {
      const { page } = admin;
      await page.goto(`${world.consoleUrl}devices`);
      expect(await page.locator('h1').textContent()).toBe('设备');
      expect(await page.locator('.total').getAttribute('data-total')).toBe(
        String(FLEET.length + BULK.length),
      );
      await page.getByLabel('部门').fill('一处');
      await page.getByLabel('合规状态').selectOption('failing');
      await page.getByRole('button', { name: '筛选' }).click();
      await page.waitForURL(/state=failing/);
      const url = new URL(page.url());
      expect(url.searchParams.get('department')).toBe('一处');
      expect(url.searchParams.get('state')).toBe('failing');
      expect(await page.locator('table.devices tbody tr td:nth-child(2)').allTextContents()).toEqual([
        'alpha-pc',
        'bravo-pc',
      ]);
      // The hostname links to the device.
      expect(await page.getByRole('link', { name: 'alpha-pc' }).getAttribute('href')).toBe(
        '/devices/d-alpha',
      );

      // 52 devices of 三处: 50 on the first page, the next page keeps the department.
      const first = await shown(admin, '?department=%E4%B8%89%E5%A4%84');
      expect(first.hosts).toEqual(BULK.slice(0, 50));
      expect(first.total).toBe('52');
      await page.getByRole('link', { name: '下一页' }).click();
      await page.waitForURL(/after=bulk-49/);
      expect(new URL(page.url()).searchParams.get('department')).toBe('三处');
      expect(await page.locator('table.devices tbody tr td:nth-child(2)').allTextContents()).toEqual(
        BULK.slice(50),
      );
      expect(await page.getByRole('link', { name: '下一页' }).count()).toBe(0);
      expect(admin.watch.outsideRequests).toEqual([]);
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  it('answers a filter value it cannot mean with 400 naming the field', async () => {
    const admin = await adminBrowser(
      browser,
      world.consoleUrl,
      world.collector.trust.identityDir('security_admin'),
    );
    try {
      const bad = await admin.page.goto(`${world.consoleUrl}devices?state=broken`);
      expect(bad?.status()).toBe(400);
      expect(await admin.page.locator('.notice.bad').textContent()).toContain('state');
      expect(await admin.page.locator('.notice.bad').textContent()).toContain('broken');
      // A clause the policy does not have: the use case's own refusal, naming its field.
      const clause = await admin.page.goto(`${world.consoleUrl}devices?clause=9.9.9`);
      expect(clause?.status()).toBe(400);
      expect(await admin.page.locator('.notice.bad').textContent()).toMatch(/clause "9\.9\.9"/);
      const csv = await admin.page.request.get(`${world.consoleUrl}devices/export.csv?online=sometimes`);
      expect(csv.status()).toBe(400);
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  it('exports the filtered list as CSV and .xlsx, downloaded by the browser and read back', async () => {
    const admin = await adminBrowser(
      browser,
      world.consoleUrl,
      world.collector.trust.identityDir('security_admin'),
    );
    try {
      const { page } = admin;
      await page.goto(`${world.consoleUrl}devices?department=%E4%BA%8C%E5%A4%84`);
      const [csvDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '导出 CSV' }).click(),
      ]);
      const csvText = await readFile((await csvDownload.path())!, 'utf8');
      expect(csvText.startsWith('\uFEFF')).toBe(true);
      const rows = parse(csvText, { bom: true }) as string[][];
      expect(rows[0]?.slice(0, 5)).toEqual(['资产编号', '主机名', '设备标识', '部门', '密级']);
      expect(rows.slice(1).map((row) => [row[0], row[1], row[4], row[8], row[11]])).toEqual([
        ['ZC-003', 'charlie-pc', '秘密', '未完成检查', '离线'],
        ['ZC-004', '', '机密', '从未上线', '离线'],
        ['XY-005', 'echo-pc', '秘密', '不合规', '离线'],
      ]);

      await page.goto(`${world.consoleUrl}devices?state=failing&online=connected`);
      const [xlsxDownload] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: '导出 Excel' }).click(),
      ]);
      const sheet = await readSheet(await readFile((await xlsxDownload.path())!));
      expect(sheet.map((row) => [row[0], row[1], row[11]])).toEqual([
        ['资产编号', '主机名', '在线'],
        ['ZC-001', 'alpha-pc', '在线'],
      ]);
      // Every device, beyond one page, when nothing is filtered.
      const everything = await page.request.get(`${world.consoleUrl}devices/export.csv`);
      const all = parse(await everything.text(), { bom: true }) as string[][];
      expect(all.length - 1).toBe(FLEET.length + BULK.length);
      expect(admin.watch.outsideRequests).toEqual([]);
      expect(admin.watch.cspViolations).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
