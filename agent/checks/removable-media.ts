// 3.7.4: removable media may not cross between classified and non-classified computers, nor be used above
// their level. Every USB device with a mass-storage interface (sticks, disks, card readers) is matched to
// the ledger by vendor id, product id and serial, and judged by three rules:
//   usb-storage-registered           — it is in the ledger at all;
//   usb-storage-level-not-below-host — its level is at or above this computer's;
//   usb-storage-not-retired-or-lost  — its ledger status is in_use.
// The last two say not_applicable for a medium that is not matched: the first rule already fails for it.
//
// Host level unknown (the device is not in the ledger yet): judged as if the host were at the highest
// level, so only a top-secret medium passes. 3.7.3 manages a computer at the highest level it may hold,
// and an unknown level must not let a lower-level medium through.

import {
  CLASSIFICATION_ZH,
  CLASSIFICATIONS,
  type Classification,
  classificationRank,
  type RegisteredMedium,
} from '../../policies/model';
import type { UsbDeviceFact } from '../facts';
import type { Check, CheckOutcome } from './check';

const REGISTERED = 'usb-storage-registered';
const LEVEL = 'usb-storage-level-not-below-host';
const STATUS = 'usb-storage-not-retired-or-lost';
const MASS_STORAGE_INTERFACE_CLASS = '08';
const HIGHEST_LEVEL: Classification = CLASSIFICATIONS[0];

function isMassStorage(device: UsbDeviceFact): boolean {
  return device.interfaces.some(
    (usbInterface) => usbInterface.interfaceClass === MASS_STORAGE_INTERFACE_CLASS,
  );
}

function findMedium(device: UsbDeviceFact, media: readonly RegisteredMedium[]): RegisteredMedium | undefined {
  const serial = device.serial?.trim();
  if (!serial) return undefined;
  return media.find(
    (medium) =>
      medium.vendorId.toLowerCase() === device.vendorId.toLowerCase() &&
      medium.productId.toLowerCase() === device.productId.toLowerCase() &&
      medium.serial.trim() === serial,
  );
}

function levelName(level: Classification): string {
  return `${CLASSIFICATION_ZH[level]} (${level})`;
}

export const removableMediaCheck: Check = {
  family: 'removable-media',
  ruleIds: [REGISTERED, LEVEL, STATUS],
  needs: ['usb'],
  judge(facts, context) {
    if (!facts.usb.ok) throw new Error('engine ran removable-media without USB facts');
    const devices = facts.usb.facts.devices;
    const storage = devices.filter(isMassStorage);
    const activeRules = [REGISTERED, LEVEL, STATUS].filter((ruleId) => context.rules.has(ruleId));
    const hostLevel = context.ledger.classification;
    const judgedHostLevel = hostLevel ?? HIGHEST_LEVEL;

    if (storage.length === 0) {
      return activeRules.map((ruleId) => ({
        ruleId,
        subject: '',
        status: 'pass',
        evidence: { usbDevicesExamined: devices.length, massStorageDevices: 0 },
        reason: '',
      }));
    }

    const outcomes: CheckOutcome[] = [];
    for (const device of storage) {
      const serial = device.serial?.trim() || null;
      const ids = `${device.vendorId}:${device.productId}`;
      const subject = serial === null ? `${ids}:(no serial, port ${device.busPath})` : `${ids}:${serial}`;
      const medium = findMedium(device, context.ledger.media);
      const evidence = {
        ids,
        serial,
        manufacturer: device.manufacturer,
        product: device.product,
        busPath: device.busPath,
        blockDevices: device.blockDevices,
        ledgerEntry: medium ?? null,
        hostClassification: hostLevel,
      };
      const outcome = (ruleId: string, status: CheckOutcome['status'], reason: string) => {
        if (context.rules.has(ruleId)) outcomes.push({ ruleId, subject, status, evidence, reason });
      };

      if (medium === undefined) {
        outcome(
          REGISTERED,
          'fail',
          serial === null
            ? `USB storage ${ids} at ${device.busPath} reports no serial number, so it cannot be matched to a registered medium`
            : `USB storage ${ids} serial ${serial} is not a registered medium`,
        );
        const notMatched = 'not matched to a registered medium (see usb-storage-registered)';
        outcome(LEVEL, 'not_applicable', notMatched);
        outcome(STATUS, 'not_applicable', notMatched);
        continue;
      }

      outcome(REGISTERED, 'pass', '');
      if (classificationRank(medium.classification) < classificationRank(judgedHostLevel)) {
        outcome(
          LEVEL,
          'fail',
          hostLevel === null
            ? `medium ${medium.assetNumber} is ${levelName(medium.classification)}; this computer's level is not in the ledger yet, so it is judged as ${levelName(HIGHEST_LEVEL)}`
            : `medium ${medium.assetNumber} is ${levelName(medium.classification)}, below this computer's ${levelName(hostLevel)}`,
        );
      } else {
        outcome(LEVEL, 'pass', '');
      }
      if (medium.status === 'in_use') {
        outcome(STATUS, 'pass', '');
      } else {
        outcome(
          STATUS,
          'fail',
          `medium ${medium.assetNumber} (responsible: ${medium.responsiblePerson}) is recorded as ${medium.status} but is plugged in`,
        );
      }
    }
    return outcomes;
  },
};
