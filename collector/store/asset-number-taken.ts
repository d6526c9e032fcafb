// The refusal both backends give when the database itself stops a write that would give one asset number to
// two devices (台帐, 3.7.2): the race of two admins (or two collectors) writing the same number at once,
// which the use cases' own check (collector/ledger/ledger-rules.ts) cannot see. SQLite's triggers and
// PostgreSQL's unique index each recognise their own error and answer with this one.
import { InvalidStoreInputError } from './store-errors';

export function assetNumberTakenError(): InvalidStoreInputError {
  return new InvalidStoreInputError(
    '资产编号已属于台帐中另一设备（刚被同时写入）；未做任何更改 / an asset number of this write was given to another device at the same time; nothing was changed, try again to see which',
  );
}
