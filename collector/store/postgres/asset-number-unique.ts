// One asset number, one device (台帐, 3.7.2), on PostgreSQL: the unique partial index of schema-core.ts
// refuses the second holder whichever collector writes it, and a writer racing another waits for it and
// then fails. That failure is answered as SQLite answers its triggers' (../asset-number-taken.ts).
import { assetNumberTakenError } from '../asset-number-taken';

const UNIQUE_VIOLATION = '23505';
const ASSET_NUMBER_INDEX = 'devices_asset_number_unique';

/** The unique index's refusal as the store's; any other error unchanged. */
export function asAssetNumberTaken(error: unknown): unknown {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === UNIQUE_VIOLATION && constraint === ASSET_NUMBER_INDEX ? assetNumberTakenError() : error;
}
