// The devices role on PostgreSQL (DeviceStore, LedgerStore, MediaStore, SightingStore but
// collectorFindingStatuses, which the findings role answers). Input is refused here, before any
// transaction, with the checks both backends share; each write is one transaction; the ledger slices are
// kept per write generation (../ledger-slice-cache.ts), so a write through another collector is seen.
import { invalidLedgerEntries } from '../ledger-import-plan';
import { LEDGER_SLICES_GENERATION, ledgerSliceCache } from '../ledger-slice-cache';
import { invalidLedgerFields, invalidMedium, invalidMediumStatus } from '../validate-input';
import { listDevices } from './device-listing';
import { getDevice, recordHelloInTransaction, touchDevicesInTransaction } from './devices';
import { lastSeenBatch } from './last-seen-batch';
import { deviceLedgerFacts, ledgerIdentities, updateLedgerInTransaction } from './ledger';
import { ledgerHistory } from './ledger-history';
import { dryRunImport, importLedgerInTransaction } from './ledger-import';
import { getMedium, listMedia, registerMediumInTransaction, setMediumStatusInTransaction } from './media';
import type { DevicesRole, RoleFactory } from './roles';
import {
  allMediumSightings,
  mediaSeenByDevice,
  mediumSightings,
  printerSightings,
  recordSightingsInTransaction,
  sightingsOfDevice,
} from './sightings';
import { readGeneration } from './write-generations';

export const devicesRole: RoleFactory<DevicesRole> = (context) => {
  // Heartbeats are gathered for a second and written as one statement (last-seen-batch.ts).
  const heartbeats = lastSeenBatch((lastSeen) =>
    context.transaction((client) => touchDevicesInTransaction(client, lastSeen)),
  );
  const read = () => {
    context.assertOpen();
    return context.pool;
  };
  const slices = ledgerSliceCache({
    generation: () => readGeneration(read(), LEDGER_SLICES_GENERATION),
    facts: (deviceId) => deviceLedgerFacts(read(), deviceId),
    media: () => listMedia(read()),
  });
  /** Runs `body` after `refusal` (a bad input's error, or null) let it. */
  const checked = async <T>(refusal: Error | null, body: () => Promise<T>): Promise<T> => {
    context.assertOpen();
    if (refusal !== null) throw refusal;
    return body();
  };
  return {
    close: () => heartbeats.flush(),
    methods: {
      recordHello: (hello, atMs) =>
        context.transaction((client) => recordHelloInTransaction(client, hello, atMs)),
      touchDevice: async (deviceId, atMs) => {
        context.assertOpen();
        return heartbeats.touch(deviceId, atMs);
      },
      getDevice: async (deviceId) => getDevice(read(), deviceId),
      listDevices: async (options) => listDevices(read(), options),
      updateLedger: (deviceId, fields, audit) =>
        checked(invalidLedgerFields(fields), () =>
          context.transaction((client) =>
            updateLedgerInTransaction(client, deviceId, fields, audit, Date.now()),
          ),
        ),
      ledgerSlice: async (deviceId) => {
        context.assertOpen();
        return slices.slice(deviceId);
      },
      ledgerHistory: async (deviceId, limit) => ledgerHistory(read(), deviceId, limit),
      ledgerIdentities: async (query) => ledgerIdentities(read(), query),
      importLedger: (entries, detail, audit, options) =>
        checked(invalidLedgerEntries(entries), () =>
          options.dryRun
            ? dryRunImport(read(), entries)
            : context.transaction((client) =>
                importLedgerInTransaction(client, entries, detail, audit, Date.now()),
              ),
        ),
      registerMedium: (medium, audit) =>
        checked(invalidMedium(medium), () =>
          context.transaction((client) => registerMediumInTransaction(client, medium, audit, Date.now())),
        ),
      listMedia: async () => listMedia(read()),
      getMedium: async (key) => getMedium(read(), key),
      setMediumStatus: (key, status, note, audit) =>
        checked(invalidMediumStatus(status), () =>
          context.transaction((client) =>
            setMediumStatusInTransaction(client, key, status, note, audit, Date.now()),
          ),
        ),
      recordSightings: (deviceId, seen, atMs) =>
        context.transaction((client) => recordSightingsInTransaction(client, deviceId, seen, atMs)),
      mediumSightings: async (key) => mediumSightings(read(), key),
      printerSightings: async (printer) => printerSightings(read(), printer),
      allMediumSightings: async () => allMediumSightings(read()),
      sightingsOfDevice: async (deviceId) => sightingsOfDevice(read(), deviceId),
      mediaSeenByDevice: async (deviceId, limit) => mediaSeenByDevice(read(), deviceId, limit),
    } as DevicesRole,
  };
};
