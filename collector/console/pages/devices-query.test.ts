import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import type { DeviceSummary__Output } from '../../../proto/generated/shoumi/v1/DeviceSummary';
import { deviceRows, devicesCsv, devicesXlsx } from './devices-export';
import { deviceQueryString, readDeviceQuery } from './devices-query';

const ZONE = 'Asia/Shanghai';
const read = (query: string) => readDeviceQuery(new URLSearchParams(query), ZONE);

describe('the device list query', () => {
  it('reads every filter into a ListDevices request, times in the unit zone, "to" including its minute', () => {
    const result = read(
      'department=%E4%B8%80%E5%A4%84&classification=secret&clause=3.7.5&rule=usb-storage-registered' +
        '&status=in_service&state=failing&online=connected&seen_from=2026-12-01T08:00&seen_to=2026-12-07T09:30' +
        '&q=+ZC-0+&after=dev-9',
    );
    expect(result).toEqual({
      ok: true,
      after: 'dev-9',
      query: {
        department: '一处',
        classification: 'secret',
        clause: '3.7.5',
        rule: 'usb-storage-registered',
        status: 'in_service',
        state: 'failing',
        online: 'connected',
        seen_from: '2026-12-01T08:00',
        seen_to: '2026-12-07T09:30',
        q: 'ZC-0',
      },
      request: {
        department: '一处',
        classification: 'SECRET',
        clause: '3.7.5',
        ruleId: 'usb-storage-registered',
        status: 'in_service',
        state: 'failing',
        online: 'connected',
        // 08:00 +08:00 is 00:00 UTC; 09:30:59.999 +08:00 is 01:30:59.999 UTC.
        seenFromMs: Date.UTC(2026, 11, 1, 0, 0),
        seenToMs: Date.UTC(2026, 11, 7, 1, 30, 59, 999),
        search: 'ZC-0',
      },
    });
  });

  it('asks for everything when nothing is set', () => {
    const result = read('');
    expect(result.ok && result.request).toEqual({
      department: '',
      classification: 'CLASSIFICATION_UNSPECIFIED',
      clause: '',
      ruleId: '',
      status: '',
      state: '',
      online: '',
      seenFromMs: 0,
      seenToMs: 0,
      search: '',
    });
  });

  it('refuses a value it cannot mean, naming the URL field', () => {
    expect(read('state=broken')).toEqual({
      ok: false,
      field: 'state',
      value: 'broken',
      allowed: ['compliant', 'failing', 'not_judged', 'never_seen', 'silent'],
    });
    expect(read('online=maybe')).toMatchObject({ ok: false, field: 'online' });
    expect(read('classification=ultra')).toMatchObject({ ok: false, field: 'classification' });
    expect(read('status=lost')).toMatchObject({ ok: false, field: 'status' });
    expect(read('seen_from=yesterday')).toMatchObject({ ok: false, field: 'seen_from', value: 'yesterday' });
    expect(read('seen_from=2026-12-07T10:00&seen_to=2026-12-07T09:00')).toMatchObject({
      ok: false,
      field: 'seen_to',
    });
    expect(read('clause=3.7.5%22%3E')).toMatchObject({ ok: false, field: 'clause' });
    // Another name for a filter is refused, not ignored (it would list the whole fleet as if filtered).
    expect(read('rule_id=usb-storage-registered')).toMatchObject({
      ok: false,
      field: 'rule_id',
      value: 'usb-storage-registered',
    });
    expect(read('rule=usb-storage-registered&after=dev-000009')).toMatchObject({
      ok: true,
      after: 'dev-000009',
    });
  });

  it('writes only the filters set, and keeps them beside the page', () => {
    const result = read('state=failing&clause=3.7.4&q=%E6%9C%BA');
    if (!result.ok) throw new Error('expected the query to be read');
    expect(deviceQueryString(result.query)).toBe('?clause=3.7.4&state=failing&q=%E6%9C%BA');
    expect(deviceQueryString(result.query, { after: 'dev-000050' })).toBe(
      '?clause=3.7.4&state=failing&q=%E6%9C%BA&after=dev-000050',
    );
    const empty = read('');
    expect(empty.ok && deviceQueryString(empty.query)).toBe('');
  });
});

const device = (overrides: Partial<DeviceSummary__Output>): DeviceSummary__Output => ({
  deviceId: 'dev-1',
  hostname: 'ws-01',
  assetNumber: '001234',
  classification: 'SECRET',
  responsiblePerson: '张三',
  department: '保密办',
  location: '201',
  status: 'in_service',
  lastSeenMs: Date.UTC(2026, 11, 7, 1, 2, 3),
  connected: true,
  failing: 2,
  errors: 1,
  passing: 30,
  notApplicable: 1,
  lastSeq: 9,
  agentVersion: '0.1.0',
  policyVersion: '1',
  os: 'UOS 20',
  state: 'failing',
  rulesWithoutVerdict: 0,
  ...overrides,
});

describe('the device list export', () => {
  const devices = [
    device({}),
    device({
      deviceId: 'dev-2',
      hostname: '=HYPERLINK("http://x","y")',
      assetNumber: '+86',
      connected: false,
      lastSeenMs: 0,
      state: 'never_seen',
      classification: 'CLASSIFICATION_UNSPECIFIED',
    }),
  ];

  it('writes Chinese headers and words, a BOM, and defuses formula starts', () => {
    const csv = devicesCsv(deviceRows(devices, 'zh', ZONE));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(parse(csv, { bom: true })).toEqual([
      [
        '资产编号',
        '主机名',
        '设备标识',
        '部门',
        '密级',
        '责任人',
        '位置',
        '设备状态',
        '合规状态',
        '不通过项',
        '无法判定项',
        '在线',
        '最后上线时间',
      ],
      [
        '001234',
        'ws-01',
        'dev-1',
        '保密办',
        '秘密',
        '张三',
        '201',
        '在用',
        '不合规',
        '2',
        '1',
        '在线',
        '2026-12-07 09:02:03 +08:00',
      ],
      [
        "'+86",
        `'=HYPERLINK("http://x","y")`,
        'dev-2',
        '保密办',
        '未定密级',
        '张三',
        '201',
        '在用',
        '从未上线',
        '2',
        '1',
        '离线',
        '从未',
      ],
    ]);
  });

  it('writes the same cells as text into an .xlsx', async () => {
    const bytes = await devicesXlsx(deviceRows(devices, 'en', ZONE), 'en');
    const rows = await readSheet(bytes);
    expect(rows[0]).toEqual([
      'Asset number',
      'Hostname',
      'Device id',
      'Department',
      'Classification',
      'Responsible person',
      'Location',
      'Status',
      'State',
      'Failing',
      'Errors',
      'Online',
      'Last seen',
    ]);
    // Text cells: the asset number keeps its leading zeros; a formula stays text behind its apostrophe.
    expect(rows[1]?.slice(0, 3)).toEqual(['001234', 'ws-01', 'dev-1']);
    expect(rows[2]?.slice(0, 2)).toEqual(["'+86", `'=HYPERLINK("http://x","y")`]);
    expect(rows[2]?.[12]).toBe('never');
  });
});
