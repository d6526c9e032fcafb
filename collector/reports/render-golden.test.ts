// Golden files: one fixed record (inspection-fixture.ts with its own hand-written policy, an inspected unit,
// Asia/Shanghai) rendered to HTML and CSV in both languages and compared byte for byte with the files under
// test/fixtures/reports/, which are reviewed as diffs. After an intended change to a renderer or its words:
//   UPDATE_GOLDEN=1 npx vitest run collector/reports/render-golden.test.ts
// rewrites them; read the diff before committing it (test/fixtures/reports/README.md).
//
// Beside the byte comparison, each golden is checked for what an office signs it for: the six field names of
// 3.12.2, the inspected unit, the ledger device that never reported listed as not inspected, and the measure
// marked complete beside a problem that still fails. The English forms are scanned for any character outside
// printable ASCII that is not the record's own data (names, hostnames, Chinese ledger values, policy titles):
// every string value of the record, as the renderer writes it, is taken out first, and what remains is the
// renderer's own words and punctuation.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../text/csv-cell';
import { buildInspectionRecord } from './build-inspection-record';
import { FIXTURE_POLICY, GENERATED_MS, material } from './inspection-fixture';
import type { InspectionRecord } from './inspection-record';
import type { Language } from './record-text';
import { renderInspectionCsv } from './render-csv';
import { escapeHtml, renderInspectionHtml } from './render-html';

const GOLDEN_DIR = path.join(__dirname, '..', '..', 'test', 'fixtures', 'reports');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const UNIT = '某某研究所（保密办公室）';

const record: InspectionRecord = buildInspectionRecord(material, {
  policy: FIXTURE_POLICY,
  inspector: '王五',
  generatedAtMs: GENERATED_MS,
  inspectedUnit: UNIT,
});

const render = (format: 'html' | 'csv', lang: Language) => {
  const options = { lang, timeZone: 'Asia/Shanghai' };
  return format === 'html' ? renderInspectionHtml(record, options) : renderInspectionCsv(record, options);
};

async function golden(name: string, actual: string): Promise<string> {
  const file = path.join(GOLDEN_DIR, name);
  if (UPDATE) await writeFile(file, actual);
  if (!existsSync(file))
    throw new Error(`${file} is missing: run with UPDATE_GOLDEN=1 and review the new file`);
  return readFile(file, 'utf8');
}

/** Every string value of the record, longest first (so a value inside a longer one goes with it). */
function dataStrings(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string' && value !== '') found.add(value);
  else if (Array.isArray(value)) for (const item of value) dataStrings(item, found);
  else if (value !== null && typeof value === 'object')
    for (const inner of Object.values(value)) dataStrings(inner, found);
  return found;
}
const byLength = (strings: Iterable<string>) => [...strings].sort((a, b) => b.length - a.length);

/** What is left of `text` once every data value (in the forms given) is taken out. */
function withoutData(text: string, forms: (value: string) => string[]): string {
  let rest = text;
  for (const value of byLength(dataStrings(record)))
    for (const form of forms(value)) rest = rest.split(form).join(' ');
  return rest;
}

/** Characters outside printable ASCII (tab, CR, LF aside), with their code points, for a readable failure. */
const nonAscii = (text: string) =>
  [...text]
    .filter((character) => /[^\t\n\r\u0020-\u007e]/.test(character))
    .map((character) => `${character} U+${character.codePointAt(0)!.toString(16).toUpperCase()}`);

describe('the inspection record, golden', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`HTML (${lang}) is the reviewed file test/fixtures/reports/inspection-record.${lang}.html`, async () => {
      const html = render('html', lang);
      expect(html).toBe(await golden(`inspection-record.${lang}.html`, html));
    });
    it(`CSV (${lang}) is the reviewed file test/fixtures/reports/inspection-record.${lang}.csv`, async () => {
      const csv = render('csv', lang);
      expect(csv).toBe(await golden(`inspection-record.${lang}.csv`, csv));
    });
  }

  it('the zh golden carries the six fields of 3.12.2 verbatim, the unit, the unreported device and the flag', async () => {
    const html = render('html', 'zh');
    for (const heading of ['一、检查对象', '二、检查事项', '三、存在问题', '四、整改措施及落实情况'])
      expect(html).toContain(`<h2>${heading}</h2>`);
    expect(html).toContain(
      '<tr><th>检查时间</th><td>2026-11-03 09:00 至 2026-11-03 09:04（Asia/Shanghai）</td></tr>',
    );
    expect(html).toContain('<tr><th>检查人</th><td>王五</td></tr>');
    expect(html).toContain(`<tr><th>被检查单位</th><td>${UNIT}</td></tr>`);
    // dev-e: in the ledger, its agent never reported.
    expect(html).toMatch(
      /<td>BM-2026-005<div class="muted">dev-e<\/div><\/td>.*<span class="flag">未检查<\/span><div class="muted">原因：客户端从未上报<\/div>/,
    );
    expect(html).toContain('<p>共 5 台，已检查 2 台，未检查 3 台</p>');
    expect(html).toMatch(
      /收回未登记U盘，登记后重新发放<\/td><td>已落实.*<div class="flag">已登记落实，但该问题仍未消除<\/div>/,
    );
    expect(html).toContain('<p class="flag">其中 1 项已登记落实，但该问题仍未消除</p>');

    const csv = render('csv', 'zh');
    const [header, ...rows] = parse(csv.slice(1)) as string[][];
    expect(header!.slice(1, 8)).toEqual([
      '被检查单位',
      '检查时间',
      '检查人',
      '检查对象',
      '检查事项',
      '存在问题',
      '整改措施及落实情况',
    ]);
    const column = (name: string) => header!.indexOf(name);
    expect(rows.every((row) => row[column('被检查单位')] === UNIT)).toBe(true);
    expect(rows.find((row) => row[column('检查对象')] === 'dev-e')![column('存在问题')]).toBe(
      '未检查（客户端从未上报）',
    );
    expect(rows.filter((row) => row[column('落实核对')] !== '').map((row) => row[column('规则')])).toEqual([
      'usb-storage-registered',
    ]);
  });

  it('the en golden says the same in English', async () => {
    const html = render('html', 'en');
    expect(html).toContain(`<tr><th>Inspected unit</th><td>${UNIT}</td></tr>`);
    expect(html).toContain('<h2>4. Corrective measures and their implementation</h2>');
    expect(html).toContain(
      '<span class="flag">not inspected</span><div class="muted">Reason: its agent has never reported</div>',
    );
    expect(html).toContain('<div class="flag">marked complete, but the problem persists</div>');
  });

  it('the English forms use whole words and ASCII punctuation only, outside the data', async () => {
    const html = render('html', 'en');
    // The data is in the page as the renderer escapes it.
    const htmlWords = withoutData(html, (value) => [escapeHtml(value)]);
    expect(nonAscii(htmlWords)).toEqual([]);
    // The check sees what it should: the data held Chinese (the unit, names), and taking it out removed it.
    expect(nonAscii(html).length).toBeGreaterThan(0);

    const csv = render('csv', 'en');
    expect(csv.charCodeAt(0)).toBe(0xfeff); // the byte-order mark Excel needs, not text
    const cells = (parse(csv.slice(1)) as string[][]).flat();
    const csvWords = cells.map((cell) => withoutData(cell, (value) => [csvCell(value), value]));
    expect(nonAscii(csvWords.join('\n'))).toEqual([]);
    // No abbreviation cuts a word: the English words the zh-only forms once shortened are whole.
    expect(html).not.toMatch(/\bNo\.|\(s\)/);
  });
});
