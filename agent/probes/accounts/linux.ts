// Accounts on Linux: /etc/passwd for names, uids and shells, /etc/shadow (root-only) for whether each has a
// password — and only that. The hash is looked at to classify it and dropped on the spot: facts, evidence
// and logs never carry it. Either file unreadable makes the probe unavailable, naming it: without shadow the
// one thing the rule asks (empty passwords) cannot be known.
//
// How a password field reads (shadow(5), passwd(5), crypt(5); glibc consults shadow only when passwd says "x"):
//   ""             empty: login without a password
//   "!..." / "*..." locked ("!" from passwd -l / usermod -L, "*" and "!*" for system accounts)
//   anything else  set
//   no shadow line for an "x" account: none (PAM's pam_unix then refuses every password)

import type { AccountFact, AccountsFacts, PasswordState } from '../../facts';
import { readSource } from '../machine-root';
import { observed, type Probe, unavailable } from '../probe';

const SOURCE = '/etc/passwd,/etc/shadow';

export function passwordStateOf(field: string): PasswordState {
  if (field === '') return 'empty';
  if (field.startsWith('!') || field.startsWith('*')) return 'locked';
  return 'set';
}

export const linuxAccountsProbe: Probe<'accounts'> = {
  fact: 'accounts',
  async read(root) {
    const observedAtMs = Date.now();
    const [passwd, shadow] = await Promise.all([
      readSource(root, 'etc', 'passwd'),
      readSource(root, 'etc', 'shadow'),
    ]);
    if (!passwd.ok) return unavailable(SOURCE, passwd.reason, observedAtMs);
    if (!shadow.ok) return unavailable(SOURCE, shadow.reason, observedAtMs);
    // Only the state of each shadow entry is kept, never its text.
    const shadowStates = new Map<string, PasswordState>();
    for (const line of shadow.text.split('\n')) {
      const fields = line.split(':');
      if (fields.length < 2 || fields[0] === '' || line.startsWith('#')) continue;
      shadowStates.set(fields[0]!, passwordStateOf(fields[1]!));
    }
    const accounts: AccountFact[] = [];
    for (const line of passwd.text.split('\n')) {
      const fields = line.split(':');
      if (fields.length < 7 || fields[0] === '' || line.startsWith('#')) continue;
      const [name, field, uid] = fields as [string, string, string];
      const passwordState = field === 'x' ? (shadowStates.get(name) ?? 'none') : passwordStateOf(field);
      const parsedUid = /^\d+$/.test(uid) ? Number(uid) : null;
      accounts.push({ name, uid: parsedUid, passwordState, shell: fields[6]!.trim() || null });
    }
    return observed<AccountsFacts>(SOURCE, { accounts }, observedAtMs);
  },
};
