// 3.7.4: a phone or camera is a removable medium too, and a personal one: attached over MTP or PTP it holds
// and takes files like a stick, but never as a mass-storage interface, so usb-storage-registered does not
// see it. Known by its interfaces:
//   - class 06 "still image" (06/01/01 is PTP; cameras, and phones in PTP mode),
//   - an interface string naming MTP (sysfs `interface`): Android phones expose MTP as vendor-specific ff
//     (or as 06) with the string "MTP"; Windows and libmtp find them by that string, and so do we.

import type { UsbDeviceFact, UsbInterfaceFact } from '../facts';
import type { Check, CheckOutcome } from './check';

const RULE_ID = 'usb-phone-camera-absent';
const STILL_IMAGE_CLASS = '06';
const MTP_NAME = /\bMTP\b/i;

function portableInterface(device: UsbDeviceFact): { face: UsbInterfaceFact; matchedBy: string } | null {
  for (const face of device.interfaces) {
    if (face.interfaceName !== null && MTP_NAME.test(face.interfaceName))
      return { face, matchedBy: `interface string "${face.interfaceName}"` };
    if (face.interfaceClass === STILL_IMAGE_CLASS)
      return {
        face,
        matchedBy: `still-image class ${face.interfaceClass}/${face.interfaceSubClass}/${face.interfaceProtocol}`,
      };
  }
  return null;
}

export const portableDevicesCheck: Check = {
  family: 'portable-devices',
  ruleIds: [RULE_ID],
  needs: ['usb'],
  judge(facts, context) {
    if (!context.rules.has(RULE_ID)) return [];
    if (!facts.usb.ok) throw new Error('engine ran portable-devices without USB facts');
    const devices = facts.usb.facts.devices;
    const outcomes: CheckOutcome[] = [];
    for (const device of devices) {
      const match = portableInterface(device);
      if (match === null) continue;
      const ids = `${device.vendorId}:${device.productId}`;
      const serial = device.serial?.trim() || null;
      outcomes.push({
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
          interface: match.face.name,
          driver: match.face.driver,
          matchedBy: match.matchedBy,
        },
        reason: `phone or camera ${ids} (${device.product ?? 'unnamed'}) at ${device.busPath} is attached: ${match.matchedBy}`,
      });
    }
    if (outcomes.length === 0) {
      outcomes.push({
        ruleId: RULE_ID,
        subject: '',
        status: 'pass',
        evidence: { usbDevicesExamined: devices.length },
        reason: `no phone or camera (PTP/MTP) among ${devices.length} USB devices`,
      });
    }
    return outcomes;
  },
};
