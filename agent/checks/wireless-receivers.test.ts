import { describe, expect, it } from 'vitest';
import { contextFor, judgeInEnglish, makeFacts, ruleFor, usbDevice, usbFacts } from './facts-for-tests';
import { wirelessReceiversCheck } from './wireless-receivers';

const RULE = ruleFor('wireless-input-receiver-absent', {
  receiver_usb_ids: ['046d:c52b', '045e:07b2'],
  product_name_keywords: ['receiver', '无线'],
});

describe('wireless keyboard/mouse receivers (3.7.8)', () => {
  it('fails a listed receiver, named by its serial', () => {
    const receiver = usbDevice({
      vendorId: '046d',
      productId: 'c52b',
      product: 'USB Receiver',
      serial: null,
      busPath: '3-2',
      interfaceClasses: ['03', '03', '03'],
    });
    const withSerial = usbDevice({
      vendorId: '045e',
      productId: '07b2',
      product: 'Microsoft Nano',
      serial: 'ABC',
      interfaceClasses: ['03'],
    });
    const outcomes = judgeInEnglish(
      wirelessReceiversCheck,
      makeFacts({ usb: usbFacts([receiver, withSerial, usbDevice()]) }),
      contextFor([RULE]),
    );
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status, outcome.evidence.matchedBy])).toEqual([
      ['3-2', 'fail', 'usb-id'],
      ['ABC', 'fail', 'usb-id'],
    ]);
    expect(outcomes[0]!.evidence).toMatchObject({ ids: '046d:c52b', busPath: '3-2' });
  });

  it('fails an unlisted HID device whose name gives it away, but not a storage device of that name', () => {
    const unknownReceiver = usbDevice({
      vendorId: '24ae',
      productId: '9999',
      product: '2.4G 无线接收器',
      serial: null,
      busPath: '1-4',
      interfaceClasses: ['03'],
    });
    const stick = usbDevice({ product: 'Receiver Backup Disk', interfaceClasses: ['08'] });
    const outcomes = judgeInEnglish(
      wirelessReceiversCheck,
      makeFacts({ usb: usbFacts([unknownReceiver, stick]) }),
      contextFor([RULE]),
    );
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({
      subject: '1-4',
      status: 'fail',
      evidence: { matchedBy: 'product-name', keyword: '无线' },
    });
  });

  it('passes when no receiver is plugged in, saying how many devices were examined', () => {
    const wiredKeyboard = usbDevice({
      vendorId: '17ef',
      productId: '6047',
      product: 'ThinkPad Keyboard',
      interfaceClasses: ['03'],
    });
    const outcomes = judgeInEnglish(
      wirelessReceiversCheck,
      makeFacts({ usb: usbFacts([wiredKeyboard]) }),
      contextFor([RULE]),
    );
    expect(outcomes).toEqual([
      expect.objectContaining({
        subject: '',
        status: 'pass',
        evidence: { usbDevicesExamined: 1, receiverIdsKnown: 2 },
      }),
    ]);
  });
});
