import { describe, expect, it } from 'vitest';
import { type CtlColumn, colourWanted, formatData, formatRows, terminalWidth } from './output-format';

interface Row {
  asset: string;
  person: string;
  note: string;
}
const columns: CtlColumn<Row>[] = [
  { header: 'ASSET', value: (row) => row.asset },
  { header: 'PERSON', value: (row) => row.person },
  { header: 'NOTE', value: (row) => row.note, wide: true },
];
const rows: Row[] = [{ asset: 'BM-1', person: '欧阳建国', note: '=SUM(A1)' }];

describe('output formats', () => {
  it('table leaves out wide-only columns; wide shows them; csv has every column, escaped', () => {
    expect(formatRows(columns, rows, 'table')).toBe('ASSET  PERSON\nBM-1   欧阳建国\n');
    expect(formatRows(columns, rows, 'wide')).toBe('ASSET  PERSON    NOTE\nBM-1   欧阳建国  =SUM(A1)\n');
    // BOM and CRLF for Excel; a formula start defused with ' and quoted (collector/text/csv-cell.ts).
    expect(formatRows(columns, rows, 'csv')).toBe(
      '\ufeffASSET,PERSON,NOTE\r\nBM-1,欧阳建国,"\'=SUM(A1)"\r\n',
    );
  });

  it('prints data as JSON or YAML', () => {
    expect(formatData({ devices: [{ id: 'a' }] }, 'json')).toBe(
      '{\n  "devices": [\n    {\n      "id": "a"\n    }\n  ]\n}\n',
    );
    expect(formatData({ devices: [{ id: 'a' }] }, 'yaml')).toBe('devices:\n  - id: a\n');
  });

  it('fits the terminal when stdout is one, else COLUMNS, else no limit', () => {
    expect(terminalWidth({ isTTY: true, columns: 80 }, { COLUMNS: '200' })).toBe(80);
    expect(terminalWidth({ isTTY: false }, { COLUMNS: '120' })).toBe(120);
    expect(terminalWidth({ isTTY: false }, {})).toBeUndefined();
    expect(terminalWidth({ isTTY: false }, { COLUMNS: '' })).toBeUndefined();
  });

  it('colours only a terminal without NO_COLOR', () => {
    expect(colourWanted({ isTTY: true }, {})).toBe(true);
    expect(colourWanted({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted({ isTTY: false }, {})).toBe(false);
  });
});
