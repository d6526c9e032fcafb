// Local accounts on Windows (Get-LocalUser). Windows never reveals whether a password is empty without
// trying to log on with one, so passwordState is read from what the account allows:
//   Enabled false              → "locked": nobody can log on with it.
//   PasswordRequired false     → "empty": the account may have, or be given, an empty password, which is
//                                what the rule forbids; it is the closest the facts can say honestly.
//   otherwise                  → "set".
// uid is the account's RID, the last part of its SID (500 Administrator, 501 Guest, 1000+ people).

import type { AccountFact, AccountsFacts, PasswordState } from '../../facts';
import type { Probe } from '../probe';
import { booleanOf, type JsonRecord, textOf } from '../windows/powershell-json';
import type { PowerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { windowsProbe } from '../windows/windows-probe';

export const ACCOUNT_COMMANDS = {
  users: {
    name: 'Get-LocalUser',
    // SID is an object; its .Value is the "S-1-5-21-…" string.
    script: toJson(
      'Get-LocalUser | Select-Object Name, Enabled, PasswordRequired, @{ Name = "SID"; Expression = { $_.SID.Value } }',
    ),
  },
} as const;

export function windowsAccountsProbe(run?: PowerShellRunner): Probe<'accounts'> {
  return windowsProbe(
    {
      fact: 'accounts',
      source: 'Get-LocalUser',
      commands: ACCOUNT_COMMANDS,
      build: (records): AccountsFacts => ({ accounts: records.users.flatMap(account) }),
    },
    run,
  );
}

function account(record: JsonRecord): AccountFact[] {
  const name = textOf(record, 'Name');
  if (name === null) return [];
  const rid = textOf(record, 'SID')?.match(/-(\d+)$/)?.[1];
  return [
    { name, uid: rid === undefined ? null : Number(rid), passwordState: passwordState(record), shell: null },
  ];
}

function passwordState(record: JsonRecord): PasswordState {
  if (booleanOf(record, 'Enabled') === false) return 'locked';
  if (booleanOf(record, 'PasswordRequired') === false) return 'empty';
  return 'set';
}
