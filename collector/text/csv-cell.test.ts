import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvCellValue, writeCsv } from './csv-cell';

// value → the cell as written, by hand from OWASP's list (= + - @ TAB CR, also after leading whitespace).
const CELLS: ReadonlyArray<[string, string]> = [
  ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
  ['+86 10 1234 5678', `'+86 10 1234 5678`],
  ['-1层机房', `'-1层机房`],
  ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
  ['\t=1+1', `'\t=1+1`],
  ['  =1+1', `'  =1+1`],
  ['\u3000=1+1', `'\u3000=1+1`], // ideographic space before the formula
  ['＝1+1', `'＝1+1`], // full-width equals sign
  ["'=1+1", `''=1+1`], // an apostrophe already there gets one more, so the reader can take one off
  ["''-3", `'''-3`],
  ['\r=1', '<U+000D>=1'], // a CR is shown, so the cell no longer starts a formula
  ['ws-01\u202egpj.exe', 'ws-01<U+202E>gpj.exe'],
  ['ZC-2024-001', 'ZC-2024-001'], // a dash inside is harmless
  ["it's", "it's"],
  ["'quoted'", "'quoted'"],
  ['1+1', '1+1'],
  ['', ''],
  ['a\nb', 'a\nb'],
];

describe('csvCell', () => {
  it('defuses every cell a spreadsheet would run and shows invisible characters', () => {
    for (const [value, cell] of CELLS) expect(csvCell(value), JSON.stringify(value)).toBe(cell);
  });

  it('reads back exactly the value it wrote, however many apostrophes the value held', () => {
    for (const [value] of CELLS.filter(([value]) => !/[\r\u202e]/.test(value)))
      expect(csvCellValue(csvCell(value)), JSON.stringify(value)).toBe(value);
  });

  it('reads a value Excel saved after showing it as text (the apostrophe dropped) as that value', () => {
    expect(csvCellValue('-1层机房')).toBe('-1层机房');
    expect(csvCellValue('=1+1')).toBe('=1+1');
    expect(csvCellValue("'quoted'")).toBe("'quoted'");
  });
});

describe('writeCsv', () => {
  it('writes BOM and CRLF, and quotes every defused cell', () => {
    const text = writeCsv([
      ['主机名', 'x'],
      ['=HYPERLINK("http://x","y")', '-1层机房'],
      ['plain', 'a,b'],
    ]);
    expect(text).toBe('\ufeff主机名,x\r\n"\'=HYPERLINK(""http://x"",""y"")","\'-1层机房"\r\nplain,"a,b"\r\n');
    const rows = parse(text, { bom: true }) as string[][];
    expect(rows[1]).toEqual([`'=HYPERLINK("http://x","y")`, `'-1层机房`]);
  });
});
