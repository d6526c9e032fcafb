import { describe, expect, it } from 'vitest';
import { buildInspectionRecord } from './build-inspection-record';
import {
  FIXTURE_POLICY,
  FORMULA_REASON,
  GENERATED_MS,
  HOSTILE_HOST,
  LONG_WORD,
  material,
  SWEEP_ID,
} from './inspection-fixture';
import { escapeHtml, renderInspectionHtml } from './render-html';

const record = buildInspectionRecord(material, {
  policy: FIXTURE_POLICY,
  inspector: '王五',
  generatedAtMs: GENERATED_MS,
});

const zh = { lang: 'zh' as const, timeZone: 'Asia/Shanghai' };
/** The text of the page without tags, entities decoded: what a reader sees. */
const visible = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
/** The cells of one section's table, row by row, as visible text. */
function tableRows(html: string, className: string): string[][] {
  const table = new RegExp(`<table class="${className}">([\\s\\S]*?)</table>`).exec(html);
  if (!table) throw new Error(`no table ${className}`);
  return [...table[1]!.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)].map((cell) => visible(cell[1]!).trim()),
  );
}

describe('the inspection record as HTML', () => {
  it('has the facts of 3.12.2 under their own names, the unit left blank to fill in when not configured', () => {
    const html = renderInspectionHtml(record, zh);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(tableRows(html, 'facts')).toEqual([
      ['被检查单位', ''],
      ['检查时间', '2026-11-03 09:00 至 2026-11-03 09:04（Asia/Shanghai）'],
      ['检查人', '王五'],
      ['检查范围', `全网检查 ${SWEEP_ID}`],
      ['检查策略', 'baseline 2026.11'],
      ['生成时间', '2026-11-03 10:00（Asia/Shanghai）'],
    ]);
    // The blank is a line to write on, not a dash.
    expect(html).toContain('<tr><th>被检查单位</th><td><span class="line"></span></td></tr>');
    const named = renderInspectionHtml(
      { ...record, inspectedUnit: { configured: true, name: '某某研究所<保密办>' } },
      zh,
    );
    expect(tableRows(named, 'facts')[0]).toEqual(['被检查单位', '某某研究所<保密办>']);
    expect(named).toContain('某某研究所&lt;保密办&gt;');
  });

  it('names its four parts with the words of 3.12.2, verbatim', () => {
    const html = renderInspectionHtml(record, zh);
    const headings = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual(['一、检查对象', '二、检查事项', '三、存在问题', '四、整改措施及落实情况']);
    expect(tableRows(html, 'items')[0]).toEqual(['序号', '条款', '规则', '检查事项']);
    expect(tableRows(html, 'problems')[0]).toEqual([
      '序号',
      '条款',
      '检查对象',
      '检查事项 / 具体对象',
      '存在问题',
    ]);
    expect(tableRows(html, 'measures')[0]).toEqual(['序号', '检查对象', '整改措施', '落实情况', '当前状态']);
  });

  it('sums up: every device in scope, inspected or not, and the measures marked complete that did not hold', () => {
    const text = visible(renderInspectionHtml(record, zh));
    expect(text).toContain('共 5 台，已检查 2 台，未检查 3 台');
    expect(text).toContain('已应答 2 台，执行失败 1 台，离线 1 台，等待应答 0 台，从未上报 1 台');
    expect(text).toContain('已检查的设备中 1 台有检查事项在检查范围内无结果');
    expect(text).toContain('存在问题 5 项（涉及 2 台设备），已登记整改措施 3 项，已落实 1 项');
    expect(text).toContain('其中 1 项已登记落实，但该问题仍未消除');
  });

  it('lists the objects with their ledger fields and coverage, the unreported ledger device as not inspected', () => {
    const rows = tableRows(renderInspectionHtml(record, zh), 'devices');
    expect(rows[0]).toEqual(['序号', '资产编号', '主机名', '密级', '责任人', '部门', '位置', '检查情况']);
    expect(rows[1]).toEqual([
      '1',
      'BM-2026-001 dev-a',
      'ws-301',
      '机密',
      '张三',
      '保密办',
      '三楼 301',
      '已检查 已应答 问题 3 / 结果 5',
    ]);
    expect(rows[2]![7]).toBe('已检查 已应答 问题 2 / 结果 2 3 项检查事项无结果');
    expect(rows[3]![7]).toBe('未检查 原因：离线，检查指令未送达');
    expect(rows[4]).toEqual([
      '4',
      'BM-2026-004 dev-d',
      'ws-broken',
      '非密',
      '—',
      '—',
      '—',
      '未检查 原因：全网检查执行失败：probe usb crashed',
    ]);
    expect(rows[5]).toEqual([
      '5',
      'BM-2026-005 dev-e',
      '—',
      '秘密',
      '赵六',
      '机要室',
      '四楼 405',
      '未检查 原因：客户端从未上报',
    ]);
    expect(rows).toHaveLength(6); // dev-f, retired before the sweep, is not in it
  });

  it('shows a device that is not in service with its ledger status', () => {
    const repaired = {
      ...record,
      devices: record.devices.map((device) =>
        device.deviceId === 'dev-c' ? { ...device, ledgerStatus: 'under_repair' as const } : device,
      ),
    };
    expect(tableRows(renderInspectionHtml(repaired, zh), 'devices')[3]![7]).toBe(
      '未检查 原因：离线，检查指令未送达 台帐状态：维修中',
    );
  });

  it('lists the items checked with clause and title', () => {
    const rows = tableRows(renderInspectionHtml(record, zh), 'items');
    expect(rows).toHaveLength(record.items.length + 1);
    expect(rows).toContainEqual([expect.any(String), '3.7.8', 'wifi-radio-absent', '无 Wi‑Fi 无线网卡']);
  });

  it('lists each problem with clause, device, subject and description, and its measure, implementation and status now', () => {
    const html = renderInspectionHtml(record, zh);
    const problems = tableRows(html, 'problems');
    expect(problems[1]).toEqual([
      '1',
      '3.7.4',
      'BM-2026-001 ws-301 密级：机密 责任人：张三',
      'USB 存储介质已登记 usb-storage-registered 0781:5567:4C530001',
      '不符合 （高）USB storage not registered in the ledger 发现时间：2026-11-03 09:01',
    ]);
    const measures = tableRows(html, 'measures');
    // Marked complete, yet failing now: said beside the measure.
    expect(measures[1]).toEqual([
      '1',
      'BM-2026-001 USB 存储介质已登记',
      '收回未登记U盘，登记后重新发放',
      '已落实 2026-11-03 09:30 登记人：admin@loopback 已登记落实，但该问题仍未消除',
      '不符合',
    ]);
    // The printer subject is gone now: no current result, and its status in the scope is shown beside it.
    expect(measures[2]![3]).toBe('未登记整改措施');
    expect(measures[2]![4]).toBe('无当前结果（对象已不存在） 范围内最新状态：不符合');
    // No measure yet: the policy's remediation is shown as what is required.
    expect(measures[4]![2]).toBe(`整改要求：${record.problems[3]!.remediationZh}`);
    expect(measures[4]![4]).toBe('符合');
    expect(measures[5]).toEqual([
      '5',
      'BM-2026-001 无 Wi‑Fi 无线网卡',
      '拆除无线网卡并登记',
      '未落实 登记人：admin@loopback',
      '不符合',
    ]);
    expect(visible(html).match(/已登记落实，但该问题仍未消除/g)).toHaveLength(2); // the summary and the row
  });

  it('escapes hostile text and shows control characters instead of passing them through', () => {
    const html = renderInspectionHtml(record, zh);
    expect(html).not.toContain(HOSTILE_HOST);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>bold');
    expect(html).toContain(escapeHtml(HOSTILE_HOST));
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; 更新病毒库');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may reach the page
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(html).toContain('研发&lt;U+0007&gt;部');
    expect(html).toContain(LONG_WORD);
    expect(html).toContain(escapeHtml(`'${FORMULA_REASON}`.slice(1)));
    expect(escapeHtml('a\u202eb\u0000c\u200bd')).toBe('a&lt;U+202E&gt;b&lt;U+0000&gt;c&lt;U+200B&gt;d');
  });

  it('is self-contained: no scripts, no external resources', () => {
    for (const lang of ['zh', 'en'] as const) {
      const html = renderInspectionHtml(record, { lang, timeZone: 'Asia/Shanghai' });
      expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
      expect(html).not.toMatch(/<[a-z][^>]*\s(src|href)=/i);
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    }
  });

  it('prints on A4 with page numbers: margins, "第 N 页 共 M 页" in every page footer, headers repeated, rows kept whole, signatures', () => {
    const html = renderInspectionHtml(record, zh);
    expect(html).toMatch(/@page \{\s+size: A4; margin: \d+mm \d+mm \d+mm \d+mm;/);
    expect(html).toContain('@bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页";');
    expect(renderInspectionHtml(record, { lang: 'en', timeZone: 'Asia/Shanghai' })).toContain(
      '@bottom-center { content: "Page " counter(page) " of " counter(pages);',
    );
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toMatch(/tr, [^{]*\{ break-inside: avoid; page-break-inside: avoid; \}/);
    expect(html).toContain('overflow-wrap: anywhere');
    expect(html).toContain('table-layout: fixed');
    expect(visible(html)).toMatch(/检查人（签字）： +负责人（签字）： +日期：/);
  });

  it('speaks English with --lang en', () => {
    const html = renderInspectionHtml(record, { lang: 'en', timeZone: 'Asia/Shanghai' });
    expect(html).toContain('<html lang="en">');
    expect(tableRows(html, 'facts').slice(0, 2)).toEqual([
      ['Inspected unit', ''],
      ['Time of inspection', '2026-11-03 09:00 to 2026-11-03 09:04 (Asia/Shanghai)'],
    ]);
    const headings = [...html.matchAll(/<h2>([^<]*)<\/h2>/g)].map((match) => match[1]);
    expect(headings).toEqual([
      '1. Objects inspected',
      '2. Items checked',
      '3. Problems found',
      '4. Corrective measures and their implementation',
    ]);
    const text = visible(html);
    expect(text).toContain('5 devices in all, 2 inspected, 3 not inspected');
    expect(text).toContain('1 of them marked complete, but the problem persists');
    expect(text).toContain('Inspector (signature):');
    const devices = tableRows(html, 'devices');
    expect(devices[1]![3]).toBe('Confidential');
    expect(devices[5]![7]).toBe('not inspected Reason: its agent has never reported');
    expect(tableRows(html, 'measures')[1]![3]).toBe(
      'completed 2026-11-03 09:30 Recorded by: admin@loopback marked complete, but the problem persists',
    );
    expect(text).not.toMatch(/[检查整改落实]/);
  });

  it('says plainly when nothing was found', () => {
    const text = visible(renderInspectionHtml({ ...record, problems: [] }, zh));
    expect(text).toContain('三、存在问题 未发现问题。');
  });

  it('shows the window in the zone it was read in, with a note on what a period record holds', () => {
    const window = {
      ...record,
      scope: {
        kind: 'window' as const,
        fromMs: Date.UTC(2026, 9, 31, 16),
        toMs: Date.UTC(2026, 10, 30, 16) - 1,
      },
    };
    const html = renderInspectionHtml(window, zh);
    expect(tableRows(html, 'facts')[1]).toEqual([
      '检查时间',
      '2026-11-01 00:00 至 2026-11-30 23:59（Asia/Shanghai）',
    ]);
    expect(
      tableRows(renderInspectionHtml(window, { lang: 'zh', timeZone: 'America/New_York' }), 'facts')[1],
    ).toEqual(['检查时间', '2026-10-31 12:00 至 2026-11-30 10:59（America/New_York）']);
    expect(visible(html)).toContain('时段检查记录只含该时段内上报的检查结果');
  });
});
