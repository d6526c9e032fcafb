// Plug and Play device instance ids ("Device instance IDs", "Standard USB identifiers", "Identifiers for
// PCI devices" on Microsoft Learn): "<enumerator>\<device id>\<instance>", e.g.
//   USB\VID_0951&PID_1666\60A44C413D5E6B5B0A0F7B2C          a USB device reporting a serial number
//   USB\VID_046D&PID_C52B&MI_01\7&2A1F3C4&0&0001           interface 1 of a composite device
//   PCI\VEN_8086&DEV_2723&SUBSYS_00848086&REV_1A\3&11583659&0&A3
// and compatible ids "USB\Class_08&SubClass_06&Prot_50", "USB\DevClass_00", "PCI\CC_028000".

export interface PnpInstanceId {
  /** The enumerator in lowercase ("usb", "pci", "usbstor", "bthenum", "root", "swd"), i.e. the bus. */
  enumerator: string;
  /** The middle part: "VID_0951&PID_1666", "DISK&VEN_KINGSTON&PROD_DATATRAVELER_3.0&REV_PMAP". */
  deviceId: string;
  /** The last part: a serial number, or an id Windows made up ("7&2A1F3C4&0&0001"). */
  instance: string;
  /** "<enumerator>\<device id>" fields split at "&", keyed by upper-case name: VID → "0951". */
  fields: ReadonlyMap<string, string>;
}

export function parseInstanceId(instanceId: string): PnpInstanceId | null {
  const parts = instanceId.split('\\');
  if (parts.length < 3 || parts[0] === '') return null;
  const [enumerator, deviceId] = parts as [string, string];
  const fields = new Map<string, string>();
  for (const field of deviceId.split('&')) {
    const at = field.indexOf('_');
    if (at > 0) fields.set(field.slice(0, at).toUpperCase(), field.slice(at + 1));
  }
  return { enumerator: enumerator.toLowerCase(), deviceId, instance: parts.slice(2).join('\\'), fields };
}

/** 4 lowercase hex digits, as the facts write USB and PCI ids; null when the field is absent or not hex. */
export function hexId(id: PnpInstanceId | null, field: string): string | null {
  const value = id?.fields.get(field);
  return value !== undefined && /^[0-9A-Fa-f]{4}$/.test(value) ? value.toLowerCase() : null;
}

/**
 * The serial number of a USB device from its instance id. Windows uses the device's iSerialNumber as the
 * instance part when the device reports a valid one; otherwise it makes one up from the port, which always
 * contains "&" ("5&2A1F3C4&0&2") — and no such id is a serial. The interfaces of a composite device
 * (&MI_xx) carry made-up instances too; their serial is their parent's.
 */
export function usbSerialOf(id: PnpInstanceId | null): string | null {
  if (id === null || id.enumerator !== 'usb' || id.fields.has('MI')) return null;
  return id.instance.includes('&') || id.instance === '' ? null : id.instance;
}

export interface UsbClassTriple {
  interfaceClass: string;
  interfaceSubClass: string;
  interfaceProtocol: string;
}

/**
 * The class triple from compatible ids: "USB\Class_08&SubClass_06&Prot_50" (an interface, or a whole
 * device that has one function). "USB\DevClass_xx" (a composite parent) is not an interface and is skipped.
 */
export function usbClassOf(compatibleIds: readonly string[]): UsbClassTriple | null {
  for (const id of compatibleIds) {
    const match = /^USB\\Class_([0-9A-Fa-f]{2})&SubClass_([0-9A-Fa-f]{2})&Prot_([0-9A-Fa-f]{2})$/i.exec(id);
    if (match)
      return {
        interfaceClass: match[1]!.toLowerCase(),
        interfaceSubClass: match[2]!.toLowerCase(),
        interfaceProtocol: match[3]!.toLowerCase(),
      };
  }
  for (const id of compatibleIds) {
    const match = /^USB\\Class_([0-9A-Fa-f]{2})$/i.exec(id);
    if (match)
      return { interfaceClass: match[1]!.toLowerCase(), interfaceSubClass: '', interfaceProtocol: '' };
  }
  return null;
}

/** "USB\DevClass_00&SubClass_00&Prot_00" → "00": the device class of a composite device. */
export function usbDeviceClassOf(compatibleIds: readonly string[]): string | null {
  for (const id of compatibleIds) {
    const match = /^USB\\DevClass_([0-9A-Fa-f]{2})/i.exec(id);
    if (match) return match[1]!.toLowerCase();
  }
  return null;
}

/** "PCI\CC_028000" → "028000" (class, subclass, programming interface). */
export function pciClassCodeOf(compatibleIds: readonly string[]): string | null {
  for (const id of compatibleIds) {
    const match = /^PCI\\CC_([0-9A-Fa-f]{6})$/i.exec(id);
    if (match) return match[1]!.toLowerCase();
  }
  return null;
}
