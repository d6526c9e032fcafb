// Against the recorded roots of test/fixtures/password-policy (README there: which files are Debian's own,
// verbatim, and which lines were changed). Expected values are written from those files by hand.

import { chmod, cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PasswordPolicyFacts } from '../../facts';
import { machineRoot } from '../machine-root';
import { linuxPasswordPolicyProbe } from './linux';

const PASSWORD_ROOTS = path.resolve(__dirname, '../../../test/fixtures/password-policy');

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function read(dir: string): Promise<PasswordPolicyFacts> {
  const result = await linuxPasswordPolicyProbe.read(machineRoot(dir));
  if (!result.ok) throw new Error(result.reason);
  return result.facts;
}

/** A copy of a recorded root to change in one test. */
async function copyOf(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-password-'));
  temporary.push(dir);
  await cp(path.join(PASSWORD_ROOTS, name), dir, { recursive: true });
  return dir;
}

describe('linux password policy probe', () => {
  it('Debian 12 as installed: pam_unix minlen 6 only, no classes, no lockout, a password that never has to change', async () => {
    const facts = await read(path.join(PASSWORD_ROOTS, 'debian12-stock'));
    expect(facts.minLength).toEqual({
      ok: true,
      value: { value: 6, source: 'pam_unix minlen 6 (its default) at /etc/pam.d/common-password:25' },
    });
    expect(facts.minClasses).toEqual({ ok: true, value: null });
    expect(facts.lockout).toEqual({ ok: true, value: null });
    expect(facts.passwordAges).toEqual({
      ok: true,
      value: [
        {
          account: 'operator1',
          maxAgeDays: 99999,
          source: '/etc/shadow (operator1 maximum age field: 99999)',
        },
      ],
    });
    expect(facts.hardwareTokens).toEqual({ ok: true, value: [] });
    expect(facts.sources).toEqual([
      '/etc/pam.d/common-password',
      '/etc/pam.d/common-auth',
      '/etc/shadow',
      '/etc/login.defs',
    ]);
    expect(facts.notes).toEqual([
      '/etc/login.defs PASS_MAX_DAYS 99999: the default for accounts created from now on; existing accounts keep their /etc/shadow value',
    ]);
    expect(JSON.stringify(facts)).not.toContain('$6$');
  });

  it('Debian 12 with pwquality and faillock: pwquality.conf read after its drop-in, faillock.conf for deny and unlock_time', async () => {
    const facts = await read(path.join(PASSWORD_ROOTS, 'debian12-secret'));
    const from =
      'pam_pwquality at /etc/pam.d/common-password:25 with /etc/security/pwquality.conf.d/10-unit.conf, /etc/security/pwquality.conf';
    // The drop-in says minlen 12, the main file (read last) 8: 8 stands. minclass 3 comes from the drop-in.
    expect(facts.minLength).toEqual({ ok: true, value: { value: 8, source: `${from}: minlen 8` } });
    expect(facts.minClasses).toEqual({
      ok: true,
      value: { value: 3, source: `${from}: minclass 3, no negative credits` },
    });
    expect(facts.lockout).toEqual({
      ok: true,
      value: {
        attempts: 5,
        unlockSeconds: 900,
        source:
          'pam_faillock at /etc/pam.d/common-auth:19 with /etc/security/faillock.conf: deny 5, unlock_time 900',
      },
    });
    expect(facts.passwordAges).toEqual({
      ok: true,
      value: [
        { account: 'operator1', maxAgeDays: 30, source: '/etc/shadow (operator1 maximum age field: 30)' },
      ],
    });
  });

  it('Kylin-style UKey login: pam_pkcs11 required first in common-auth, its module installed', async () => {
    const facts = await read(path.join(PASSWORD_ROOTS, 'kylin-ukey'));
    expect(facts.hardwareTokens).toEqual({
      ok: true,
      value: [
        {
          module: 'pam_pkcs11.so',
          at: '/etc/pam.d/common-auth:18',
          control: 'required',
          required: true,
          notRequiredBecause: null,
        },
      ],
    });
    expect(facts.lockout).toMatchObject({ ok: true, value: { attempts: 5, unlockSeconds: 1800 } });
  });

  it('a UKey module that a sufficient line can skip, or one not installed, is not required', async () => {
    const dir = await copyOf('kylin-ukey');
    const auth = path.join(dir, 'etc/pam.d/common-auth');
    await writeFile(
      auth,
      'auth sufficient pam_unix.so nullok\nauth required pam_pkcs11.so\nauth sufficient pam_p11.so\n',
    );
    await rm(path.join(dir, 'lib/aarch64-linux-gnu/security/pam_pkcs11.so'));
    await writeFile(path.join(dir, 'lib/aarch64-linux-gnu/security/pam_p11.so'), '');
    const facts = await read(dir);
    expect(facts.hardwareTokens).toEqual({
      ok: true,
      value: [
        {
          module: 'pam_pkcs11.so',
          at: '/etc/pam.d/common-auth:2',
          control: 'required',
          required: false,
          notRequiredBecause: 'pam_pkcs11.so is not installed in any PAM module directory',
        },
        {
          module: 'pam_p11.so',
          at: '/etc/pam.d/common-auth:3',
          control: 'sufficient',
          required: false,
          notRequiredBecause: 'control sufficient lets a login succeed without it',
        },
      ],
    });
  });

  it('RPM-style system-auth: pwquality arguments with negative credits, pam_tally2 over a continued line', async () => {
    const facts = await read(path.join(PASSWORD_ROOTS, 'rpm-system-auth'));
    const from = 'pam_pwquality at /etc/pam.d/system-auth:15';
    expect(facts.minLength).toEqual({ ok: true, value: { value: 12, source: `${from}: minlen 12` } });
    expect(facts.minClasses).toEqual({
      ok: true,
      value: { value: 4, source: `${from}: minclass 0, dcredit ucredit lcredit ocredit negative credits` },
    });
    expect(facts.lockout).toEqual({
      ok: true,
      value: {
        attempts: 3,
        unlockSeconds: 1800,
        source: 'pam_tally2 at /etc/pam.d/system-auth:4: deny 3, unlock_time 1800',
      },
    });
    expect(facts.passwordAges).toMatchObject({ ok: true, value: [{ account: 'operator1', maxAgeDays: 7 }] });
  });

  it('positive credits shorten the shortest password; enforcing=0 and an optional pwquality enforce nothing', async () => {
    const dir = await copyOf('debian12-secret');
    const password = path.join(dir, 'etc/pam.d/common-password');
    await writeFile(
      password,
      'password requisite pam_pwquality.so dcredit=1 ucredit=2\npassword required pam_unix.so minlen=7\n',
    );
    expect((await read(dir)).minLength).toMatchObject({ ok: true, value: { value: 7 } });
    await writeFile(
      password,
      'password requisite pam_pwquality.so minlen=14 dcredit=1 ucredit=2\npassword required pam_unix.so\n',
    );
    expect((await read(dir)).minLength).toMatchObject({ ok: true, value: { value: 11 } });
    await writeFile(
      password,
      'password requisite pam_pwquality.so minlen=14 enforcing=0\npassword required pam_unix.so\n',
    );
    expect((await read(dir)).minLength).toMatchObject({ ok: true, value: { value: 6 } });
    await writeFile(
      password,
      'password optional pam_pwquality.so minlen=14\npassword required pam_unix.so\n',
    );
    expect((await read(dir)).minLength).toMatchObject({ ok: true, value: { value: 6 } });
  });

  it('an unreadable setting file makes only its own settings unreadable', async () => {
    const dir = await copyOf('debian12-secret');
    // A directory where the file should be: reading it fails (EISDIR) even for root.
    await rm(path.join(dir, 'etc/security/pwquality.conf'));
    await mkdir(path.join(dir, 'etc/security/pwquality.conf'));
    await rm(path.join(dir, 'etc/shadow'));
    const facts = await read(dir);
    expect(facts.minLength).toEqual({
      ok: false,
      reason: 'cannot read /etc/security/pwquality.conf: EISDIR (illegal operation on a directory)',
    });
    expect(facts.minClasses.ok).toBe(false);
    expect(facts.passwordAges).toEqual({
      ok: false,
      reason: 'cannot read /etc/shadow: ENOENT (no such file or directory)',
    });
    expect(facts.lockout).toMatchObject({ ok: true, value: { attempts: 5 } });
  });

  it('no shared PAM stack: every PAM setting unreadable, naming the files looked for', async () => {
    const dir = await copyOf('debian12-stock');
    await rm(path.join(dir, 'etc/pam.d'), { recursive: true });
    const facts = await read(dir);
    const reason =
      'no shared PAM stack found: neither /etc/pam.d/common-auth nor /etc/pam.d/system-auth exists';
    for (const setting of [facts.minLength, facts.minClasses, facts.lockout, facts.hardwareTokens])
      expect(setting).toEqual({ ok: false, reason });
    expect(facts.passwordAges.ok).toBe(true);
  });

  it('an include that cannot be read makes the stack unreadable', async () => {
    const dir = await copyOf('debian12-stock');
    await writeFile(path.join(dir, 'etc/pam.d/common-password'), '@include common-pwquality\n');
    await chmod(path.join(dir, 'etc/pam.d/common-password'), 0o644);
    const facts = await read(dir);
    expect(facts.minLength).toEqual({
      ok: false,
      reason: 'cannot read /etc/pam.d/common-pwquality: ENOENT (no such file or directory)',
    });
  });
});
