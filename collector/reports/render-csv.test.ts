import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildInspectionRecord } from './build-inspection-record';
import {
  FIXTURE_POLICY,
  FORMULA_REASON,
  GENERATED_MS,
  LONG_WORD,
  material,
  SWEEP_ID,
} from './inspection-fixture';
import { csvHeaders, renderInspectionCsv } from './render-csv';

const record = buildInspectionRecord(material, {
  policy: FIXTURE_POLICY,
  inspector: '王五',
  generatedAtMs: GENERATED_MS,
});

const zh = { lang: 'zh' as const, timeZone: 'Asia/Shanghai' };
const rowsOf = (text: string) => parse(text.slice(1), { relax_column_count: false }) as string[][];
/** The rows as objects keyed by the header. */
const recordsOf = (text: string) => {
  const [header, ...rows] = rowsOf(text);
  return rows.map((row) => Object.fromEntries(header!.map((name, index) => [name, row[index]])));
};

describe('the inspection record as CSV', () => {
  it('is UTF-8 with a byte-order mark and CRLF line ends, for Excel', () => {
    const text = renderInspectionCsv(record, zh);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.endsWith('\r\n')).toBe(true);
    // Every line break outside quoted cells is CRLF: no bare LF line ends.
    const unquoted = text.replace(/"(?:[^"]|"")*"/g, '');
    expect(unquoted).not.toMatch(/[^\r]\n/);
  });

  it('heads its columns with the unit and the six fields of 3.12.2, verbatim', () => {
    const [header] = rowsOf(renderInspectionCsv(record, zh));
    expect(header).toEqual(csvHeaders(zh));
    expect(header!.slice(0, 8)).toEqual([
      '序号',
      '被检查单位',
      '检查时间',
      '检查人',
      '检查对象',
      '检查事项',
      '存在问题',
      '整改措施及落实情况',
    ]);
  });

  it('has one row per problem carrying every field of the record, in Chinese', () => {
    const rows = recordsOf(renderInspectionCsv(record, zh));
    expect(rows[0]).toEqual({
      序号: '1',
      被检查单位: '',
      检查时间: '2026-11-03 09:00 至 2026-11-03 09:04（Asia/Shanghai）',
      检查人: '王五',
      检查对象: 'dev-a',
      检查事项: 'USB 存储介质已登记',
      存在问题: 'USB storage not registered in the ledger',
      整改措施及落实情况: '收回未登记U盘，登记后重新发放（已落实）',
      检查范围: `全网检查 ${SWEEP_ID}`,
      检查策略: 'baseline 2026.11',
      主机名: 'ws-301',
      资产编号: 'BM-2026-001',
      密级: '机密',
      责任人: '张三',
      部门: '保密办',
      位置: '三楼 301',
      台帐状态: '在用',
      检查情况: '已检查',
      情况说明: '已应答',
      条款: '3.7.4',
      规则: 'usb-storage-registered',
      具体对象: '0781:5567:4C530001',
      结论: '不符合',
      严重程度: '高',
      发现时间: '2026-11-03 09:01',
      范围内最新状态: '不符合',
      当前状态: '不符合',
      整改要求: record.problems[0]!.remediationZh,
      落实情况: '已落实',
      落实时间: '2026-11-03 09:30',
      登记人: 'admin@loopback',
      落实核对: '已登记落实，但该问题仍未消除',
    });
    expect(rows[1]).toMatchObject({
      当前状态: '无当前结果（对象已不存在）',
      整改措施及落实情况: '未登记整改措施',
    });
    expect(rows[2]).toMatchObject({ 结论: '无法判定', 情况说明: '已应答：3 项检查事项无结果' });
    expect(rows[2]!.存在问题).toContain(LONG_WORD);
    expect(rows[3]).toMatchObject({ 当前状态: '符合', 落实情况: '未登记整改措施', 落实核对: '' });
    expect(rows[4]).toMatchObject({ 整改措施及落实情况: '拆除无线网卡并登记（未落实）', 落实核对: '' });
  });

  it('then names every device without a problem row: the clean ones, and those not inspected with why', () => {
    const rows = recordsOf(renderInspectionCsv(record, zh));
    expect(rows).toHaveLength(record.problems.length + 3);
    expect(
      rows.slice(5).map((row) => [row.序号, row.检查对象, row.检查情况, row.存在问题, row.情况说明]),
    ).toEqual([
      ['6', 'dev-c', '未检查', '未检查（离线，检查指令未送达）', '离线，检查指令未送达'],
      ['7', 'dev-d', '未检查', '未检查（全网检查执行失败）', '全网检查执行失败：probe usb crashed'],
      ['8', 'dev-e', '未检查', '未检查（客户端从未上报）', '客户端从未上报'],
    ]);
    expect(rows[7]).toMatchObject({ 资产编号: 'BM-2026-005', 责任人: '赵六', 检查事项: '', 落实情况: '' });
    // An inspected device without problems says so.
    const clean = { ...record, problems: record.problems.filter((problem) => problem.deviceId !== 'dev-b') };
    const cleanRows = recordsOf(renderInspectionCsv(clean, zh));
    expect(cleanRows.find((row) => row.检查对象 === 'dev-b')).toMatchObject({
      检查情况: '已检查',
      存在问题: '未发现问题',
    });
  });

  it('names the inspected unit in every row when the collector was told it', () => {
    const named = { ...record, inspectedUnit: { configured: true as const, name: '某某研究所' } };
    const rows = recordsOf(renderInspectionCsv(named, zh));
    expect(new Set(rows.map((row) => row.被检查单位))).toEqual(new Set(['某某研究所']));
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const rows = recordsOf(renderInspectionCsv(record, zh));
    const printer = rows[1]!;
    expect(printer.规则).toBe('printer-not-shared');
    expect(printer.存在问题).toBe(`'${FORMULA_REASON}`);
    expect(printer.具体对象).toBe(`'${FORMULA_REASON}`);
  });

  it('speaks English with --lang en', () => {
    const en = { lang: 'en' as const, timeZone: 'Asia/Shanghai' };
    const [header] = rowsOf(renderInspectionCsv(record, en));
    expect(header!.slice(0, 8)).toEqual([
      'Number',
      'Inspected unit',
      'Time of inspection',
      'Inspector',
      'Objects inspected',
      'Items checked',
      'Problems found',
      'Corrective measures and their implementation',
    ]);
    const rows = recordsOf(renderInspectionCsv(record, en));
    expect(rows[0]).toMatchObject({
      Classification: 'Confidential',
      Result: 'fail',
      Implementation: 'completed',
      'Completion check': 'marked complete, but the problem persists',
      'Items checked': record.problems[0]!.titleEn,
      Scope: `fleet sweep ${SWEEP_ID}`,
    });
    expect(rows.at(-1)).toMatchObject({
      Coverage: 'not inspected',
      'Problems found': 'not inspected (its agent has never reported)',
    });
  });

  it('is the header alone when the record lists nothing', () => {
    const rows = rowsOf(renderInspectionCsv({ ...record, problems: [], devices: [] }, zh));
    expect(rows).toEqual([csvHeaders(zh)]);
  });
});
