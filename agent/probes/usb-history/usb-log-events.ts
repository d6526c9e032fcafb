// USB devices coming and going, from the messages usbcore and usb-storage write to the kernel log
// (drivers/usb/core/hub.c: "new high-speed USB device number 2 using xhci_hcd", "USB disconnect, device
// number 2"; drivers/usb/core/generic.c and hub.c's announce_device: "New USB device found, idVendor=0951,
// idProduct=1666, ...", "Product: ...", "Manufacturer: ...", "SerialNumber: ..."; drivers/usb/storage/usb.c:
// "usb-storage 3-1:1.0: USB Mass Storage device detected"). Root hubs are announced without a "new ...
// device number" line, so "New USB device found" opens an event too when none is open for that port.

import type { UsbHistoryEvent } from '../../facts';
import type { KmsgRecord } from './kmsg-records';

const NEW_DEVICE = /^usb (\S+): new .*USB device number \d+ using /;
const FOUND = /^usb (\S+): New USB device found, idVendor=([0-9a-f]{4}), idProduct=([0-9a-f]{4})/i;
const STRING = /^usb (\S+): (Product|Manufacturer|SerialNumber): (.*)$/;
const DISCONNECT = /^usb (\S+): USB disconnect, device number \d+/;
/** "<driver> <busPath>:<config>.<interface>: ..." for the storage drivers that name their interface. */
const STORAGE_BOUND = /^(usb-storage|uas|ums-\w+) ([^\s:]+):\d+\.\d+: /;

const STRING_FIELD = { Product: 'product', Manufacturer: 'manufacturer', SerialNumber: 'serial' } as const;

/** `bootMs`: when the log's clock read zero (boot-time.ts), fractional ms; event times are rounded once. */
export function usbEventsFromLog(records: readonly KmsgRecord[], bootMs: number): UsbHistoryEvent[] {
  const events: UsbHistoryEvent[] = [];
  const open = new Map<string, UsbHistoryEvent>();
  const atMs = (record: KmsgRecord) => Math.round(bootMs + record.usec / 1000);
  const begin = (busPath: string, record: KmsgRecord): UsbHistoryEvent => {
    const event: UsbHistoryEvent = {
      atMs: atMs(record),
      action: 'add',
      busPath,
      vendorId: null,
      productId: null,
      serial: null,
      manufacturer: null,
      product: null,
      drivers: [],
    };
    events.push(event);
    open.set(busPath, event);
    return event;
  };

  for (const record of records) {
    const { message } = record;
    let match = NEW_DEVICE.exec(message);
    if (match?.[1]) {
      begin(match[1], record);
      continue;
    }
    match = FOUND.exec(message);
    if (match?.[1]) {
      const current = open.get(match[1]);
      const event = current && current.vendorId === null ? current : begin(match[1], record);
      event.vendorId = (match[2] ?? '').toLowerCase();
      event.productId = (match[3] ?? '').toLowerCase();
      continue;
    }
    match = STRING.exec(message);
    if (match?.[1]) {
      const event = open.get(match[1]);
      if (event) event[STRING_FIELD[match[2] as keyof typeof STRING_FIELD]] = (match[3] ?? '').trim();
      continue;
    }
    match = STORAGE_BOUND.exec(message);
    if (match?.[1] && match[2]) {
      const event = open.get(match[2]);
      if (event && !event.drivers.includes(match[1])) event.drivers.push(match[1]);
      continue;
    }
    match = DISCONNECT.exec(message);
    if (match?.[1]) {
      const added = open.get(match[1]);
      open.delete(match[1]);
      // The disconnect line names only the port: what left is what was last announced there.
      events.push({
        atMs: atMs(record),
        action: 'remove',
        busPath: match[1],
        vendorId: added?.vendorId ?? null,
        productId: added?.productId ?? null,
        serial: added?.serial ?? null,
        manufacturer: added?.manufacturer ?? null,
        product: added?.product ?? null,
        drivers: [...(added?.drivers ?? [])],
      });
    }
  }
  return events;
}
