import { describe, expect, it } from 'vitest';
import { parseClassification, parseMediumKey } from './media';

describe('shoumictl media arguments', () => {
  it('takes levels in Chinese or as English ids', () => {
    expect(['绝密', '机密', '秘密', '非密'].map(parseClassification)).toEqual([
      'top_secret',
      'confidential',
      'secret',
      'non_classified',
    ]);
    expect(parseClassification('Non-Classified')).toBe('non_classified');
    expect(() => parseClassification('内部')).toThrow(
      /--classification 内部: expected 绝密, 机密, 秘密, 非密/,
    );
  });

  it("takes a medium as the agent's subject, with or without the audit trail's usb: prefix", () => {
    const stick = { vendorId: '46f4', productId: '0001', serial: 'SHM0001STICK' };
    expect(parseMediumKey('46F4:0001:SHM0001STICK')).toEqual(stick);
    expect(parseMediumKey('usb:46f4:0001:SHM0001STICK')).toEqual(stick);
    expect(parseMediumKey('0781:5581:A:B')).toEqual({ vendorId: '0781', productId: '5581', serial: 'A:B' });
    expect(() => parseMediumKey('0781-5581-A')).toThrow(/expected VENDOR:PRODUCT:SERIAL/);
  });
});
