// One asset number, one device (台帐, 3.7.2): the SQLite half of the rule, race-free because SQLite has one
// writer at a time and a trigger runs inside the writing statement. Triggers rather than a UNIQUE index: a
// database written before migration 10 may already hold two devices with one number, and a unique index
// could not be created over them; the migration must not fail or drop stored data. The triggers refuse
// every new write that would make a clash (a new device with a taken number, a number changed to a taken
// one) and let an existing pair stand until someone renumbers one of them; `shoumictl ledger check` and the
// import's refusal name such pairs. An empty asset number means "not numbered yet" and is never a clash.
import { assetNumberTakenError as assetNumberTaken } from '../asset-number-taken';

/**
 * The word migration 10's triggers abort with when a write would give one asset number to two devices. The
 * use cases check this first (collector/ledger/ledger-rules.ts) and name the device; the triggers catch the
 * race of two admins writing the same number at once, which the check alone cannot.
 */
const ASSET_NUMBER_TAKEN = 'shoumi: asset number already held by another device';

/** The trigger's abort as the store's refusal; any other error unchanged. */
export function assetNumberTakenError(error: unknown): unknown {
  if (error instanceof Error && error.message.includes(ASSET_NUMBER_TAKEN)) return assetNumberTaken();
  return error;
}

/** IF NOT EXISTS: a database taken back to an older version by hand (as the migration tests do) migrates again. */
export const ASSET_NUMBER_TRIGGERS_SQL = `
      CREATE INDEX IF NOT EXISTS devices_by_asset_number ON devices (asset_number) WHERE asset_number <> '';
      CREATE TRIGGER IF NOT EXISTS devices_asset_number_unique_on_insert BEFORE INSERT ON devices
        WHEN NEW.asset_number <> '' AND EXISTS (SELECT 1 FROM devices WHERE asset_number = NEW.asset_number)
      BEGIN
        SELECT RAISE(ABORT, '${ASSET_NUMBER_TAKEN}');
      END;
      CREATE TRIGGER IF NOT EXISTS devices_asset_number_unique_on_update BEFORE UPDATE OF asset_number ON devices
        WHEN NEW.asset_number <> '' AND NEW.asset_number IS NOT OLD.asset_number
          AND EXISTS (SELECT 1 FROM devices WHERE asset_number = NEW.asset_number AND device_id <> NEW.device_id)
      BEGIN
        SELECT RAISE(ABORT, '${ASSET_NUMBER_TAKEN}');
      END;`;
