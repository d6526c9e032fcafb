import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBaselinePolicy } from '../../policies/load-policy';
import { buildInspectionRecord } from './build-inspection-record';
import { FORMULA_REASON, GENERATED_MS, LONG_WORD, material, SWEEP_ID } from './inspection-fixture';
import type { InspectionRecord } from './inspection-record';
import { csvHeaders, renderInspectionCsv } from './render-csv';

let record: InspectionRecord;
beforeAll(async () => {
  const loaded = await loadBaselinePolicy();
  if (!loaded.ok) throw new Error('baseline policy did not load');
  record = buildInspectionRecord(material, {
    policy: loaded.policy,
    inspector: '王五',
    generatedAtMs: GENERATED_MS,
  });
});

const zh = { lang: 'zh' as const, timeZone: 'Asia/Shanghai' };
const rowsOf = (text: string) => parse(text.slice(1), { relax_column_count: false }) as string[][];

describe('the inspection record as CSV', () => {
  it('is UTF-8 with a byte-order mark and CRLF line ends, for Excel', () => {
    const text = renderInspectionCsv(record, zh);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.endsWith('\r\n')).toBe(true);
    // Every line break outside quoted cells is CRLF: no bare LF line ends.
    const unquoted = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted).not.toMatch(/[^\r]\n/);
  });

  it('has one row per problem carrying every field of the record, in Chinese', () => {
    const [header, ...rows] = rowsOf(renderInspectionCsv(record, zh));
    expect(header).toEqual(csvHeaders(zh));
    expect(header!.slice(0, 5)).toEqual(['序号', '检查时间', '检查人', '检查范围', '检查策略']);
    expect(rows).toHaveLength(record.problems.length);
    const usb = Object.fromEntries(header!.map((name, index) => [name, rows[0]![index]]));
    expect(usb).toEqual({
      序号: '1',
      检查时间: '2026-11-03 09:00 至 2026-11-03 09:04',
      检查人: '王五',
      检查范围: `全网检查 ${SWEEP_ID}`,
      检查策略: `baseline ${record.policyVersion}`,
      设备: 'dev-a',
      主机名: 'ws-301',
      资产编号: 'BM-2026-001',
      密级: '机密',
      责任人: '张三',
      部门: '保密办',
      位置: '三楼 301',
      检查情况: '已应答',
      条款: '3.7.4',
      规则: 'usb-storage-registered',
      检查项目: record.problems[0]!.titleZh,
      '检查对象（具体）': '0781:5567:4C530001',
      结论: '不符合',
      严重程度: '高',
      问题描述: 'USB storage not registered in the ledger',
      发现时间: '2026-11-03 09:01',
      当前状态: '不符合',
      整改要求: record.problems[0]!.remediationZh,
      整改措施: '收回未登记U盘，登记后重新发放',
      完成情况: '已完成',
      完成时间: '2026-11-03 09:30',
      登记人: 'admin@loopback',
    });
    const bluetooth = rows[3]!;
    expect(bluetooth[header!.indexOf('当前状态')]).toBe('符合');
    expect(bluetooth[header!.indexOf('完成情况')]).toBe('未登记整改措施');
    expect(rows[2]![header!.indexOf('结论')]).toBe('无法判定');
    expect(rows[2]![header!.indexOf('问题描述')]).toContain(LONG_WORD);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const [header, ...rows] = rowsOf(renderInspectionCsv(record, zh));
    const printer = rows[1]!;
    expect(printer[header!.indexOf('规则')]).toBe('printer-not-shared');
    expect(printer[header!.indexOf('问题描述')]).toBe(`'${FORMULA_REASON}`);
    expect(printer[header!.indexOf('检查对象（具体）')]).toBe(`'${FORMULA_REASON}`);
  });

  it('speaks English with --lang en', () => {
    const en = { lang: 'en' as const, timeZone: 'Asia/Shanghai' };
    const [header, first] = rowsOf(renderInspectionCsv(record, en));
    expect(header!.slice(0, 3)).toEqual(['No.', 'Time of inspection', 'Inspector']);
    const row = Object.fromEntries(header!.map((name, index) => [name, first![index]]));
    expect(row).toMatchObject({
      Classification: 'Confidential',
      Result: 'fail',
      Completion: 'completed',
      'Item checked': record.problems[0]!.titleEn,
      Scope: `fleet sweep ${SWEEP_ID}`,
    });
  });

  it('is the header alone when nothing was found', () => {
    const rows = rowsOf(renderInspectionCsv({ ...record, problems: [] }, zh));
    expect(rows).toEqual([csvHeaders(zh)]);
  });
});
