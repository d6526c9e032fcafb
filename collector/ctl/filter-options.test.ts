// The tool accepts every word it prints: each status word shoumictl shows (device show, ledger export in
// either language, media list) is taken back by --status and means the status it was printed for.
import { describe, expect, it } from 'vitest';
import { MEDIUM_STATUSES } from '../../policies/model';
import { writeLedgerCsv } from '../ledger/ledger-csv-export';
import { DEVICE_STATUSES } from '../store/store';
import { statusText } from './commands/ledger';
import { registeredText, STATUS_TEXT } from './commands/media';
import { deviceStatusOption, mediumStatusOption } from './filter-options';

/** "维修 (under_repair)" → ["维修", "under_repair"]; "丢失 lost" → ["丢失", "lost"]; "在用 in use" → ["在用", "in use"]. */
const wordsOf = (printed: string) => {
  const match = /^(\S+)\s+\(?([^()]+?)\)?$/.exec(printed);
  if (match === null) throw new Error(`cannot split "${printed}"`);
  return [match[1]!, match[2]!];
};

const exportedStatus = (status: (typeof DEVICE_STATUSES)[number], lang: 'zh' | 'en') =>
  writeLedgerCsv(
    [
      {
        deviceId: 'dev-a',
        hostname: '',
        assetNumber: '',
        classification: null,
        responsiblePerson: '',
        department: '',
        location: '',
        status,
        allowedNetworks: [],
      },
    ],
    lang,
  )
    .trim()
    .split('\r\n')[1]!
    .split(',')[7]!;

describe('--status takes every word shoumictl prints', () => {
  it('for devices: the words of device show and of the ledger export in Chinese and English', () => {
    const fed: string[] = [];
    for (const status of DEVICE_STATUSES) {
      const printed = [
        ...wordsOf(statusText(status)),
        exportedStatus(status, 'zh'),
        exportedStatus(status, 'en'),
      ];
      for (const word of printed) {
        expect(deviceStatusOption('--status', word), word).toBe(status);
        fed.push(word);
      }
    }
    expect(new Set(fed)).toEqual(new Set(['在用', '维修', '停用', 'in_service', 'under_repair', 'retired']));
  });

  it('for media: the words of media list', () => {
    const fed: string[] = [];
    for (const status of MEDIUM_STATUSES) {
      for (const word of wordsOf(STATUS_TEXT[status.toUpperCase()]!)) {
        expect(mediumStatusOption('--status', word), word).toBe(status);
        fed.push(word);
      }
      expect(mediumStatusOption('--status', status)).toBe(status);
    }
    expect(new Set(fed)).toEqual(new Set(['在用', '报废', '丢失', 'in use', 'retired', 'lost']));
  });

  it('refuses a word it never prints, naming the words it takes', () => {
    expect(() => deviceStatusOption('--status', '报废')).toThrow(
      '--status 报废: 未知状态 "报废"，应为 在用、维修、停用 / unknown status "报废": use one of 在用, 维修, 停用, in_service, under_repair, retired',
    );
    expect(() => mediumStatusOption('--status', '停用')).toThrow(
      /use one of 在用, 报废, 丢失, in_use, retired, lost/,
    );
  });
});

describe('media register says what happened', () => {
  const medium = {
    serial: 'SHM1',
    vendorId: '46f4',
    productId: '0001',
    classification: 'SECRET',
    assetNumber: 'U-1',
    responsiblePerson: '张三',
    boundDeviceIds: [],
    boundDepartment: '',
    note: '',
    registeredAtMs: 1_000,
    updatedAtMs: 5_000,
    sightings: [],
  } as unknown as Parameters<typeof registeredText>[0];

  it('a lost medium registered again is updated, still lost, and the way back is named', () => {
    const text = registeredText({ ...medium, status: 'LOST' });
    expect(text).toContain('已更新登记 updated the record of 46f4:0001:SHM1');
    expect(text).toContain('still 丢失 lost in the ledger');
    expect(text).toContain('shoumictl media restore 46f4:0001:SHM1 --note');
    expect(text).not.toMatch(/^registered/);
  });

  it('a retired one names 3.6.8, and a new one in use is simply registered', () => {
    expect(registeredText({ ...medium, status: 'RETIRED' })).toContain('destroyed (3.6.8)');
    expect(registeredText({ ...medium, status: 'IN_USE', updatedAtMs: 1_000 })).toMatch(
      /^已登记 registered 46f4:0001:SHM1 as U-1/,
    );
  });
});
