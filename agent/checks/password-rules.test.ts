// The password rules of the baseline, judged for a 秘密 and a 机密 computer (and the roads around them) on the
// recorded roots of test/fixtures/password-policy and the recorded Windows outputs of test/fixtures/powershell.
// Expected verdicts and words are written from those fixtures and the baseline's numbers by hand.

import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { baselinePolicyPath, formatPolicyProblems, parsePolicy } from '../../policies/load-policy';
import type { Classification, Rule } from '../../policies/model';
import type { Facts, PasswordPolicyFacts, ProbeResult } from '../facts';
import { machineRoot } from '../probes/machine-root';
import { linuxPasswordPolicyProbe } from '../probes/password-policy/linux';
import { windowsPasswordPolicyProbe } from '../probes/password-policy/win32';
import { recordedPowerShell } from '../probes/windows/recorded-powershell';
import { contextFor, judgeInEnglish, makeFacts } from './facts-for-tests';
import { passwordRulesCheck } from './password-rules';

const ROOTS = path.resolve(__dirname, '../../test/fixtures/password-policy');
const RULE_IDS = ['password-min-length', 'password-max-age', 'password-complexity', 'login-failure-lockout'];

function baselineRules(): Rule[] {
  const file = baselinePolicyPath();
  const result = parsePolicy(readFileSync(file, 'utf8'), file);
  if (!result.ok) throw new Error(formatPolicyProblems(result.errors));
  return result.policy.rules.filter((rule) => RULE_IDS.includes(rule.id));
}

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function linuxFacts(dir: string): Promise<Facts> {
  return makeFacts({ passwordPolicy: await linuxPasswordPolicyProbe.read(machineRoot(dir)) });
}

async function windowsFacts(secedit: string, users = 'get-localuser-password-expiry.json'): Promise<Facts> {
  const { run } = recordedPowerShell({
    'secedit /export': secedit,
    'Get-LocalUser (password expiry)': users,
  });
  return makeFacts({ passwordPolicy: await windowsPasswordPolicyProbe(run).read(machineRoot('/')) });
}

/** [rule, subject, status, reason] for every outcome, in rule order. */
function judge(facts: Facts, classification: Classification | null) {
  return judgeInEnglish(passwordRulesCheck, facts, contextFor(baselineRules(), { classification })).map(
    (outcome) => [outcome.ruleId, outcome.subject, outcome.status, outcome.reason],
  );
}

const SECRET = '秘密 (secret)';
const CONFIDENTIAL = '机密 (confidential)';

describe('password rules on Linux', () => {
  it('秘密 on Debian 12 with pwquality and faillock: every rule passes', async () => {
    const facts = await linuxFacts(path.join(ROOTS, 'debian12-secret'));
    const from =
      'pam_pwquality at /etc/pam.d/common-password:25 with /etc/security/pwquality.conf.d/10-unit.conf, /etc/security/pwquality.conf';
    expect(judge(facts, 'secret')).toEqual([
      [
        'password-min-length',
        '',
        'pass',
        `${SECRET}: shortest password accepted is 8 characters; at least 8 required (${from}: minlen 8)`,
      ],
      [
        'password-max-age',
        '',
        'pass',
        `${SECRET}: the passwords of all 1 password accounts expire within 30 days`,
      ],
      [
        'password-complexity',
        '',
        'pass',
        `${SECRET}: passwords must mix 3 character classes; at least 2 required (${from}: minclass 3, no negative credits)`,
      ],
      [
        'login-failure-lockout',
        '',
        'pass',
        `${SECRET}: locks for 15 min after 5 failed logins (at most 5 attempts and at least 10 min required; pam_faillock at /etc/pam.d/common-auth:19 with /etc/security/faillock.conf: deny 5, unlock_time 900)`,
      ],
    ]);
  });

  it('机密 on the same machine: the 8-character minimum, the 30-day account and the 15-minute lockout fail', async () => {
    const facts = await linuxFacts(path.join(ROOTS, 'debian12-secret'));
    const outcomes = judge(facts, 'confidential');
    expect(outcomes.map(([rule, subject, status]) => [rule, subject, status])).toEqual([
      ['password-min-length', '', 'fail'],
      ['password-max-age', 'operator1', 'fail'],
      ['password-complexity', '', 'pass'],
      ['login-failure-lockout', '', 'fail'],
    ]);
    expect(outcomes[0]![3]).toMatch(
      /^机密 \(confidential\): passwords as short as 8 characters are accepted; at least 10 required \(pam_pwquality at/,
    );
    expect(outcomes[1]![3]).toBe(
      `${CONFIDENTIAL}: account operator1 may keep its password 30 days; at most 7 allowed (/etc/shadow (operator1 maximum age field: 30))`,
    );
    expect(outcomes[3]![3]).toMatch(
      /^机密 \(confidential\): unlocks by itself after 15 min; at least 30 min required/,
    );
  });

  it('机密 with a required UKey login: length, age and complexity are met by the token; lockout is still judged', async () => {
    const facts = await linuxFacts(path.join(ROOTS, 'kylin-ukey'));
    const token = `${CONFIDENTIAL}: logging in requires a hardware token (pam_pkcs11.so, /etc/pam.d/common-auth:18), which the policy accepts in place of this password requirement`;
    expect(judge(facts, 'confidential')).toEqual([
      ['password-min-length', '', 'pass', token],
      ['password-max-age', '', 'pass', token],
      ['password-complexity', '', 'pass', token],
      [
        'login-failure-lockout',
        '',
        'pass',
        `${CONFIDENTIAL}: locks for 30 min after 5 failed logins (at most 5 attempts and at least 30 min required; pam_faillock at /etc/pam.d/common-auth:21 with /etc/security/faillock.conf: deny 5, unlock_time 1800)`,
      ],
    ]);
  });

  it('绝密 with the same UKey: the baseline does not accept the token alone there, so the 8-character minimum fails', async () => {
    const facts = await linuxFacts(path.join(ROOTS, 'kylin-ukey'));
    const outcomes = judge(facts, 'top_secret');
    expect(outcomes[0]!.slice(0, 3)).toEqual(['password-min-length', '', 'fail']);
    expect(outcomes[0]![3]).toMatch(
      /^绝密 \(top_secret\): passwords as short as 8 characters are accepted; at least 12 required/,
    );
  });

  it('机密 with the UKey module only sufficient: it does not stand in, and the password rules fail', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-password-rules-'));
    temporary.push(dir);
    await cp(path.join(ROOTS, 'kylin-ukey'), dir, { recursive: true });
    const auth = path.join(dir, 'etc/pam.d/common-auth');
    await writeFile(
      auth,
      (await readFile(auth, 'utf8')).replace(
        'auth\trequired\t\t\tpam_pkcs11.so',
        'auth\tsufficient\t\t\tpam_pkcs11.so',
      ),
    );
    const facts = await linuxFacts(dir);
    const outcomes = judge(facts, 'confidential');
    expect(outcomes.map(([rule, subject, status]) => [rule, subject, status])).toEqual([
      ['password-min-length', '', 'fail'],
      ['password-max-age', 'operator1', 'fail'],
      ['password-complexity', '', 'pass'],
      ['login-failure-lockout', '', 'pass'],
    ]);
    // The evidence says why the token did not count.
    const [minLength] = passwordRulesCheck.judge(
      facts,
      contextFor(baselineRules(), { classification: 'confidential' }),
    );
    expect(minLength!.evidence.hardwareTokens).toEqual([
      {
        module: 'pam_pkcs11.so',
        at: '/etc/pam.d/common-auth:18',
        control: 'sufficient',
        required: false,
        notRequiredBecause: 'control sufficient lets a login succeed without it',
      },
    ]);
  });

  it('秘密 on Debian 12 as installed: every rule fails, naming the weak value', async () => {
    const outcomes = judge(await linuxFacts(path.join(ROOTS, 'debian12-stock')), 'secret');
    expect(outcomes).toEqual([
      [
        'password-min-length',
        '',
        'fail',
        `${SECRET}: passwords as short as 6 characters are accepted; at least 8 required (pam_unix minlen 6 (its default) at /etc/pam.d/common-password:25)`,
      ],
      [
        'password-max-age',
        'operator1',
        'fail',
        `${SECRET}: account operator1 may keep its password 99999 days; at most 30 allowed (/etc/shadow (operator1 maximum age field: 99999))`,
      ],
      [
        'password-complexity',
        '',
        'fail',
        `${SECRET}: nothing makes passwords mix character classes; at least 2 required`,
      ],
      [
        'login-failure-lockout',
        '',
        'fail',
        `${SECRET}: failed logins never lock the account; it must lock after at most 5`,
      ],
    ]);
  });

  it('no classification in the ledger: every rule is an error, never a pass', async () => {
    const outcomes = judge(await linuxFacts(path.join(ROOTS, 'debian12-secret')), null);
    expect(outcomes).toEqual(
      RULE_IDS.map((rule) => [
        rule,
        '',
        'error',
        "this computer's classification is not in the ledger yet, so its password rules cannot be judged",
      ]),
    );
  });

  it('非密: the baseline sets no password rules for non-classified computers, so they are not applicable', async () => {
    const outcomes = judge(await linuxFacts(path.join(ROOTS, 'debian12-stock')), 'non_classified');
    expect(outcomes.map(([rule, , status, reason]) => [rule, status, reason])).toEqual(
      RULE_IDS.map((rule) => [
        rule,
        'not_applicable',
        'the policy sets no such password requirement for 非密 (non_classified) computers',
      ]),
    );
  });

  it('a setting that cannot be read is an error naming it; the others are judged', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-password-rules-'));
    temporary.push(dir);
    await cp(path.join(ROOTS, 'debian12-secret'), dir, { recursive: true });
    await rm(path.join(dir, 'etc/security/pwquality.conf'));
    await mkdir(path.join(dir, 'etc/security/pwquality.conf'));
    const outcomes = judge(await linuxFacts(dir), 'secret');
    expect(outcomes.map(([rule, , status]) => [rule, status])).toEqual([
      ['password-min-length', 'error'],
      ['password-max-age', 'pass'],
      ['password-complexity', 'error'],
      ['login-failure-lockout', 'pass'],
    ]);
    expect(outcomes[0]![3]).toBe(
      'cannot read the minimum password length: cannot read /etc/security/pwquality.conf: EISDIR (illegal operation on a directory)',
    );
  });

  it('机密 with the token modules unreadable: a short password is an error (a token might stand in), not a fail', () => {
    const facts: PasswordPolicyFacts = {
      minLength: { ok: true, value: { value: 8, source: 'pam_pwquality minlen 8' } },
      minClasses: { ok: true, value: { value: 3, source: 'pam_pwquality minclass 3' } },
      lockout: { ok: true, value: { attempts: 5, unlockSeconds: 1800, source: 'pam_faillock' } },
      passwordAges: { ok: true, value: [] },
      hardwareTokens: { ok: false, reason: 'cannot read /etc/pam.d/common-auth: EACCES (permission denied)' },
      sources: [],
      notes: [],
    };
    const passwordPolicy: ProbeResult<PasswordPolicyFacts> = {
      ok: true,
      facts,
      source: 'pam',
      observedAtMs: 0,
    };
    const outcomes = judge(makeFacts({ passwordPolicy }), 'confidential');
    expect(outcomes.map(([rule, , status]) => [rule, status])).toEqual([
      ['password-min-length', 'error'],
      ['password-max-age', 'pass'],
      ['password-complexity', 'pass'],
      ['login-failure-lockout', 'pass'],
    ]);
    expect(outcomes[0]![3]).toBe(
      'the password falls short, and the hardware-token login settings (which could stand in for it) cannot be read: cannot read /etc/pam.d/common-auth: EACCES (permission denied)',
    );
  });
});

describe('password rules on Windows', () => {
  it('秘密 with a policy set for it: every rule passes', async () => {
    const outcomes = judge(await windowsFacts('secedit-export-secret.json'), 'secret');
    expect(outcomes.map(([rule, , status]) => [rule, status])).toEqual(
      RULE_IDS.map((rule) => [rule, 'pass']),
    );
    expect(outcomes[0]![3]).toBe(
      `${SECRET}: shortest password accepted is 8 characters; at least 8 required (secedit /export MinimumPasswordLength 8)`,
    );
  });

  it('秘密 on Windows as installed: every rule fails with the value found', async () => {
    const outcomes = judge(await windowsFacts('secedit-export-default.json'), 'secret');
    expect(outcomes).toEqual([
      [
        'password-min-length',
        '',
        'fail',
        `${SECRET}: nothing enforces a minimum password length; at least 8 characters required`,
      ],
      [
        'password-max-age',
        'zhangwei',
        'fail',
        `${SECRET}: account zhangwei may keep its password 42 days; at most 30 allowed (secedit /export MaximumPasswordAge 42)`,
      ],
      [
        'password-max-age',
        '李娜',
        'fail',
        `${SECRET}: account 李娜 may keep its password 42 days; at most 30 allowed (secedit /export MaximumPasswordAge 42)`,
      ],
      [
        'password-complexity',
        '',
        'fail',
        `${SECRET}: nothing makes passwords mix character classes; at least 2 required`,
      ],
      [
        'login-failure-lockout',
        '',
        'fail',
        `${SECRET}: failed logins never lock the account; it must lock after at most 5`,
      ],
    ]);
  });

  it('机密 with the 秘密 policy: the 8-character minimum and the 30-day passwords fail', async () => {
    const outcomes = judge(await windowsFacts('secedit-export-secret.json'), 'confidential');
    expect(outcomes.map(([rule, subject, status]) => [rule, subject, status])).toEqual([
      ['password-min-length', '', 'fail'],
      ['password-max-age', 'zhangwei', 'fail'],
      ['password-max-age', '李娜', 'fail'],
      ['password-complexity', '', 'pass'],
      ['login-failure-lockout', '', 'pass'],
    ]);
  });

  it('机密 with smart-card logon required: the token stands in; a lockout until an administrator unlocks passes', async () => {
    const outcomes = judge(await windowsFacts('secedit-export-smartcard.json'), 'confidential');
    expect(outcomes.map(([rule, , status]) => [rule, status])).toEqual(
      RULE_IDS.map((rule) => [rule, 'pass']),
    );
    expect(outcomes[0]![3]).toMatch(
      /^机密 \(confidential\): logging in requires a hardware token \(ScForceOption/,
    );
    expect(outcomes[3]![3]).toBe(
      `${CONFIDENTIAL}: locks after 5 failed logins until an administrator unlocks it (at most 5 attempts required; secedit /export LockoutBadCount 5, LockoutDuration -1)`,
    );
  });
});
