// The medium key as agents write a USB medium's finding subject and people copy it: VENDOR:PRODUCT:SERIAL,
// vendor and product as 4 lowercase hex digits, the serial as the device reports it (it may hold colons).
// The console's links (/media?key=…) write and read it here. shoumictl's parseMediumKey and the store's own
// copies predate this module and read the same text.

export interface MediumKeyParts {
  vendorId: string;
  productId: string;
  serial: string;
}

export function mediumKeyText(key: MediumKeyParts): string {
  return `${key.vendorId}:${key.productId}:${key.serial}`;
}

/** The key in `text` ("usb:" prefix allowed, hex ids in either case), or null when it is not one. */
export function parseMediumKeyText(text: string): MediumKeyParts | null {
  const match = /^(?:usb:)?([0-9a-fA-F]{4}):([0-9a-fA-F]{4}):(.+)$/.exec(text.trim());
  if (match === null) return null;
  return { vendorId: match[1]!.toLowerCase(), productId: match[2]!.toLowerCase(), serial: match[3]! };
}
