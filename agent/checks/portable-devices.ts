// 3.7.4: a phone or camera is a removable medium too, and a personal one, in every mode in which it moves
// data: MTP and PTP (files), adb and fastboot (Android debugging: `adb pull` copies files as freely as MTP),
// Apple's usbmux (iTunes, Finder, libimobiledevice), USB tethering (RNDIS, ECM, NCM, Apple's ipheth),
// mass storage, and the vendor-specific interfaces of phone makers (HiSuite, Kies, download modes).
//
// What counts, and in which order, is data in the policy (params of usb-phone-camera-absent, schema in
// policies/rule-params.ts): each entry names a mode and an interface class triple ("ff/42/01", "*" for any
// part) or a word of the interface string ("MTP"), and the vendors it holds for — any vendor, the phone
// makers of `phone_vendor_ids`, or a list. Interfaces that every USB Ethernet adapter, stick or printer
// has too (ECM, NCM, mass storage, ff) hold only for phone makers. The first entry that matches an
// interface of a device names its mode in the evidence (`mode: "adb"`, `matchedBy: "interface ff/42/01"`);
// `modes` lists every mode that matched.
//
// Overlaps, on purpose: a tethering phone also fails usb-network-adapter-absent, and a phone's mass-storage
// interface fails the usb-storage rules; each rule says what it is about. One exception: a device whose
// only phone-like trait is the mass-storage interface of a phone maker, and that the ledger registers as a
// medium (a Samsung portable SSD, say), is the office's medium, judged by the storage rules alone.

import { reasonOf } from '../../policies/messages/reason-catalogue';
import {
  type PhoneCameraParams,
  type PhoneMode,
  type PhoneModeMatch,
  phoneCameraParams,
} from '../../policies/rule-params';
import type { UsbDeviceFact, UsbInterfaceFact } from '../facts';
import type { Check, CheckContext, CheckOutcome } from './check';
import { findMedium } from './removable-media';

const RULE_ID = 'usb-phone-camera-absent';

export interface PhoneModeFound {
  mode: PhoneMode;
  /** "interface ff/42/01", "interface 08/06/50 of phone vendor 04e8", "interface string \"MTP\"". */
  matchedBy: string;
  face: UsbInterfaceFact;
}

const tripleOf = (face: UsbInterfaceFact) =>
  `${face.interfaceClass}/${face.interfaceSubClass}/${face.interfaceProtocol}`;

function tripleMatches(pattern: string, triple: string): boolean {
  const wanted = pattern.split('/');
  return triple.split('/').every((part, index) => wanted[index] === '*' || wanted[index] === part);
}

/** A whole word of the interface string, case-insensitive ("MTP" in "MTP", "Android MTP", not "MTPX"). */
function containsWord(text: string, word: string): boolean {
  const lowerText = text.toLowerCase();
  const lowerWord = word.toLowerCase();
  const isWordCharacter = (character: string | undefined) =>
    character !== undefined && /[\p{L}\p{N}_]/u.test(character);
  for (let at = lowerText.indexOf(lowerWord); at !== -1; at = lowerText.indexOf(lowerWord, at + 1)) {
    if (!isWordCharacter(lowerText[at - 1]) && !isWordCharacter(lowerText[at + lowerWord.length]))
      return true;
  }
  return false;
}

function vendorHolds(entry: PhoneModeMatch, vendorId: string, phoneVendors: ReadonlySet<string>): boolean {
  if (entry.vendors === 'any') return true;
  if (entry.vendors === 'phone') return phoneVendors.has(vendorId);
  return entry.vendors.includes(vendorId);
}

function matchedByText(entry: PhoneModeMatch, face: UsbInterfaceFact, vendorId: string): string {
  if (entry.interface_name !== undefined) return `interface string "${face.interfaceName}"`;
  const triple = `interface ${tripleOf(face)}`;
  if (entry.vendors === 'any') return triple;
  return entry.vendors === 'phone'
    ? `${triple} of phone vendor ${vendorId}`
    : `${triple} of vendor ${vendorId}`;
}

/**
 * Every mode in which this device moves data, in the policy's order of precedence. Each interface belongs
 * to the first entry that matches it (the adb interface ff/42/01 is adb, not also "vendor-specific"); each
 * mode is reported once, at its first interface. Pure: the table tests call it with hand-written interfaces.
 */
export function phoneModes(
  device: UsbDeviceFact,
  modes: readonly PhoneModeMatch[],
  phoneVendorIds: readonly string[],
): PhoneModeFound[] {
  const phoneVendors = new Set(phoneVendorIds);
  const vendorId = device.vendorId.toLowerCase();
  const triples = device.interfaces.map(tripleOf);
  const holds = modes.map(
    (entry) =>
      vendorHolds(entry, vendorId, phoneVendors) &&
      !(entry.not_beside ?? []).some((pattern) => triples.some((triple) => tripleMatches(pattern, triple))),
  );
  const claims = device.interfaces.flatMap((face) => {
    const index = modes.findIndex(
      (entry, at) =>
        holds[at] &&
        (entry.interface_name !== undefined
          ? face.interfaceName !== null && containsWord(face.interfaceName, entry.interface_name)
          : tripleMatches(entry.interface!, tripleOf(face))),
    );
    return index === -1 ? [] : [{ index, face }];
  });
  claims.sort((a, b) => a.index - b.index);
  const found: PhoneModeFound[] = [];
  for (const { index, face } of claims) {
    const entry = modes[index]!;
    if (found.some((already) => already.mode === entry.mode)) continue;
    found.push({ mode: entry.mode, matchedBy: matchedByText(entry, face, vendorId), face });
  }
  return found;
}

function judgeDevice(
  device: UsbDeviceFact,
  params: PhoneCameraParams,
  context: CheckContext,
): CheckOutcome | null {
  let found = phoneModes(device, params.modes, params.phone_vendor_ids);
  const onlyStorage = found.every((match) => match.mode === 'mass-storage');
  if (found.length > 0 && onlyStorage && findMedium(device, context.ledger.media) !== undefined) found = [];
  const [first] = found;
  if (first === undefined) return null;
  const ids = `${device.vendorId}:${device.productId}`;
  const serial = device.serial?.trim() || null;
  return {
    ruleId: RULE_ID,
    // As for storage: ids and serial follow the phone from port to port; without a serial, the port.
    subject: serial === null ? `${ids}:(no serial, port ${device.busPath})` : `${ids}:${serial}`,
    status: 'fail',
    evidence: {
      ids,
      manufacturer: device.manufacturer,
      product: device.product,
      serial,
      busPath: device.busPath,
      mode: first.mode,
      matchedBy: first.matchedBy,
      interface: first.face.name,
      driver: first.face.driver,
      modes: found.map((match) => ({
        mode: match.mode,
        matchedBy: match.matchedBy,
        interface: match.face.name,
      })),
    },
    reason: reasonOf('portable-devices.attached', {
      ids,
      product: device.product ?? 'unnamed',
      busPath: device.busPath,
      modes: found.map((match) => match.mode).join(', '),
      matchedBy: first.matchedBy,
    }),
  };
}

export const portableDevicesCheck: Check = {
  family: 'portable-devices',
  ruleIds: [RULE_ID],
  needs: ['usb'],
  judge(facts, context) {
    const rule = context.rules.get(RULE_ID);
    if (!rule) return [];
    if (!facts.usb.ok) throw new Error('engine ran portable-devices without USB facts');
    const params = phoneCameraParams.parse(rule.params);
    const devices = facts.usb.facts.devices;
    const outcomes = devices.flatMap((device) => judgeDevice(device, params, context) ?? []);
    if (outcomes.length === 0) {
      outcomes.push({
        ruleId: RULE_ID,
        subject: '',
        status: 'pass',
        evidence: { usbDevicesExamined: devices.length },
        reason: reasonOf('portable-devices.none', { devices: String(devices.length) }),
      });
    }
    return outcomes;
  },
};
