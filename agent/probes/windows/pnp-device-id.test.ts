import { describe, expect, it } from 'vitest';
import {
  hexId,
  parseInstanceId,
  pciClassCodeOf,
  usbClassOf,
  usbDeviceClassOf,
  usbSerialOf,
} from './pnp-device-id';

describe('PnP instance ids', () => {
  it('reads ids and the serial of a USB device that reports one', () => {
    const id = parseInstanceId('USB\\VID_0951&PID_1666\\60A44C413D5EE3B1B9560E8B');
    expect(id?.enumerator).toBe('usb');
    expect([hexId(id, 'VID'), hexId(id, 'PID')]).toEqual(['0951', '1666']);
    expect(usbSerialOf(id)).toBe('60A44C413D5EE3B1B9560E8B');
  });

  it('takes no serial from an id Windows made up, nor from a composite interface', () => {
    expect(usbSerialOf(parseInstanceId('USB\\VID_046D&PID_C52B\\6&1B4B4D2B&0&3'))).toBeNull();
    expect(usbSerialOf(parseInstanceId('USB\\VID_046D&PID_C52B&MI_00\\ABC123'))).toBeNull();
    expect(usbSerialOf(parseInstanceId('USBSTOR\\DISK&VEN_X\\ABC&0'))).toBeNull();
  });

  it('reads PCI ids and refuses what is not an instance id', () => {
    const id = parseInstanceId('PCI\\VEN_8086&DEV_2723&SUBSYS_00848086&REV_1A\\4&2B4C1F7&0&00E4');
    expect([hexId(id, 'VEN'), hexId(id, 'DEV'), id?.fields.get('SUBSYS')]).toEqual([
      '8086',
      '2723',
      '00848086',
    ]);
    expect(parseInstanceId('not an id')).toBeNull();
    expect(hexId(parseInstanceId('USB\\ROOT_HUB30\\4&2DB7E7F&0&0'), 'VID')).toBeNull();
  });
});

describe('compatible ids', () => {
  it('gives the most specific USB class triple, and the device class of a composite device', () => {
    expect(
      usbClassOf(['USB\\Class_08&SubClass_06&Prot_50', 'USB\\Class_08&SubClass_06', 'USB\\Class_08']),
    ).toEqual({
      interfaceClass: '08',
      interfaceSubClass: '06',
      interfaceProtocol: '50',
    });
    expect(usbClassOf(['USB\\Class_E0'])).toEqual({
      interfaceClass: 'e0',
      interfaceSubClass: '',
      interfaceProtocol: '',
    });
    expect(usbClassOf(['USB\\DevClass_00&SubClass_00&Prot_00', 'USB\\COMPOSITE'])).toBeNull();
    expect(usbDeviceClassOf(['USB\\DevClass_EF&SubClass_02&Prot_01'])).toBe('ef');
    expect(pciClassCodeOf(['PCI\\VEN_8086&CC_028000', 'PCI\\CC_028000'])).toBe('028000');
  });
});
