import { describe, expect, it } from 'vitest';
import type { LedgerFields } from '../store/store';
import {
  assetNumberClashes,
  missingRequiredFields,
  NEW_LEDGER_ENTRY,
  sharedAssetNumbers,
} from './ledger-rules';

const entry = (overrides: Partial<LedgerFields>): LedgerFields => ({ ...NEW_LEDGER_ENTRY, ...overrides });

describe('required fields of a device in service (3.7.2)', () => {
  it('names each missing field of a device in service, and none for one under repair or retired', () => {
    expect(missingRequiredFields(entry({}))).toEqual(['assetNumber', 'classification', 'responsiblePerson']);
    expect(
      missingRequiredFields(entry({ assetNumber: 'A', classification: 'secret', responsiblePerson: ' ' })),
    ).toEqual(['responsiblePerson']);
    expect(
      missingRequiredFields(
        entry({ assetNumber: 'A', classification: 'non_classified', responsiblePerson: '张三' }),
      ),
    ).toEqual([]);
    expect(missingRequiredFields(entry({ status: 'under_repair' }))).toEqual([]);
    expect(missingRequiredFields(entry({ status: 'retired' }))).toEqual([]);
  });
});

describe('asset numbers unique across the ledger', () => {
  const stored = [
    { deviceId: 'dev-a', assetNumber: 'ZC-1' },
    { deviceId: 'dev-b', assetNumber: 'ZC-2' },
    { deviceId: 'dev-c', assetNumber: '' },
  ];

  it('finds a number a stored device keeps, but not the writer’s own number', () => {
    const clashes = assetNumberClashes(
      [
        { deviceId: 'dev-new', assetNumber: 'ZC-1' },
        { deviceId: 'dev-b', assetNumber: 'ZC-2' },
      ],
      stored,
    );
    expect([...clashes]).toEqual([['dev-new', { holder: 'dev-a', stored: true }]]);
  });

  it('judges the ledger as it will be: two devices swapping numbers in one write is no clash', () => {
    const swap = [
      { deviceId: 'dev-a', assetNumber: 'ZC-2' },
      { deviceId: 'dev-b', assetNumber: 'ZC-1' },
    ];
    expect(assetNumberClashes(swap, stored).size).toBe(0);
  });

  it('finds a number twice in one write on the later entry, and never clashes on an empty number', () => {
    const clashes = assetNumberClashes(
      [
        { deviceId: 'dev-x', assetNumber: 'ZC-9' },
        { deviceId: 'dev-y', assetNumber: 'ZC-9' },
        { deviceId: 'dev-z', assetNumber: '' },
        { deviceId: 'dev-w', assetNumber: '' },
      ],
      stored,
    );
    expect([...clashes]).toEqual([['dev-y', { holder: 'dev-x', stored: false }]]);
  });

  it('names stored devices that share a number', () => {
    expect([
      ...sharedAssetNumbers([
        ...stored,
        { deviceId: 'dev-d', assetNumber: 'ZC-1' },
        { deviceId: 'dev-e', assetNumber: '' },
      ]),
    ]).toEqual([['ZC-1', ['dev-a', 'dev-d']]]);
  });
});
