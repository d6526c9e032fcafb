// Against secedit exports and Get-LocalUser outputs written from Microsoft's documentation
// (test/fixtures/powershell/README.md): expected values by hand from those files.

import { describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { recordedPowerShell } from '../windows/recorded-powershell';
import { parseInf, registryDword, systemAccessNumber } from './secedit-inf';
import { windowsPasswordPolicyProbe } from './win32';

const COMMANDS = { secedit: 'secedit /export', users: 'Get-LocalUser (password expiry)' };

async function read(seceditFile: string, usersFile = 'get-localuser-password-expiry.json') {
  const { run } = recordedPowerShell({ [COMMANDS.secedit]: seceditFile, [COMMANDS.users]: usersFile });
  const result = await windowsPasswordPolicyProbe(run).read(machineRoot('/'));
  if (!result.ok) throw new Error(result.reason);
  return result.facts;
}

describe('secedit INF', () => {
  it('reads [System Access] numbers and [Registry Values] DWORDs, ignoring BOM, CRLF and comments', () => {
    const sections = parseInf(
      '\uFEFF[Unicode]\r\nUnicode=yes\r\n; comment\r\n[System Access]\r\nMinimumPasswordLength = 10\r\n' +
        'NewGuestName = "Guest"\r\n[Registry Values]\r\n' +
        'MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\ScForceOption=4,1\r\n',
    );
    expect(systemAccessNumber(sections, 'MinimumPasswordLength')).toBe(10);
    expect(systemAccessNumber(sections, 'NewGuestName')).toBeNull();
    expect(systemAccessNumber(sections, 'LockoutBadCount')).toBeNull();
    expect(registryDword(sections, 'scforceoption')).toEqual({
      path: 'MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\ScForceOption',
      value: 1,
    });
  });
});

describe('windows password policy probe', () => {
  it('Windows as installed: no minimum, no complexity, no lockout, 42-day passwords', async () => {
    const facts = await read('secedit-export-default.json');
    expect(facts.minLength).toEqual({ ok: true, value: null });
    expect(facts.minClasses).toEqual({ ok: true, value: null });
    expect(facts.lockout).toEqual({ ok: true, value: null });
    expect(facts.passwordAges).toEqual({
      ok: true,
      value: [
        { account: 'zhangwei', maxAgeDays: 42, source: 'secedit /export MaximumPasswordAge 42' },
        { account: '李娜', maxAgeDays: 42, source: 'secedit /export MaximumPasswordAge 42' },
      ],
    });
    expect(facts.hardwareTokens).toMatchObject({ ok: true, value: [{ required: false, control: '0' }] });
  });

  it('a policy set for 秘密: length 8, complexity (3 classes), lockout 5 for 30 minutes, 30-day passwords', async () => {
    const facts = await read('secedit-export-secret.json');
    expect(facts.minLength).toEqual({
      ok: true,
      value: { value: 8, source: 'secedit /export MinimumPasswordLength 8' },
    });
    expect(facts.minClasses).toMatchObject({ ok: true, value: { value: 3 } });
    expect(facts.lockout).toEqual({
      ok: true,
      value: {
        attempts: 5,
        unlockSeconds: 1800,
        source: 'secedit /export LockoutBadCount 5, LockoutDuration 30',
      },
    });
    expect(facts.passwordAges).toMatchObject({ ok: true, value: [{ maxAgeDays: 30 }, { maxAgeDays: 30 }] });
  });

  it('an account whose password never expires has no maximum age whatever the policy says', async () => {
    const facts = await read('secedit-export-secret.json', 'get-localuser-password-never-expires.json');
    expect(facts.passwordAges).toEqual({
      ok: true,
      value: [
        { account: 'zhangwei', maxAgeDays: 30, source: 'secedit /export MaximumPasswordAge 30' },
        {
          account: '李娜',
          maxAgeDays: null,
          source: 'Get-LocalUser 李娜: PasswordExpires empty (never expires)',
        },
      ],
    });
  });

  it('smart card required (ScForceOption 1); lockout duration -1 read as until an administrator unlocks', async () => {
    const facts = await read('secedit-export-smartcard.json');
    expect(facts.hardwareTokens).toEqual({
      ok: true,
      value: [
        {
          module: 'ScForceOption (Interactive logon: require smart card)',
          at: 'secedit /export [Registry Values] MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\Policies\\System\\ScForceOption',
          control: '1',
          required: true,
          notRequiredBecause: null,
        },
      ],
    });
    expect(facts.lockout).toMatchObject({ ok: true, value: { attempts: 5, unlockSeconds: 0 } });
    expect(facts.passwordAges).toMatchObject({
      ok: true,
      value: [{ maxAgeDays: null }, { maxAgeDays: null }],
    });
  });

  it('secedit failing (not run as administrator) fails the probe, naming the command', async () => {
    const { run } = recordedPowerShell({
      [COMMANDS.secedit]: {
        ok: false,
        reason: 'secedit /export: powershell.exe exited with 1: secedit.exe /export exited with 5',
      },
      [COMMANDS.users]: 'get-localuser-password-expiry.json',
    });
    const result = await windowsPasswordPolicyProbe(run).read(machineRoot('/'));
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringContaining('secedit.exe /export exited with 5'),
    });
  });

  it('a template without a setting makes that setting unreadable, not absent', async () => {
    const { run } = recordedPowerShell({
      [COMMANDS.secedit]: {
        ok: true,
        stdout: JSON.stringify([
          { Inf: '[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nPasswordComplexity = 1\r\n' },
        ]),
      },
      [COMMANDS.users]: 'get-localuser-password-expiry.json',
    });
    const result = await windowsPasswordPolicyProbe(run).read(machineRoot('/'));
    if (!result.ok) throw new Error(result.reason);
    expect(result.facts.minLength).toEqual({
      ok: false,
      reason: 'the secedit /export template has no [System Access] MinimumPasswordLength',
    });
    expect(result.facts.minClasses).toMatchObject({ ok: true, value: { value: 3 } });
    expect(result.facts.hardwareTokens).toEqual({ ok: true, value: [] });
  });
});
