import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvFileText } from './csv-file-text';
import { type LedgerCsvDevice, writeLedgerCsv } from './ledger-csv-export';
import { LEDGER_CSV_LIMITS, readLedgerCsv } from './ledger-csv-import';

const ZH_HEADER = '资产编号,设备ID,主机名,密级,责任人,部门,位置,状态,允许网络';
const csv = (...lines: string[]) => `\ufeff${lines.join('\r\n')}\r\n`;

const device = (overrides: Partial<LedgerCsvDevice> = {}): LedgerCsvDevice => ({
  deviceId: 'dev-a',
  hostname: 'ws-01',
  assetNumber: 'ZC-2024-001',
  classification: 'confidential',
  responsiblePerson: '张三',
  department: '保密办',
  location: '3号楼 201',
  status: 'in_service',
  allowedNetworks: ['10.1.0.0/16', '10.2.0.0/16'],
  ...overrides,
});

describe('ledger CSV export', () => {
  it('writes UTF-8 with BOM, CRLF, Chinese headers and Chinese words by default', () => {
    const text = writeLedgerCsv([device()], 'zh');
    expect(text.startsWith('\ufeff')).toBe(true);
    expect(text).toBe(
      csv(ZH_HEADER, 'ZC-2024-001,dev-a,ws-01,机密,张三,保密办,3号楼 201,在用,"10.1.0.0/16, 10.2.0.0/16"'),
    );
    expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('writes English headers and words with lang en, and an empty cell for an unclassified device', () => {
    const text = writeLedgerCsv(
      [device({ classification: null, status: 'under_repair', allowedNetworks: [] })],
      'en',
    );
    expect(text).toBe(
      csv(
        'asset_number,device_id,hostname,classification,responsible_person,department,location,status,allowed_networks',
        'ZC-2024-001,dev-a,ws-01,,张三,保密办,3号楼 201,under_repair,',
      ),
    );
  });

  it('reads back what it wrote, in either language, to the same values', () => {
    const devices = [
      device(),
      // Not in service: the only entries that may lack an asset number and a classification (3.7.2).
      device({
        deviceId: 'dev-b',
        assetNumber: '',
        classification: null,
        allowedNetworks: [],
        location: 'a, "b"',
        status: 'under_repair',
      }),
      device({ deviceId: 'dev-c', assetNumber: 'ZC-3', classification: 'top_secret', status: 'retired' }),
    ];
    for (const lang of ['zh', 'en'] as const) {
      const reading = readLedgerCsv(writeLedgerCsv(devices, lang));
      expect(reading.problems).toEqual([]);
      expect(reading.rows.map((row) => ({ deviceId: row.deviceId, ...row.fields }))).toEqual(
        devices.map(({ hostname: _hostname, ...entry }) => entry),
      );
      expect(reading.rows.map((row) => row.line)).toEqual([2, 3, 4]);
    }
  });
});

describe('ledger CSV and spreadsheet formulas (escaped at the exit, not refused at the door)', () => {
  const exported = (devices: LedgerCsvDevice[]) =>
    (parse(writeLedgerCsv(devices, 'en'), { bom: true, columns: true }) as Record<string, string>[])[0]!;

  it("writes an agent's hostname that is a formula as text: the cell starts with an apostrophe, in quotes", () => {
    const text = writeLedgerCsv([device({ hostname: '=HYPERLINK("http://x","y")' })], 'zh');
    expect(text).toContain(`,"'=HYPERLINK(""http://x"",""y"")",`);
    expect(exported([device({ hostname: '=HYPERLINK("http://x","y")' })]).hostname).toBe(
      `'=HYPERLINK("http://x","y")`,
    );
    expect(exported([device({ hostname: '  @SUM(1)' })]).hostname).toBe(`'  @SUM(1)`);
  });

  it('shows a bidi override or zero-width character in a hostname as <U+XXXX>', () => {
    expect(exported([device({ hostname: 'ws-01\u202egpj.exe' })]).hostname).toBe('ws-01<U+202E>gpj.exe');
    expect(exported([device({ hostname: 'ws\u200b-01' })]).hostname).toBe('ws<U+200B>-01');
  });

  it('imports honest values that begin with - + = @ as plain text', () => {
    const reading = readLedgerCsv(
      csv(
        ZH_HEADER,
        '-7,dev-a,ws,机密,+86 10 1234 5678,=实验室,-1层机房,在用,',
        '@3,dev-b,ws,机密,张三,保密办,-1层机房,在用,',
      ),
    );
    expect(reading.problems).toEqual([]);
    expect(reading.rows.map((row) => row.fields)).toEqual([
      expect.objectContaining({
        assetNumber: '-7',
        responsiblePerson: '+86 10 1234 5678',
        department: '=实验室',
        location: '-1层机房',
      }),
      expect.objectContaining({ assetNumber: '@3', location: '-1层机房' }),
    ]);
  });

  it('exports such values defused and reads them back unchanged, apostrophes of the value included', () => {
    const devices = [
      device({ location: '-1层机房', responsiblePerson: '+86 10 1234 5678', department: '=实验室' }),
      device({ deviceId: 'dev-b', assetNumber: "'=1+1", location: "''-3", department: "it's" }),
    ];
    const cells = exported(devices);
    expect(cells.location).toBe("'-1层机房");
    expect(cells.responsible_person).toBe("'+86 10 1234 5678");
    expect(cells.department).toBe("'=实验室");
    for (const lang of ['zh', 'en'] as const) {
      const once = readLedgerCsv(writeLedgerCsv(devices, lang));
      expect(once.problems).toEqual([]);
      const values = once.rows.map((row) => ({ deviceId: row.deviceId, ...row.fields }));
      expect(values).toEqual(devices.map(({ hostname: _hostname, ...entry }) => entry));
      // Exported and imported twice: the apostrophe does not pile up.
      const again = readLedgerCsv(
        writeLedgerCsv(
          once.rows.map((row) => device({ deviceId: row.deviceId, ...row.fields })),
          lang,
        ),
      );
      expect(again.rows.map((row) => row.fields)).toEqual(once.rows.map((row) => row.fields));
    }
  });

  it('reads a value saved from Excel without the apostrophe as that value', () => {
    const reading = readLedgerCsv(csv(ZH_HEADER, "ZC-1,dev-a,ws,机密,张三,保密办,'-1层机房,在用,"));
    expect(reading.rows[0]!.fields.location).toBe('-1层机房');
  });
});

describe('ledger CSV import', () => {
  it('accepts Chinese headers with a BOM, Chinese and English words, and LF line ends', () => {
    const reading = readLedgerCsv(
      [
        '\ufeff设备 ID,资产编号,密级,责任人,部门,位置,状态,允许网络',
        'dev-a,ZC-1,绝密,张三,保密办,201,维修,"10.0.0.0/8，172.16.0.0/12；fd00::/8"',
        'dev-b,ZC-2,Top Secret,李四,科研部,,retired,',
        'dev-c,,非密,,,,停用,10.0.0.0/8 10.0.0.0/8',
      ].join('\n'),
    );
    expect(reading.problems).toEqual([]);
    expect(reading.rows).toEqual([
      {
        line: 2,
        deviceId: 'dev-a',
        fields: {
          assetNumber: 'ZC-1',
          classification: 'top_secret',
          responsiblePerson: '张三',
          department: '保密办',
          location: '201',
          status: 'under_repair',
          allowedNetworks: ['10.0.0.0/8', '172.16.0.0/12', 'fd00::/8'],
        },
      },
      expect.objectContaining({
        line: 3,
        fields: expect.objectContaining({
          classification: 'top_secret',
          status: 'retired',
          allowedNetworks: [],
        }),
      }),
      expect.objectContaining({
        line: 4,
        fields: expect.objectContaining({
          classification: 'non_classified',
          allowedNetworks: ['10.0.0.0/8'],
        }),
      }),
    ]);
  });

  it('accepts English headers in any case, and a stray trailing empty column', () => {
    const reading = readLedgerCsv(
      csv(
        'Asset Number,Device ID,Classification,Responsible Person,Department,Location,Status,Allowed Networks,',
        'A-1,dev-a,secret,Li,R&D,Lab,in service,,',
      ),
    );
    expect(reading.problems).toEqual([]);
    expect(reading.rows[0]!.fields).toMatchObject({ classification: 'secret', status: 'in_service' });
  });

  it('reports every bad row with its line, column and problem, and returns no rows', () => {
    const reading = readLedgerCsv(
      csv(
        ZH_HEADER,
        'ZC-1,dev-a,ws,机密,张三,保密办,201,在用,10.1.0.0/16', // line 2: good
        'ZC-2,dev-b,ws,绝秘,张三,保密办,201,在用,', // line 3: unknown classification
        'ZC-3,dev-c,ws,秘密,张三,保密办,201,在用,10.1.2.3/16', // line 4: host bits set
        'ZC-4,dev-a,ws,秘密,张三,保密办,201,在用,', // line 5: device twice
        'ZC-1,dev-e,ws,秘密,张三,保密办,201,报废,', // line 6: asset twice, unknown status
        ',bad id!,ws,秘密,张\u202e三,保密办,201,在用,', // line 7: bad id, a bidi override
        'ZC-8,dev-h,ws,秘密', // line 8: too few cells
      ),
    );
    expect(reading.rows).toEqual([]);
    expect(reading.problemCount).toBe(8);
    expect(reading.problems.map(({ line, column }) => [line, column])).toEqual([
      [3, '密级'],
      [4, '允许网络'],
      [5, '设备ID'],
      [6, '状态'],
      [6, '资产编号'],
      [7, '设备ID'],
      [7, '责任人'],
      [8, ''],
    ]);
    expect(reading.problems[0]!.problem).toContain('未知密级 "绝秘"');
    expect(reading.problems[0]!.problem).toContain('unknown classification');
    expect(reading.problems[1]!.problem).toContain('did you mean 10.1.0.0/16');
    expect(reading.problems[2]!.problem).toContain('already on line 2');
    expect(reading.problems[6]!.problem).toContain('invisible character <U+202E> at position 2');
    expect(reading.problems[7]!.problem).toContain('the row has 4 cells, the header has 9');
  });

  it('names missing, unknown and repeated columns on the header line and reads no row', () => {
    const reading = readLedgerCsv(csv('设备ID,密级,classification,备注', 'dev-a,机密,机密,x'));
    expect(reading.rows).toEqual([]);
    const problems = reading.problems.map((problem) => `${problem.line}|${problem.column}`);
    expect(problems).toEqual([
      '1|classification',
      '1|备注',
      '1|资产编号',
      '1|责任人',
      '1|部门',
      '1|位置',
      '1|状态',
      '1|允许网络',
    ]);
    expect(reading.problems[1]!.problem).toContain('unknown column "备注"');
    expect(reading.problems[2]!.problem).toContain('missing required column 资产编号 (asset_number)');
  });

  it('counts lines of quoted cells that span lines, and refuses the line break in the cell', () => {
    const reading = readLedgerCsv(
      csv(
        ZH_HEADER,
        'ZC-1,dev-a,ws,机密,"张\r\n三",保密办,201,在用,',
        'ZC-2,dev-b,ws,机密,李四,保密办,201,停用,x',
      ),
    );
    expect(reading.problems.map(({ line, column }) => [line, column])).toEqual([
      [2, '责任人'],
      [4, '允许网络'],
    ]);
  });

  it('refuses binary content, naming the line, before reading any CSV', () => {
    const garbage = Buffer.concat([
      Buffer.from(`${ZH_HEADER}\r\nZC-1,dev-a,ws,机密,张三,保密办,201,在用,\r\n`),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe, 0x01]),
    ]);
    const reading = readLedgerCsv(csvFileText(garbage).text);
    expect(reading.rows).toEqual([]);
    expect(reading.problems).toHaveLength(1);
    expect(reading.problems[0]).toMatchObject({ line: 3, column: '' });
    expect(reading.problems[0]!.problem).toContain('not a text CSV file');
  });

  it('refuses an unclosed quote, an empty file, and text that is no ledger', () => {
    expect(readLedgerCsv(csv(ZH_HEADER, 'ZC-1,"dev-a')).problems[0]!.problem).toContain('not valid CSV');
    expect(readLedgerCsv('\ufeff\r\n\r\n').problems[0]!.problem).toContain('empty file');
    const prose = readLedgerCsv('Lorem ipsum dolor sit amet\nconsectetur adipiscing elit\n');
    expect(prose.rows).toEqual([]);
    expect(prose.problems[0]).toMatchObject({ line: 1, column: 'Lorem ipsum dolor sit amet' });
  });

  it('refuses a file over the row limit or the size limit as a whole (line 0)', () => {
    const row = 'ZC,dev,ws,机密,张三,保密办,201,在用,';
    const many = readLedgerCsv(
      [ZH_HEADER, ...Array.from({ length: LEDGER_CSV_LIMITS.maxRows + 1 }, () => row)].join('\n'),
    );
    expect(many.problems).toEqual([
      { line: 0, column: '', problem: expect.stringContaining('too many rows') },
    ]);
    const huge = readLedgerCsv(`${ZH_HEADER}\n${'x'.repeat(LEDGER_CSV_LIMITS.maxBytes)}`);
    expect(huge.problems).toEqual([
      { line: 0, column: '', problem: expect.stringContaining('file too large') },
    ]);
  });

  it('lists at most maxProblemsListed problems and counts them all', () => {
    const bad = Array.from({ length: 600 }, (_, index) => `ZC-${index},dev-${index},ws,绝秘,,,,在用,`);
    const reading = readLedgerCsv([ZH_HEADER, ...bad].join('\n'));
    expect(reading.problemCount).toBe(600);
    expect(reading.problems).toHaveLength(LEDGER_CSV_LIMITS.maxProblemsListed);
  });
});

describe('CSV file text', () => {
  it('reads UTF-8, and GB18030 as Excel writes "CSV" on a Chinese Windows', () => {
    // The decoder drops the BOM; the reader accepts text with or without one.
    expect(csvFileText(Buffer.from('\ufeff设备ID\r\n', 'utf8'))).toEqual({
      text: '设备ID\r\n',
      encoding: 'utf-8',
    });
    // "设备ID,密级" in GBK
    const gbk = Buffer.from([0xc9, 0xe8, 0xb1, 0xb8, 0x49, 0x44, 0x2c, 0xc3, 0xdc, 0xbc, 0xb6]);
    expect(csvFileText(gbk)).toEqual({ text: '设备ID,密级', encoding: 'gb18030' });
  });
});
