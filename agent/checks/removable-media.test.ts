import { describe, expect, it } from 'vitest';
import type { RegisteredMedium } from '../../policies/model';
import { contextFor, judgeInEnglish, makeFacts, ruleFor, usbDevice, usbFacts } from './facts-for-tests';
import { removableMediaCheck } from './removable-media';

const RULES = [
  'usb-storage-registered',
  'usb-storage-level-not-below-host',
  'usb-storage-not-retired-or-lost',
].map((id) => ruleFor(id));

function medium(overrides: Partial<RegisteredMedium> = {}): RegisteredMedium {
  return {
    serial: '4C530001230101117373',
    vendorId: '0781',
    productId: '5567',
    classification: 'secret',
    status: 'in_use',
    assetNumber: 'U-0042',
    responsiblePerson: '张三',
    ...overrides,
  };
}

function judge(devices = [usbDevice()], ledger: Parameters<typeof contextFor>[1] = {}) {
  const outcomes = judgeInEnglish(
    removableMediaCheck,
    makeFacts({ usb: usbFacts(devices) }),
    contextFor(RULES, ledger),
  );
  return Object.fromEntries(outcomes.map((outcome) => [outcome.ruleId, outcome]));
}

describe('removable media (3.7.4)', () => {
  it('passes all three rules when no storage is attached, even with other USB devices', () => {
    const outcomes = judgeInEnglish(
      removableMediaCheck,
      makeFacts({ usb: usbFacts([usbDevice({ interfaceClasses: ['03'] })]) }),
      contextFor(RULES),
    );
    expect(outcomes.map((outcome) => [outcome.ruleId, outcome.status, outcome.subject])).toEqual(
      RULES.map((rule) => [rule.id, 'pass', '']),
    );
    expect(outcomes[0]!.evidence).toEqual({ usbDevicesExamined: 1, massStorageDevices: 0 });
  });

  it('passes a registered medium at the host level', () => {
    const outcomes = judge([usbDevice()], { classification: 'secret', media: [medium()] });
    expect(Object.values(outcomes).map((outcome) => outcome.status)).toEqual(['pass', 'pass', 'pass']);
    expect(outcomes['usb-storage-registered']).toMatchObject({
      subject: '0781:5567:4C530001230101117373',
      evidence: { ledgerEntry: { assetNumber: 'U-0042' }, blockDevices: ['sdb'], busPath: '1-1' },
    });
  });

  it('fails an unregistered medium, and leaves the level and status rules not applicable', () => {
    const outcomes = judge([usbDevice({ serial: 'OTHER' })], { classification: 'secret', media: [medium()] });
    expect(outcomes['usb-storage-registered']).toMatchObject({
      status: 'fail',
      subject: '0781:5567:OTHER',
      evidence: { ledgerEntry: null },
    });
    expect(outcomes['usb-storage-level-not-below-host']!.status).toBe('not_applicable');
    expect(outcomes['usb-storage-not-retired-or-lost']!.status).toBe('not_applicable');
  });

  it('matches on vendor and product too, not the serial alone', () => {
    const outcomes = judge([usbDevice({ productId: '5581' })], {
      classification: 'secret',
      media: [medium()],
    });
    expect(outcomes['usb-storage-registered']!.status).toBe('fail');
  });

  it('fails a medium without a serial: it cannot be matched', () => {
    const outcomes = judge([usbDevice({ serial: null, busPath: '2-3' })], {
      classification: 'secret',
      media: [medium()],
    });
    expect(outcomes['usb-storage-registered']).toMatchObject({
      status: 'fail',
      subject: '0781:5567:(no serial, port 2-3)',
    });
    expect(outcomes['usb-storage-registered']!.reason).toContain('cannot be matched');
  });

  it('fails a registered medium classified below the host', () => {
    const outcomes = judge([usbDevice()], {
      classification: 'confidential',
      media: [medium({ classification: 'secret' })],
    });
    expect(outcomes['usb-storage-registered']!.status).toBe('pass');
    expect(outcomes['usb-storage-level-not-below-host']).toMatchObject({ status: 'fail' });
    expect(outcomes['usb-storage-level-not-below-host']!.reason).toContain('below this computer');
  });

  it('passes a medium above the host level', () => {
    const outcomes = judge([usbDevice()], {
      classification: 'secret',
      media: [medium({ classification: 'top_secret' })],
    });
    expect(outcomes['usb-storage-level-not-below-host']!.status).toBe('pass');
  });

  it('judges against the highest level while the host level is unknown', () => {
    const lower = judge([usbDevice()], {
      classification: null,
      media: [medium({ classification: 'confidential' })],
    });
    expect(lower['usb-storage-level-not-below-host']!.status).toBe('fail');
    expect(lower['usb-storage-level-not-below-host']!.reason).toContain('not in the ledger yet');
    const highest = judge([usbDevice()], {
      classification: null,
      media: [medium({ classification: 'top_secret' })],
    });
    expect(highest['usb-storage-level-not-below-host']!.status).toBe('pass');
  });

  it.each(['lost', 'retired'] as const)('fails a %s medium', (status) => {
    const outcomes = judge([usbDevice()], { classification: 'secret', media: [medium({ status })] });
    expect(outcomes['usb-storage-not-retired-or-lost']).toMatchObject({ status: 'fail' });
    expect(outcomes['usb-storage-not-retired-or-lost']!.reason).toContain(status);
  });

  it('judges a card reader (mass storage with no card) like any medium', () => {
    const reader = usbDevice({
      vendorId: '0bda',
      productId: '0129',
      serial: '20100201396000000',
      blockDevices: [],
    });
    expect(judge([reader], { classification: 'secret' })['usb-storage-registered']!.status).toBe('fail');
  });
});
