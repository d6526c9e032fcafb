import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { readSheet } from 'read-excel-file/node';
import { describe, expect, it } from 'vitest';
import { type LedgerCsvDevice, writeLedgerCsv } from './ledger-csv-export';
import { readLedgerCsv } from './ledger-csv-import';
import { ledgerCsvToXlsx, looksLikeXlsx, xlsxToLedgerCsv } from './ledger-xlsx';

const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures', 'ledger');

const device = (overrides: Partial<LedgerCsvDevice> = {}): LedgerCsvDevice => ({
  deviceId: 'dev-a',
  hostname: 'ws-01',
  assetNumber: '001234',
  classification: 'confidential',
  responsiblePerson: '张三',
  department: '保密办',
  location: '3号楼 201',
  status: 'in_service',
  allowedNetworks: ['10.1.0.0/16', '10.2.0.0/16'],
  ...overrides,
});

const DEVICES = [
  device(),
  device({
    deviceId: 'dev-b',
    hostname: '=HYPERLINK("http://x","y")',
    assetNumber: '2024',
    department: '=实验室',
    location: '-1层机房',
    responsiblePerson: '+86 10 1234 5678',
  }),
  device({
    deviceId: 'dev-c',
    hostname: '',
    assetNumber: '',
    classification: null,
    responsiblePerson: '',
    status: 'retired',
    allowedNetworks: [],
  }),
];

const entries = (csvText: string) =>
  readLedgerCsv(csvText).rows.map((row) => ({ deviceId: row.deviceId, ...row.fields }));

describe('the ledger as .xlsx', () => {
  it('writes every cell as a text cell holding the CSV cell: leading zeros kept, formulas defused', async () => {
    const csvText = writeLedgerCsv(DEVICES, 'zh');
    const workbook = await ledgerCsvToXlsx(csvText);
    expect(looksLikeXlsx(workbook)).toBe(true);
    // Read by the library itself, numbers left as they are stored: a text cell stays a string.
    const sheet = await readSheet(workbook, { trim: false });
    expect(sheet[0]).toEqual([
      '资产编号',
      '设备ID',
      '主机名',
      '密级',
      '责任人',
      '部门',
      '位置',
      '状态',
      '允许网络',
    ]);
    expect(sheet[1]![0]).toBe('001234');
    expect(sheet[2]![0]).toBe('2024');
    expect(sheet[2]![2]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(sheet[2]![5]).toBe("'=实验室");
    expect(sheet[2]![6]).toBe("'-1层机房");
    // The workbook holds no formula at all.
    expect(workbook.toString('latin1')).not.toContain('<f>');
  });

  it('reads back to the same ledger CSV text and the same entries', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const csvText = writeLedgerCsv(DEVICES, lang);
      const again = await xlsxToLedgerCsv(await ledgerCsvToXlsx(csvText));
      // The same cells (the CSV writer's quoting of defused cells is not part of a cell).
      expect(parse(again)).toEqual(parse(csvText, { bom: true }));
      expect(entries(again)).toEqual(entries(csvText));
      expect(entries(again)).toHaveLength(3);
    }
  });

  it('reads a workbook LibreOffice made from a CSV (test/fixtures/ledger) to the CSV’s entries', async () => {
    const fromCalc = await xlsxToLedgerCsv(await readFile(path.join(FIXTURES, 'ledger.xlsx')));
    const original = await readFile(path.join(FIXTURES, 'ledger.csv'), 'utf8');
    expect(readLedgerCsv(fromCalc).problems).toEqual([]);
    expect(entries(fromCalc)).toEqual(entries(original));
    expect(entries(fromCalc).map((entry) => entry.location)).toEqual([
      '3号楼 201',
      '2024',
      '-1层机房',
      '库房',
    ]);
  });

  it('reads number and date cells as the text the office sees', async () => {
    const { default: writeXlsxFile } = await import('write-excel-file/node');
    const workbook = await writeXlsxFile([
      ['资产编号', '位置'],
      [
        { value: 1234, type: Number },
        { value: new Date(Date.UTC(2024, 2, 5)), type: Date, format: 'yyyy-mm-dd' },
      ],
      [
        { value: 0.5, type: Number },
        { value: true, type: Boolean },
      ],
    ]).toBuffer();
    expect(await xlsxToLedgerCsv(workbook)).toBe('资产编号,位置\r\n1234,2024-03-05\r\n0.5,TRUE\r\n');
  });
});

const run = promisify(execFile);

/** LibreOffice's command, or a failure that says how to install it (the suite installs nothing itself). */
async function soffice(): Promise<string> {
  try {
    await run('soffice', ['--version']);
    return 'soffice';
  } catch {
    throw new Error(
      'soffice (LibreOffice Calc) is not installed: run `npm run setup:system` (it installs libreoffice-calc), then run this test again',
    );
  }
}

describe('a workbook made live by LibreOffice', () => {
  it('converts an exported ledger CSV with soffice and imports it to the same entries', async () => {
    const command = await soffice();
    const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-soffice-'));
    try {
      const csvText = writeLedgerCsv(
        DEVICES.map((entry) => ({
          ...entry,
          assetNumber: entry.assetNumber ? `ZC-${entry.assetNumber}` : '',
        })),
        'zh',
      );
      await writeFile(path.join(dir, 'ledger.csv'), csvText);
      await run(
        command,
        [
          // Its own profile: another LibreOffice running on the machine cannot take the conversion over.
          `-env:UserInstallation=${pathToFileURL(path.join(dir, 'profile')).href}`,
          '--headless',
          '--infilter=CSV:44,34,76,1',
          '--convert-to',
          'xlsx',
          '--outdir',
          dir,
          path.join(dir, 'ledger.csv'),
        ],
        { timeout: 90_000 },
      );
      const fromCalc = await xlsxToLedgerCsv(await readFile(path.join(dir, 'ledger.xlsx')));
      expect(readLedgerCsv(fromCalc).problems).toEqual([]);
      expect(entries(fromCalc)).toEqual(entries(csvText));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
