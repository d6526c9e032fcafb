import { describe, expect, it } from 'vitest';
import { mediumKeyText, parseMediumKeyText } from './medium-key';

describe('the medium key text', () => {
  it('writes vendor:product:serial and reads it back, serial colons and all', () => {
    expect(mediumKeyText({ vendorId: '46f4', productId: '0001', serial: 'A:B' })).toBe('46f4:0001:A:B');
    expect(parseMediumKeyText('46F4:0001:A:B')).toEqual({
      vendorId: '46f4',
      productId: '0001',
      serial: 'A:B',
    });
    expect(parseMediumKeyText('usb:0781:5581:SN1')).toEqual({
      vendorId: '0781',
      productId: '5581',
      serial: 'SN1',
    });
  });

  it('reads nothing from text that is not a key', () => {
    expect(parseMediumKeyText('zz:0001:SN')).toBeNull();
    expect(parseMediumKeyText('0781:5581:')).toBeNull();
    expect(parseMediumKeyText('0781-5581-SN')).toBeNull();
  });
});
