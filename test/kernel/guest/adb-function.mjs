// A phone with USB debugging on and nothing else, as the host sees it: a FunctionFS function (usb_f_fs)
// with the one interface Android's adbd describes — class ff, subclass 42, protocol 01 (AOSP adb.h
// ADB_CLASS/ADB_SUBCLASS/ADB_PROTOCOL), named "ADB Interface", with a bulk OUT and a bulk IN endpoint, at
// full and high speed (64 and 512 byte packets) — the layout adbd writes to ep0 (AOSP adbd usb_ffs.cpp).
//
// Run in the guest (it has node) as `node adb-function.mjs MOUNT`, where MOUNT is the functionfs mount of
// the function (configfs functions/ffs.NAME, `mount -t functionfs NAME MOUNT`). Writes the v2 descriptors
// and the strings to MOUNT/ep0 (include/uapi/linux/usb/functionfs.h), prints "ready" — the gadget may then
// be bound to a UDC — and keeps ep0 open until killed: closing it takes the function away. Nothing speaks
// adb behind it; the host's enumeration is all the test needs.
import { openSync, writeSync } from 'node:fs';
import path from 'node:path';

const mount = process.argv[2];
if (!mount) {
  console.error('usage: node adb-function.mjs FUNCTIONFS_MOUNT');
  process.exit(2);
}

const DESCRIPTORS_MAGIC_V2 = 3;
const STRINGS_MAGIC = 2;
const HAS_FS_DESC = 1;
const HAS_HS_DESC = 2;

// Interface descriptor (USB 2.0 §9.6.5): bLength, bDescriptorType 4, bInterfaceNumber, bAlternateSetting,
// bNumEndpoints 2, class ff, subclass 42, protocol 01, iInterface 1 (the first string below).
const adbInterface = [9, 4, 0, 0, 2, 0xff, 0x42, 0x01, 1];
// Endpoint descriptor (§9.6.6): bLength 7, bDescriptorType 5, address, bulk (2), wMaxPacketSize LE, bInterval.
const bulk = (address, maxPacket) => [7, 5, address, 2, maxPacket & 0xff, maxPacket >> 8, 0];
const fullSpeed = [...adbInterface, ...bulk(0x01, 64), ...bulk(0x82, 64)];
const highSpeed = [...adbInterface, ...bulk(0x01, 512), ...bulk(0x82, 512)];

function descriptors() {
  const head = Buffer.alloc(20);
  const body = Buffer.from([...fullSpeed, ...highSpeed]);
  head.writeUInt32LE(DESCRIPTORS_MAGIC_V2, 0);
  head.writeUInt32LE(head.length + body.length, 4);
  head.writeUInt32LE(HAS_FS_DESC | HAS_HS_DESC, 8);
  head.writeUInt32LE(3, 12); // full-speed descriptors: interface + 2 endpoints
  head.writeUInt32LE(3, 16); // high-speed descriptors
  return Buffer.concat([head, body]);
}

function strings() {
  const text = Buffer.from('ADB Interface\0', 'ascii');
  const head = Buffer.alloc(18);
  head.writeUInt32LE(STRINGS_MAGIC, 0);
  head.writeUInt32LE(head.length + text.length, 4);
  head.writeUInt32LE(1, 8); // str_count
  head.writeUInt32LE(1, 12); // lang_count
  head.writeUInt16LE(0x0409, 16); // en-US
  return Buffer.concat([head, text]);
}

const ep0 = openSync(path.join(mount, 'ep0'), 'r+');
// Each block must be one write(2): the kernel parses what a single write hands it.
writeSync(ep0, descriptors());
writeSync(ep0, strings());
console.log('ready');
// Kept open (and the process alive) until the test kills it.
setInterval(() => {}, 1 << 30);
process.on('SIGTERM', () => process.exit(0));
