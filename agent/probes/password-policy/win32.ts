// Password rules on Windows from `secedit /export /mergedpolicy` (the local policy merged with what domain
// Group Policy set: what Windows enforces) and Get-LocalUser (which accounts' passwords never expire).
//
// Why secedit and not `net accounts`: secedit's keys are the same on every language of Windows, while
// `net accounts` prints localised labels ("Minimum password length" / "密码长度最小值") in the console's code
// page, and it says nothing of complexity or smart-card logon. secedit needs administrator rights, which
// the agent's service (LocalSystem) has; run by a user it fails, and every setting is then an error.
//
// The export goes to a temporary file (secedit writes nowhere else), read back as UTF-16 text and removed in
// a finally, so that a failing read leaves nothing behind.
//
// Maximum age per account: an enabled account gets MaximumPasswordAge unless its password never expires
// (PasswordExpires is null: the account's "password never expires" flag, or no maximum at all). Disabled
// accounts cannot log in and are left out.

import type {
  EnforcedValue,
  FailedLoginLockout,
  HardwareTokenModule,
  PasswordAgeFact,
  PasswordPolicyFacts,
  PasswordSettingReading,
} from '../../facts';
import type { Probe } from '../probe';
import { booleanOf, type JsonRecord, textOf } from '../windows/powershell-json';
import type { PowerShellRunner } from '../windows/powershell-runner';
import { toJson } from '../windows/read-commands';
import { windowsProbe } from '../windows/windows-probe';
import { type InfSections, parseInf, registryDword, systemAccessNumber } from './secedit-inf';

const SECEDIT = 'secedit /export';

export const PASSWORD_POLICY_COMMANDS = {
  secedit: {
    name: SECEDIT,
    script:
      '$file = Join-Path $env:TEMP ("shoumi-secedit-" + [guid]::NewGuid().ToString() + ".inf"); ' +
      'try { $null = & secedit.exe /export /mergedpolicy /areas SECURITYPOLICY /cfg $file /quiet; ' +
      'if ($LASTEXITCODE -ne 0) { throw "secedit.exe /export exited with $LASTEXITCODE" }; ' +
      'ConvertTo-Json -Compress -InputObject @([pscustomobject]@{ Inf = (Get-Content -LiteralPath $file -Raw -Encoding Unicode) }) } ' +
      'finally { Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue }',
  },
  users: {
    name: 'Get-LocalUser (password expiry)',
    script: toJson(
      'Get-LocalUser | Select-Object Name, Enabled, @{ Name = "PasswordNeverExpires"; Expression = { $null -eq $_.PasswordExpires } }',
    ),
  },
} as const;

export function windowsPasswordPolicyProbe(run?: PowerShellRunner): Probe<'passwordPolicy'> {
  return windowsProbe(
    {
      fact: 'passwordPolicy',
      source: `${SECEDIT}, Get-LocalUser`,
      commands: PASSWORD_POLICY_COMMANDS,
      build: (records) => passwordPolicyFromSecedit(records.secedit, records.users),
    },
    run,
  );
}

type Reading<T> = PasswordSettingReading<T>;

export function passwordPolicyFromSecedit(
  secedit: readonly JsonRecord[],
  users: readonly JsonRecord[],
): PasswordPolicyFacts {
  const inf = secedit[0] ? textOf(secedit[0], 'Inf') : null;
  const sections = inf === null ? null : parseInf(inf);
  const missing = (key: string) => ({
    ok: false as const,
    reason:
      sections === null
        ? `${SECEDIT} printed no security template`
        : `the ${SECEDIT} template has no [System Access] ${key}`,
  });
  const setting = <T>(key: string, read: (value: number) => T): Reading<T> => {
    const value = sections === null ? null : systemAccessNumber(sections, key);
    return value === null ? missing(key) : { ok: true, value: read(value) };
  };

  const minLength = setting<EnforcedValue | null>('MinimumPasswordLength', (value) =>
    value > 0 ? { value, source: `${SECEDIT} MinimumPasswordLength ${value}` } : null,
  );
  const minClasses = setting<EnforcedValue | null>('PasswordComplexity', (value) =>
    value === 1
      ? { value: 3, source: `${SECEDIT} PasswordComplexity 1 (three of four character categories)` }
      : null,
  );
  const lockout = lockoutOf(sections, missing);
  const passwordAges = setting<PasswordAgeFact[]>('MaximumPasswordAge', (days) =>
    users.flatMap((user): PasswordAgeFact[] => {
      const name = textOf(user, 'Name');
      if (name === null || booleanOf(user, 'Enabled') === false) return [];
      const neverExpires = booleanOf(user, 'PasswordNeverExpires') !== false;
      return [
        {
          account: name,
          maxAgeDays: neverExpires || days <= 0 ? null : days,
          source: neverExpires
            ? `Get-LocalUser ${name}: PasswordExpires empty (never expires)`
            : `${SECEDIT} MaximumPasswordAge ${days}`,
        },
      ];
    }),
  );
  return {
    minLength,
    minClasses,
    lockout,
    passwordAges,
    hardwareTokens: sections === null ? missing('template') : { ok: true, value: smartCardLogon(sections) },
    sources: [`${SECEDIT} /mergedpolicy /areas SECURITYPOLICY`, 'Get-LocalUser'],
    notes: [],
  };
}

function lockoutOf(
  sections: InfSections | null,
  missing: (key: string) => { ok: false; reason: string },
): Reading<FailedLoginLockout | null> {
  const attempts = sections === null ? null : systemAccessNumber(sections, 'LockoutBadCount');
  if (attempts === null) return missing('LockoutBadCount');
  if (attempts <= 0) return { ok: true, value: null };
  const minutes = systemAccessNumber(sections!, 'LockoutDuration');
  if (minutes === null) return missing('LockoutDuration');
  return {
    ok: true,
    value: {
      attempts,
      unlockSeconds: minutes <= 0 ? 0 : minutes * 60,
      source: `${SECEDIT} LockoutBadCount ${attempts}, LockoutDuration ${minutes}`,
    },
  };
}

function smartCardLogon(sections: InfSections): HardwareTokenModule[] {
  const option = registryDword(sections, 'ScForceOption');
  if (option === null) return [];
  return [
    {
      module: 'ScForceOption (Interactive logon: require smart card)',
      at: `${SECEDIT} [Registry Values] ${option.path}`,
      control: String(option.value),
      required: option.value === 1,
      notRequiredBecause:
        option.value === 1 ? null : `ScForceOption is ${option.value}: smart card not required`,
    },
  ];
}
