import { describe, expect, it } from 'vitest';
import type { LedgerIdentity } from '../store/store';
import { readLedgerCsv } from './ledger-csv-import';
import { NEW_LEDGER_ENTRY } from './ledger-rules';
import { hostnameNotes, ledgerGaps, requiredFieldProblems, storedAssetClashes } from './ledger-stored-checks';

const ZH_HEADER = '资产编号,设备ID,主机名,密级,责任人,部门,位置,状态,允许网络';
const csv = (...lines: string[]) => `\ufeff${lines.join('\r\n')}\r\n`;

/** A device as an agent's hello leaves it: in service, no ledger fields yet. */
const enrolled = (deviceId: string, hostname = ''): LedgerIdentity => ({
  deviceId,
  assetNumber: '',
  hostname,
  fields: { ...NEW_LEDGER_ENTRY },
});

describe('the standard’s required fields (3.7.2) on import', () => {
  it('refuses a row that writes a device in service without each required field, on its own column', () => {
    const reading = readLedgerCsv(
      csv(
        ZH_HEADER,
        ',dev-a,,机密,张三,保密办,201,在用,', // line 2: no asset number
        'ZC-2,dev-b,,,张三,保密办,201,在用,', // line 3: no classification
        'ZC-3,dev-c,,机密,,保密办,201,在用,', // line 4: no responsible person
        ',dev-d,,,,保密办,201,在用,', // line 5: none of the three
        'ZC-5,dev-e,,机密,张三,,,在用,', // line 6: complete (department and location are not required)
        ',dev-f,,,,,,维修,', // line 7: under repair may lack them
        ',dev-g,,,,,,停用,', // line 8: retired may lack them
      ),
    );
    const problems = requiredFieldProblems(reading, []);
    expect(problems.map((problem) => [problem.line, problem.column])).toEqual([
      [2, '资产编号'],
      [3, '密级'],
      [4, '责任人'],
      [5, '资产编号'],
      [5, '密级'],
      [5, '责任人'],
    ]);
    expect(problems[0]!.problem).toBe(
      '在用设备必须有资产编号（3.7.2）；维修或停用的设备可以暂缺 / a device in service must have its asset number (3.7.2); one under repair or retired may lack it',
    );
  });

  it('lets a row stand that states an incomplete stored entry unchanged, but not one that changes it', () => {
    const reading = readLedgerCsv(csv(ZH_HEADER, ',dev-a,vm,,,,,在用,', ',dev-b,vm,,,保密办,,在用,'));
    const problems = requiredFieldProblems(reading, [enrolled('dev-a', 'vm'), enrolled('dev-b', 'vm')]);
    expect(problems.map((problem) => [problem.line, problem.column])).toEqual([
      [3, '资产编号'],
      [3, '密级'],
      [3, '责任人'],
    ]);
  });
});

describe('asset numbers against the stored ledger', () => {
  it('refuses a row taking a number a stored device keeps, naming the device, on the file’s column', () => {
    const reading = readLedgerCsv(
      'asset_number,device_id,hostname,classification,responsible_person,department,location,status,allowed_networks\r\n' +
        'ZC-1,dev-new,,secret,张三,,,in_service,\r\nZC-2,dev-b,,secret,张三,,,in_service,\r\n',
    );
    const stored = [
      { ...enrolled('dev-a'), assetNumber: 'ZC-1' },
      { ...enrolled('dev-b'), assetNumber: 'ZC-9' },
    ];
    expect(storedAssetClashes(reading, stored)).toEqual([
      {
        line: 2,
        column: 'asset_number',
        problem:
          '资产编号 ZC-1 已属于设备 dev-a：台帐中资产编号不能重复 / asset number ZC-1 already belongs to device dev-a; asset numbers are unique across the ledger',
      },
    ]);
  });
});

describe('主机名 in a file', () => {
  it('notes a hostname other than the agent’s, and none for the same one or an empty cell', () => {
    const reading = readLedgerCsv(
      csv(
        ZH_HEADER,
        'ZC-1,dev-a,typed,机密,张三,,,在用,',
        'ZC-2,dev-b,vm-b,机密,张三,,,在用,',
        'ZC-3,dev-c,,机密,张三,,,在用,',
        'ZC-4,dev-new,new-name,机密,张三,,,在用,',
      ),
    );
    const notes = hostnameNotes(reading, [
      enrolled('dev-a', 'vm-a'),
      enrolled('dev-b', 'vm-b'),
      enrolled('dev-c', 'vm-c'),
    ]);
    expect(notes.map((note) => [note.line, note.column])).toEqual([
      [2, '主机名'],
      [5, '主机名'],
    ]);
    expect(notes[0]!.problem).toContain(
      'the file\'s "typed" was not imported (the agent reports "vm-a"); the rest of the row was',
    );
    expect(notes[1]!.problem).toContain('(no agent has reported one yet)');
  });
});

describe('gaps of the stored ledger', () => {
  it('names each missing field of an entry in service and each asset number two devices share, by export line', () => {
    const complete = {
      ...NEW_LEDGER_ENTRY,
      assetNumber: 'ZC-1',
      classification: 'secret' as const,
      responsiblePerson: '张三',
    };
    const gaps = ledgerGaps(
      [
        { deviceId: 'dev-a', ...complete },
        { deviceId: 'dev-b', ...NEW_LEDGER_ENTRY, responsiblePerson: '李四' },
        { deviceId: 'dev-c', ...NEW_LEDGER_ENTRY, status: 'retired' },
        { deviceId: 'dev-d', ...complete },
      ],
      'en',
    );
    expect(gaps.map((gap) => [gap.line, gap.column])).toEqual([
      [2, 'asset_number'],
      [3, 'asset_number'],
      [3, 'classification'],
      [5, 'asset_number'],
    ]);
    expect(gaps[0]!.problem).toContain('dev-a: 资产编号 ZC-1 与设备 dev-d 共用');
  });
});
