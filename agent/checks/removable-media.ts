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

import { reasonOf } from '../../policies/messages/reason-catalogue';
import {
  CLASSIFICATION_ZH,
  CLASSIFICATIONS,
  type Classification,
  classificationRank,
  type RegisteredMedium,
} from '../../policies/model';
import type { UsbDeviceFact, UsbHistoryEvent } from '../facts';
import type { Check, CheckOutcome, FailingReason, Verdict } from './check';

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
        reason: reasonOf('removable-media.no-storage', { devices: String(devices.length) }),
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
      const outcome = (ruleId: string, verdict: Verdict) => {
        if (context.rules.has(ruleId)) outcomes.push({ ruleId, subject, evidence, ...verdict });
      };

      if (medium === undefined) {
        outcome(REGISTERED, {
          status: 'fail',
          reason:
            serial === null
              ? reasonOf('removable-media.no-serial', { ids, busPath: device.busPath })
              : reasonOf('removable-media.not-registered', { ids, serial }),
        });
        const notMatched = reasonOf('removable-media.not-matched', {});
        outcome(LEVEL, { status: 'not_applicable', reason: notMatched });
        outcome(STATUS, { status: 'not_applicable', reason: notMatched });
        continue;
      }

      const asset = medium.assetNumber;
      const level = levelName(medium.classification);
      outcome(REGISTERED, { status: 'pass', reason: reasonOf('removable-media.registered', { asset }) });
      if (classificationRank(medium.classification) < classificationRank(judgedHostLevel)) {
        outcome(LEVEL, {
          status: 'fail',
          reason:
            hostLevel === null
              ? reasonOf('removable-media.level-host-unknown', {
                  asset,
                  level,
                  judgedLevel: levelName(HIGHEST_LEVEL),
                })
              : reasonOf('removable-media.level-below-host', {
                  asset,
                  level,
                  hostLevel: levelName(hostLevel),
                }),
        });
      } else {
        outcome(LEVEL, {
          status: 'pass',
          reason: reasonOf('removable-media.level-ok', {
            asset,
            level,
            hostLevel: levelName(judgedHostLevel),
          }),
        });
      }
      if (medium.status === 'in_use') {
        outcome(STATUS, { status: 'pass', reason: reasonOf('removable-media.in-use', { asset }) });
      } else {
        const code =
          medium.status === 'lost' ? 'removable-media.lost-plugged-in' : 'removable-media.retired-plugged-in';
        outcome(STATUS, {
          status: 'fail',
          reason: reasonOf(code, { asset, responsible: medium.responsiblePerson }),
        });
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
type HistoryProblem =
  | { kind: 'unregistered' }
  | { kind: 'retired' | 'lost'; asset: string }
  | { kind: 'level-below'; asset: string; level: string; hostLevel: string };

function historyProblem(
  medium: RegisteredMedium | undefined,
  judgedHostLevel: Classification,
): HistoryProblem | null {
  if (medium === undefined) return { kind: 'unregistered' };
  if (medium.status !== 'in_use') return { kind: medium.status, asset: medium.assetNumber };
  if (classificationRank(medium.classification) < classificationRank(judgedHostLevel))
    return {
      kind: 'level-below',
      asset: medium.assetNumber,
      level: levelName(medium.classification),
      hostLevel: levelName(judgedHostLevel),
    };
  return null;
}

/** The failing reason: the problem, and when the log shows the medium last inserted (and removed, if it was). */
function historyFailure(
  problem: HistoryProblem,
  seen: { medium: string; product: string; insertedAt: string; since: string; times: string },
  removedAt: string | null,
): FailingReason {
  switch (problem.kind) {
    case 'unregistered':
      return removedAt === null
        ? reasonOf('removable-media-history.unregistered-attached', seen)
        : reasonOf('removable-media-history.unregistered-removed', { ...seen, removedAt });
    case 'retired':
      return removedAt === null
        ? reasonOf('removable-media-history.retired-attached', { ...seen, asset: problem.asset })
        : reasonOf('removable-media-history.retired-removed', { ...seen, asset: problem.asset, removedAt });
    case 'lost':
      return removedAt === null
        ? reasonOf('removable-media-history.lost-attached', { ...seen, asset: problem.asset })
        : reasonOf('removable-media-history.lost-removed', { ...seen, asset: problem.asset, removedAt });
    case 'level-below': {
      const { asset, level, hostLevel } = problem;
      return removedAt === null
        ? reasonOf('removable-media-history.level-below-attached', { ...seen, asset, level, hostLevel })
        : reasonOf('removable-media-history.level-below-removed', {
            ...seen,
            asset,
            level,
            hostLevel,
            removedAt,
          });
    }
  }
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
          reason: reasonOf('removable-media-history.none', { since }),
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
      const insertedAt = new Date(last?.added.atMs ?? 0).toISOString();
      const removedAt = last && last.removedAtMs !== null ? new Date(last.removedAtMs).toISOString() : null;
      outcomes.push(
        problem === null
          ? {
              ruleId: HISTORY,
              subject,
              status: 'pass',
              evidence,
              reason:
                removedAt === null
                  ? reasonOf('removable-media-history.registered-attached', { medium: subject, insertedAt })
                  : reasonOf('removable-media-history.registered-removed', {
                      medium: subject,
                      insertedAt,
                      removedAt,
                    }),
            }
          : {
              ruleId: HISTORY,
              subject,
              status: 'fail',
              evidence,
              reason: historyFailure(
                problem,
                {
                  medium: subject,
                  product: first.product ?? 'unnamed',
                  insertedAt,
                  since,
                  times: String(attachments.length),
                },
                removedAt,
              ),
            },
      );
    }
    return outcomes;
  },
};
