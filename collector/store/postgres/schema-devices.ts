// Tables of the devices role (ledger history, media, sightings): filled in by that role's work.
export const DEVICES_SCHEMA: readonly string[] = [];
