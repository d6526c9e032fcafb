// Password rules on Linux, as the system enforces them (each setting read on its own, so that one file
// unreadable makes an error of its own rule only):
//
// Where the stacks are. Debian and its derivatives (Kylin desktop, UOS) put the shared stacks in
// /etc/pam.d/common-auth and common-password (pam-auth-update writes them); RPM-style systems (Kylin Server,
// openEuler) in /etc/pam.d/system-auth (password-auth for remote logins, not read: the rules are about the
// workstation's own login). Neither found: the PAM settings cannot be known (each an error, never a pass).
//
// Minimum length (password stack). The longest minimum any enforcing module asks:
//   pam_pwquality  defaults minlen 8, credits 0, minclass 0, enforcing 1 (pwquality.conf(5)); then
//                  /etc/security/pwquality.conf.d/*.conf in ASCII order, then /etc/security/pwquality.conf
//                  (the man page: conf.d is read first), then the module's arguments (pam_pwquality(8):
//                  arguments override the file). enforcing=0 only warns: it enforces nothing.
//   pam_cracklib   defaults minlen 9 and each credit 1 (pam_cracklib(8)); reads no file.
//   For both, a positive credit lets a password of that class be one character shorter, so the shortest
//   password accepted is minlen (never below 6, which both modules refuse to go under) less the positive
//   credits; a negative credit demands that many characters of its class instead.
//   pam_unix       minlen argument, default 6 (pam_unix(8)).
//   A quality module counts only when its failure fails the change (requisite/required or a bracket to
//   bad/die) and no earlier line can skip it.
// Character classes: the most any enforcing quality module asks: max(minclass, classes with a negative credit).
// Lockout (auth stack): pam_faillock with `authfail` (or no mode word), deny/unlock_time from
//   /etc/security/faillock.conf then the lines' arguments; defaults deny 3, unlock_time 600
//   (faillock.conf(5)); unlock_time 0 means only an administrator unlocks. pam_tally2 (PAM < 1.5, still on
//   older Kylin): deny=N locks, no deny never locks; no unlock_time means locked until reset.
// Maximum age: the fifth field of /etc/shadow for each account whose password is set (not locked, not
//   empty); empty field = never expires. /etc/login.defs PASS_MAX_DAYS only seeds new accounts, so it is a
//   note, not the judgement; PASS_MIN_LEN is not used where passwd goes through PAM (every system here).
// Hardware tokens (auth stack): a smart-card/UKey module line, required when its module file is installed,
//   its failure fails the login and no earlier line can skip it. Names known (see hardware-token-modules.ts).
// A line with the "-" prefix whose module file is not installed does nothing, as PAM skips it.

import type {
  EnforcedValue,
  FailedLoginLockout,
  HardwareTokenModule,
  PasswordAgeFact,
  PasswordPolicyFacts,
  PasswordSettingReading,
} from '../../facts';
import { passwordStateOf } from '../accounts/linux';
import { listDirectory, type MachineRoot, readSource } from '../machine-root';
import { observed, type Probe } from '../probe';
import { hardwareTokenModuleOf } from './hardware-token-modules';
import { argumentMap, moduleName } from './pam-config';
import {
  failureEndsLogin,
  installedModules,
  lineThatCanSkip,
  machineReason,
  readPamStack,
  type StackEntry,
} from './pam-stack';
import { integerOf, parseLoginDefs, parseNameValueFile } from './settings-files';

const SOURCE = '/etc/pam.d, /etc/security, /etc/login.defs, /etc/shadow';

type Reading<T> = PasswordSettingReading<T>;

interface Layout {
  auth: string;
  password: string;
}

export const linuxPasswordPolicyProbe: Probe<'passwordPolicy'> = {
  fact: 'passwordPolicy',
  async read(root) {
    const observedAtMs = Date.now();
    const sources: string[] = [];
    const notes: string[] = [];
    const layout = await findLayout(root);
    const modules = await installedModules(root);
    const isActive = (entry: StackEntry) =>
      !entry.skipIfMissing || (modules?.has(moduleName(entry.modulePath)) ?? false);

    let minLength: Reading<EnforcedValue | null>;
    let minClasses: Reading<EnforcedValue | null>;
    let lockout: Reading<FailedLoginLockout | null>;
    let hardwareTokens: Reading<HardwareTokenModule[]>;
    if (!layout.ok) {
      minLength = minClasses = lockout = hardwareTokens = { ok: false, reason: layout.reason };
    } else {
      const password = await readPamStack(root, layout.value.password, 'password');
      const auth = await readPamStack(root, layout.value.auth, 'auth');
      if (password.ok) sources.push(...password.files.filter((file) => !sources.includes(file)));
      if (auth.ok) sources.push(...auth.files.filter((file) => !sources.includes(file)));
      if (!password.ok) {
        minLength = minClasses = { ok: false, reason: password.reason };
      } else {
        const strength = await passwordStrength(root, password.entries.filter(isActive), sources);
        minLength = strength.ok ? { ok: true, value: strength.value.minLength } : strength;
        minClasses = strength.ok ? { ok: true, value: strength.value.minClasses } : strength;
      }
      if (!auth.ok) {
        lockout = hardwareTokens = { ok: false, reason: auth.reason };
      } else {
        lockout = await failedLoginLockout(root, auth.entries.filter(isActive), sources);
        hardwareTokens = { ok: true, value: tokenModules(auth.entries, modules) };
      }
    }
    const passwordAges = await shadowAges(root, sources);
    await loginDefsNotes(root, notes, sources);
    const facts: PasswordPolicyFacts = {
      minLength,
      minClasses,
      lockout,
      passwordAges,
      hardwareTokens,
      sources,
      notes,
    };
    return observed(SOURCE, facts, observedAtMs);
  },
};

async function findLayout(
  root: MachineRoot,
): Promise<{ ok: true; value: Layout } | { ok: false; reason: string }> {
  const files = await listDirectory(root, 'etc', 'pam.d');
  if (files.includes('common-auth') || files.includes('common-password'))
    return { ok: true, value: { auth: 'common-auth', password: 'common-password' } };
  if (files.includes('system-auth'))
    return { ok: true, value: { auth: 'system-auth', password: 'system-auth' } };
  return {
    ok: false,
    reason: 'no shared PAM stack found: neither /etc/pam.d/common-auth nor /etc/pam.d/system-auth exists',
  };
}

/** Lines a login or a password change cannot get past: enforcing and not skippable. */
function enforcing(entries: readonly StackEntry[], entry: StackEntry): boolean {
  return failureEndsLogin(entry.control) && lineThatCanSkip(entries, entries.indexOf(entry)) === null;
}

interface Strength {
  minLength: EnforcedValue | null;
  minClasses: EnforcedValue | null;
}

const CREDITS = ['dcredit', 'ucredit', 'lcredit', 'ocredit'] as const;

async function passwordStrength(
  root: MachineRoot,
  entries: StackEntry[],
  sources: string[],
): Promise<Reading<Strength>> {
  let minLength: EnforcedValue | null = null;
  let minClasses: EnforcedValue | null = null;
  const longer = (candidate: EnforcedValue) => {
    if (minLength === null || candidate.value > minLength.value) minLength = candidate;
  };
  for (const entry of entries) {
    const name = moduleName(entry.modulePath);
    if (name === 'pam_unix.so') {
      const given = integerOf(argumentMap(entry.args).get('minlen'));
      longer({
        value: given ?? 6,
        source: `pam_unix minlen ${given ?? '6 (its default)'} at ${entry.at}`,
      });
      continue;
    }
    if (name !== 'pam_pwquality.so' && name !== 'pam_cracklib.so') continue;
    if (!enforcing(entries, entry)) continue;
    const settings = new Map<string, string>();
    const settingFiles: string[] = [];
    if (name === 'pam_pwquality.so') {
      const files = await pwqualityFiles(root);
      for (const file of files) {
        const read = await readSource(root, ...file.slice(1).split('/'));
        if (!read.ok) {
          if (/ENOENT/.test(read.reason)) continue;
          return { ok: false, reason: machineReason(root, read.reason) };
        }
        for (const [key, value] of parseNameValueFile(read.text)) settings.set(key, value);
        settingFiles.push(file);
        if (!sources.includes(file)) sources.push(file);
      }
    }
    for (const [key, value] of argumentMap(entry.args)) settings.set(key, value);
    const label = name.replace(/\.so$/, '');
    if (name === 'pam_pwquality.so' && integerOf(settings.get('enforcing')) === 0) continue;
    const defaults = name === 'pam_pwquality.so' ? { minlen: 8, credit: 0 } : { minlen: 9, credit: 1 };
    const minlen = Math.max(6, integerOf(settings.get('minlen')) ?? defaults.minlen);
    const credits = CREDITS.map((key) => integerOf(settings.get(key)) ?? defaults.credit);
    const positive = credits.filter((credit) => credit > 0).reduce((sum, credit) => sum + credit, 0);
    const from = `${label} at ${entry.at}${settingFiles.length > 0 ? ` with ${settingFiles.join(', ')}` : ''}`;
    longer({
      value: minlen - positive,
      source:
        positive > 0
          ? `${from}: minlen ${minlen} less ${positive} for character credits`
          : `${from}: minlen ${minlen}`,
    });
    const required = Math.min(
      4,
      Math.max(integerOf(settings.get('minclass')) ?? 0, credits.filter((credit) => credit < 0).length),
    );
    if (required > 0 && (minClasses === null || required > (minClasses as EnforcedValue).value))
      minClasses = {
        value: required,
        source: `${from}: minclass ${integerOf(settings.get('minclass')) ?? 0}, ${CREDITS.filter((_, index) => credits[index]! < 0).join(' ') || 'no'} negative credits`,
      };
  }
  return { ok: true, value: { minLength, minClasses } };
}

/** pwquality.conf.d/*.conf in ASCII order, then pwquality.conf: the order libpwquality reads them. */
async function pwqualityFiles(root: MachineRoot): Promise<string[]> {
  const dropIns = (await listDirectory(root, 'etc', 'security', 'pwquality.conf.d'))
    .filter((name) => name.endsWith('.conf'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `/etc/security/pwquality.conf.d/${name}`);
  return [...dropIns, '/etc/security/pwquality.conf'];
}

const FAILLOCK_MODES = ['preauth', 'authfail', 'authsucc'];

async function failedLoginLockout(
  root: MachineRoot,
  entries: StackEntry[],
  sources: string[],
): Promise<Reading<FailedLoginLockout | null>> {
  const candidates: FailedLoginLockout[] = [];
  const faillock = entries.filter((entry) => moduleName(entry.modulePath) === 'pam_faillock.so');
  const counting = faillock.filter((entry) => {
    const args = argumentMap(entry.args);
    return args.has('authfail') || !FAILLOCK_MODES.some((mode) => args.has(mode));
  });
  if (counting.length > 0) {
    const settings = new Map<string, string>();
    const read = await readSource(root, 'etc', 'security', 'faillock.conf');
    let from = '';
    if (read.ok) {
      for (const [key, value] of parseNameValueFile(read.text)) settings.set(key, value);
      from = ' with /etc/security/faillock.conf';
      if (!sources.includes('/etc/security/faillock.conf')) sources.push('/etc/security/faillock.conf');
    } else if (!/ENOENT/.test(read.reason)) {
      return { ok: false, reason: machineReason(root, read.reason) };
    }
    for (const entry of faillock)
      for (const [key, value] of argumentMap(entry.args)) settings.set(key, value);
    const deny = integerOf(settings.get('deny')) ?? 3;
    const unlock =
      settings.get('unlock_time') === 'never' ? 0 : (integerOf(settings.get('unlock_time')) ?? 600);
    if (deny > 0)
      candidates.push({
        attempts: deny,
        unlockSeconds: unlock,
        source: `pam_faillock at ${counting.map((entry) => entry.at).join(', ')}${from}: deny ${deny}, unlock_time ${unlock}`,
      });
  }
  for (const entry of entries.filter((line) => moduleName(line.modulePath) === 'pam_tally2.so')) {
    const args = argumentMap(entry.args);
    const deny = integerOf(args.get('deny'));
    if (deny === null || deny <= 0) continue;
    const unlock = integerOf(args.get('unlock_time')) ?? 0;
    candidates.push({
      attempts: deny,
      unlockSeconds: unlock,
      source: `pam_tally2 at ${entry.at}: deny ${deny}, unlock_time ${args.get('unlock_time') ?? 'none (until reset)'}`,
    });
  }
  if (candidates.length === 0) return { ok: true, value: null };
  candidates.sort((a, b) => a.attempts - b.attempts);
  return { ok: true, value: candidates[0]! };
}

function tokenModules(entries: readonly StackEntry[], installed: Set<string> | null): HardwareTokenModule[] {
  const found: HardwareTokenModule[] = [];
  for (const [index, entry] of entries.entries()) {
    const name = moduleName(entry.modulePath);
    if (!hardwareTokenModuleOf(name, entry.args)) continue;
    const skipper = lineThatCanSkip(entries, index);
    const missing = installed !== null && !installed.has(name) && !entry.modulePath.startsWith('/');
    const why = missing
      ? `${name} is not installed in any PAM module directory`
      : installed === null
        ? 'no PAM module directory found to show the module is installed'
        : !failureEndsLogin(entry.control)
          ? `control ${entry.control} lets a login succeed without it`
          : skipper
            ? `${moduleName(skipper.modulePath)} at ${skipper.at} (${skipper.control}) can end the stack before it`
            : null;
    found.push({
      module: name,
      at: entry.at,
      control: entry.control,
      required: why === null,
      notRequiredBecause: why,
    });
  }
  return found;
}

async function shadowAges(root: MachineRoot, sources: string[]): Promise<Reading<PasswordAgeFact[]>> {
  const shadow = await readSource(root, 'etc', 'shadow');
  if (!shadow.ok) return { ok: false, reason: machineReason(root, shadow.reason) };
  sources.push('/etc/shadow');
  const ages: PasswordAgeFact[] = [];
  for (const line of shadow.text.split('\n')) {
    const fields = line.split(':');
    if (fields.length < 5 || fields[0] === '' || line.startsWith('#')) continue;
    // The hash is looked at only to classify it, as the accounts probe does; it is not kept.
    if (passwordStateOf(fields[1]!) !== 'set') continue;
    const maxField = fields[4]!.trim();
    const maxAgeDays = integerOf(maxField);
    ages.push({
      account: fields[0]!,
      maxAgeDays: maxField === '' || maxAgeDays === null || maxAgeDays < 0 ? null : maxAgeDays,
      source: `/etc/shadow (${fields[0]} maximum age field: ${maxField === '' ? 'empty' : maxField})`,
    });
  }
  return { ok: true, value: ages };
}

async function loginDefsNotes(root: MachineRoot, notes: string[], sources: string[]): Promise<void> {
  const read = await readSource(root, 'etc', 'login.defs');
  if (!read.ok) {
    notes.push(machineReason(root, read.reason));
    return;
  }
  sources.push('/etc/login.defs');
  const values = parseLoginDefs(read.text);
  const maxDays = values.get('PASS_MAX_DAYS');
  notes.push(
    `/etc/login.defs PASS_MAX_DAYS ${maxDays ?? 'not set'}: the default for accounts created from now on; existing accounts keep their /etc/shadow value`,
  );
  const minLen = values.get('PASS_MIN_LEN');
  if (minLen !== undefined)
    notes.push(`/etc/login.defs PASS_MIN_LEN ${minLen}: not used where passwords change through PAM`);
}
