// Which registered media a device's ledger slice holds, decided apart from where media are kept. A medium
// bound to devices (by id) or to a department is registered for those only: on any other device it reads as
// unregistered, so the agent there judges it as it would judge a stranger's stick. A medium bound to neither
// is registered for every device.
import type { LedgerSlice, RegisteredMedium } from '../../policies/model';
import type { LedgerFields, MediumRecord } from './store';

/** A device's own part of its ledger slice; a device not in the ledger yet reads as its row's defaults. */
export interface DeviceLedgerFacts {
  classification: LedgerFields['classification'];
  assetNumber: string;
  department: string;
  allowedNetworks: string[];
}

/** What a device that has no row reads as: the defaults a new row is created with. */
export const NO_LEDGER_FACTS: Readonly<DeviceLedgerFacts> = {
  classification: null,
  assetNumber: '',
  department: '',
  allowedNetworks: [],
};

/** The fields an agent judges by (what goes into its ledger slice). */
export function registeredMedium(record: MediumRecord): RegisteredMedium {
  const { serial, vendorId, productId, classification, status, assetNumber, responsiblePerson } = record;
  return { serial, vendorId, productId, classification, status, assetNumber, responsiblePerson };
}

export function mediaRegisteredFor(
  media: readonly MediumRecord[],
  deviceId: string,
  department: string,
): RegisteredMedium[] {
  return media
    .filter(
      (medium) =>
        (medium.boundDeviceIds.length === 0 && medium.boundDepartment === '') ||
        medium.boundDeviceIds.includes(deviceId) ||
        (medium.boundDepartment !== '' && medium.boundDepartment === department),
    )
    .map(registeredMedium);
}

/** The slice read afresh from a device's facts and the whole media table. */
export function ledgerSliceOf(
  facts: DeviceLedgerFacts,
  media: readonly MediumRecord[],
  deviceId: string,
): LedgerSlice {
  return {
    classification: facts.classification,
    assetNumber: facts.assetNumber,
    media: mediaRegisteredFor(media, deviceId, facts.department),
    allowedNetworks: facts.allowedNetworks,
  };
}

/**
 * The media table read once for many slices. The media arrays are shared: a device that no medium names by
 * id gets its department's array, built once per department.
 */
export interface MediaIndex {
  all: readonly MediumRecord[];
  /** Devices some medium is bound to by id: their media are filtered for them alone. */
  namedDeviceIds: ReadonlySet<string>;
  byDepartment: Map<string, readonly RegisteredMedium[]>;
}

export function indexMedia(all: readonly MediumRecord[]): MediaIndex {
  return {
    all,
    namedDeviceIds: new Set(all.flatMap((medium) => medium.boundDeviceIds)),
    byDepartment: new Map(),
  };
}

/** Frozen: the arrays are shared between slices. */
export function mediaOf(
  index: MediaIndex,
  deviceId: string,
  department: string,
): readonly RegisteredMedium[] {
  if (index.namedDeviceIds.has(deviceId))
    return Object.freeze(mediaRegisteredFor(index.all, deviceId, department));
  let shared = index.byDepartment.get(department);
  if (shared === undefined) {
    // No medium names this device, so the filter depends on the department alone.
    shared = Object.freeze(mediaRegisteredFor(index.all, deviceId, department));
    index.byDepartment.set(department, shared);
  }
  return shared;
}
