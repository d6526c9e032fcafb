import { beforeAll, describe, expect, it } from 'vitest';
import { loadBaselinePolicy } from '../../policies/load-policy';
import { buildInspectionRecord } from './build-inspection-record';
import {
  FORMULA_REASON,
  GENERATED_MS,
  HOSTILE_HOST,
  LONG_WORD,
  material,
  SWEEP_ID,
} from './inspection-fixture';
import type { InspectionRecord } from './inspection-record';
import { escapeHtml, renderInspectionHtml } from './render-html';

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
  it('has the facts of 3.12.2: time, inspector, scope, policy', () => {
    const html = renderInspectionHtml(record, zh);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(tableRows(html, 'facts')).toEqual([
      ['检查时间', '2026-11-03 09:00 至 2026-11-03 09:04'],
      ['检查人', '王五'],
      ['检查范围', `全网检查 ${SWEEP_ID}`],
      ['检查策略', `baseline ${record.policyVersion}`],
      ['生成时间', '2026-11-03 10:00'],
    ]);
    const text = visible(html);
    for (const heading of ['一、检查对象', '二、检查项目', '三、发现的问题', '四、整改措施及完成情况'])
      expect(text).toContain(heading);
    expect(text).toContain('共检查 4 台设备，其中 2 台发现问题');
    expect(text).toContain('已应答 2 台，执行失败 1 台，离线 1 台，等待应答 0 台');
    expect(text).toContain('发现问题 5 项，已登记整改措施 3 项，已完成整改 1 项');
  });

  it('lists the objects with their ledger fields and coverage', () => {
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
      '已应答 问题 3 / 结果 4',
    ]);
    expect(rows[3]![7]).toBe('离线 问题 0 / 结果 0');
    expect(rows[4]).toEqual([
      '4',
      'BM-2026-004 dev-d',
      'ws-broken',
      '非密',
      '—',
      '—',
      '—',
      '执行失败 问题 0 / 结果 0 probe usb crashed',
    ]);
  });

  it('lists the items checked with clause and title', () => {
    const rows = tableRows(renderInspectionHtml(record, zh), 'items');
    expect(rows).toHaveLength(record.items.length + 1);
    expect(rows).toContainEqual([expect.any(String), '3.7.8', 'wifi-radio-absent', '无 Wi‑Fi 无线网卡']);
  });

  it('lists each problem with clause, device, subject and reason, and its measure and completion', () => {
    const html = renderInspectionHtml(record, zh);
    const problems = tableRows(html, 'problems');
    expect(problems[0]).toEqual(['序号', '条款', '设备', '检查项目 / 检查对象（具体）', '问题描述']);
    expect(problems[1]).toEqual([
      '1',
      '3.7.4',
      'BM-2026-001 ws-301 密级：机密 责任人：张三',
      `${record.problems[0]!.titleZh} usb-storage-registered 0781:5567:4C530001`,
      '不符合 （高）USB storage not registered in the ledger 发现时间：2026-11-03 09:01',
    ]);
    const measures = tableRows(html, 'measures');
    expect(measures[0]).toEqual(['序号', '设备', '整改措施', '完成情况', '当前状态']);
    expect(measures[1]).toEqual([
      '1',
      `BM-2026-001 ${record.problems[0]!.titleZh}`,
      '收回未登记U盘，登记后重新发放',
      '已完成 2026-11-03 09:30 登记人：admin@loopback',
      '不符合',
    ]);
    // No measure yet: the policy's remediation is shown as what is required.
    expect(measures[4]![2]).toBe(`整改要求：${record.problems[3]!.remediationZh}`);
    expect(measures[4]![3]).toBe('未登记整改措施');
    expect(measures[4]![4]).toBe('符合');
    expect(measures[5]![3]).toBe('未完成 登记人：admin@loopback');
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
    expect(html).toContain('研发\\u{7}部');
    expect(html).toContain(LONG_WORD);
    expect(html).toContain(escapeHtml(`'${FORMULA_REASON}`.slice(1)));
    expect(escapeHtml('a\u202eb\u0000c')).toBe('a\\u{202e}b\\u{0}c');
  });

  it('is self-contained: no scripts, no external resources', () => {
    const html = renderInspectionHtml(record, zh);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|href)=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });

  it('prints on A4: page size and margins, headers repeated, rows kept whole, long words wrapped, signatures', () => {
    const html = renderInspectionHtml(record, zh);
    expect(html).toMatch(/@page \{ size: A4; margin: \d+mm \d+mm \d+mm \d+mm; \}/);
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toMatch(/tr, [^{]*\{ break-inside: avoid; page-break-inside: avoid; \}/);
    expect(html).toContain('overflow-wrap: anywhere');
    expect(html).toContain('table-layout: fixed');
    expect(visible(html)).toMatch(/检查人（签字）： +负责人（签字）： +日期：/);
  });

  it('speaks English with --lang en', () => {
    const html = renderInspectionHtml(record, { lang: 'en', timeZone: 'Asia/Shanghai' });
    expect(html).toContain('<html lang="en">');
    expect(tableRows(html, 'facts')[0]).toEqual([
      'Time of inspection',
      '2026-11-03 09:00 to 2026-11-03 09:04',
    ]);
    const text = visible(html);
    expect(text).toContain('Corrective measures and their completion');
    expect(text).toContain('Inspector (signature):');
    expect(tableRows(html, 'devices')[1]![3]).toBe('Confidential');
    expect(text).not.toMatch(/[检查整改]/);
  });

  it('says plainly when nothing was found', () => {
    const text = visible(renderInspectionHtml({ ...record, problems: [] }, zh));
    expect(text).toContain('三、发现的问题 未发现问题。');
  });
});
