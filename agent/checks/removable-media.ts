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
//
// usb-storage-history-registered judges what the kernel log says was attached since boot, plugged in now or
// not: a stick inserted, copied to and pulled out between two sweeps is caught there. It is its own check
// (below) because its fact, the kernel log, is root-only: the engine turns an unreadable fact into `error`
// for every rule of the check that needs it, and the three rules above must not go dark with it.

import {
  CLASSIFICATION_ZH,
  CLASSIFICATIONS,
  type Classification,
  classificationRank,
  type RegisteredMedium,
} from '../../policies/model';
import type { UsbDeviceFact, UsbHistoryEvent } from '../facts';
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

type MediumIdentity = Pick<UsbDeviceFact, 'vendorId' | 'productId' | 'serial'>;

/** The ledger's medium for this device: vendor and product ids and the (trimmed) serial all equal. */
export function findMedium(
  device: MediumIdentity,
  media: readonly RegisteredMedium[],
): RegisteredMedium | undefined {
  const serial = device.serial?.trim();
  if (!serial) return undefined;
  return media.find(
    (medium) =>
      medium.vendorId.toLowerCase() === device.vendorId.toLowerCase() &&
      medium.productId.toLowerCase() === device.productId.toLowerCase() &&
      medium.serial.trim() === serial,
  );
}

/** One subject per medium: ids and serial follow it from port to port; without a serial, the port. */
function mediumSubject(ids: string, serial: string | null, busPath: string): string {
  return serial === null ? `${ids}:(no serial, port ${busPath})` : `${ids}:${serial}`;
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
        reason: `no USB storage device among ${devices.length} USB devices`,
      }));
    }

    const outcomes: CheckOutcome[] = [];
    for (const device of storage) {
      const serial = device.serial?.trim() || null;
      const ids = `${device.vendorId}:${device.productId}`;
      const subject = mediumSubject(ids, serial, device.busPath);
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

const HISTORY = 'usb-storage-history-registered';
/** Drivers that bind to USB mass storage and say so in the log with the interface they took. */
const STORAGE_DRIVERS = /^(usb-storage|uas|ums-\w+)$/;

interface Attachment {
  added: UsbHistoryEvent;
  removedAtMs: number | null;
}

/** Each storage insertion in the log, paired with the removal that followed it at the same port. */
function storageAttachments(events: readonly UsbHistoryEvent[]): Attachment[] {
  const attachments: Attachment[] = [];
  for (const [index, event] of events.entries()) {
    if (event.action !== 'add' || !event.drivers.some((driver) => STORAGE_DRIVERS.test(driver))) continue;
    const removal = events
      .slice(index + 1)
      .find((later) => later.busPath === event.busPath && later.action === 'remove');
    attachments.push({ added: event, removedAtMs: removal?.atMs ?? null });
  }
  return attachments;
}

/** Why a logged medium is not acceptable on this computer, or null when it is. */
function historyProblem(
  medium: RegisteredMedium | undefined,
  judgedHostLevel: Classification,
): string | null {
  if (medium === undefined) return 'is not a registered medium';
  if (medium.status !== 'in_use')
    return `is registered as ${medium.assetNumber} but recorded as ${medium.status}`;
  if (classificationRank(medium.classification) < classificationRank(judgedHostLevel))
    return `is registered as ${medium.assetNumber} at ${levelName(medium.classification)}, below ${levelName(judgedHostLevel)}`;
  return null;
}

export const usbStorageHistoryCheck: Check = {
  family: 'removable-media-history',
  ruleIds: [HISTORY],
  needs: ['usbHistory'],
  judge(facts, context) {
    if (!context.rules.has(HISTORY)) return [];
    if (!facts.usbHistory.ok) throw new Error('engine ran removable-media-history without the kernel log');
    const { events, coversFromMs } = facts.usbHistory.facts;
    const judgedHostLevel = context.ledger.classification ?? HIGHEST_LEVEL;
    const since = new Date(coversFromMs).toISOString();
    const bySubject = new Map<string, Attachment[]>();
    for (const attachment of storageAttachments(events)) {
      const { vendorId, productId, serial, busPath } = attachment.added;
      const subject = mediumSubject(
        `${vendorId ?? '????'}:${productId ?? '????'}`,
        serial?.trim() || null,
        busPath,
      );
      bySubject.set(subject, [...(bySubject.get(subject) ?? []), attachment]);
    }
    if (bySubject.size === 0) {
      return [
        {
          ruleId: HISTORY,
          subject: '',
          status: 'pass',
          evidence: { logCoversFrom: since, usbEventsExamined: events.length, storageAttachments: 0 },
          reason: `no USB storage in the kernel log since ${since}`,
        },
      ];
    }
    const outcomes: CheckOutcome[] = [];
    for (const [subject, attachments] of bySubject) {
      const first = attachments[0]?.added;
      if (first === undefined) continue;
      const ids = `${first.vendorId ?? '????'}:${first.productId ?? '????'}`;
      const medium =
        first.vendorId && first.productId
          ? findMedium(
              { vendorId: first.vendorId, productId: first.productId, serial: first.serial },
              context.ledger.media,
            )
          : undefined;
      const problem = historyProblem(medium, judgedHostLevel);
      const evidence = {
        ids,
        serial: first.serial,
        manufacturer: first.manufacturer,
        product: first.product,
        attachments: attachments.map(({ added, removedAtMs }) => ({
          busPath: added.busPath,
          insertedAt: new Date(added.atMs).toISOString(),
          removedAt: removedAtMs === null ? null : new Date(removedAtMs).toISOString(),
          drivers: added.drivers,
        })),
        ledgerEntry: medium ?? null,
        hostClassification: context.ledger.classification,
        logCoversFrom: since,
      };
      const last = attachments[attachments.length - 1];
      const when =
        last && last.removedAtMs !== null
          ? `inserted at ${new Date(last.added.atMs).toISOString()} and removed at ${new Date(last.removedAtMs).toISOString()}`
          : `inserted at ${new Date(last?.added.atMs ?? 0).toISOString()} and not removed since`;
      outcomes.push(
        problem === null
          ? {
              ruleId: HISTORY,
              subject,
              status: 'pass',
              evidence,
              reason: `registered medium ${subject} ${when}`,
            }
          : {
              ruleId: HISTORY,
              subject,
              status: 'fail',
              evidence,
              reason: `USB storage ${ids} (${first.product ?? 'unnamed'})${first.serial ? ` serial ${first.serial}` : ', no serial,'} ${problem}; the kernel log shows it ${when}${attachments.length > 1 ? ` (${attachments.length} times since ${since})` : ''}`,
            },
      );
    }
    return outcomes;
  },
};
