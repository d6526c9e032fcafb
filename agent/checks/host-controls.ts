// 3.7.5: identity authentication, access control and security audit, as a workstation can show them. Three
// checks, each needing only its own fact, so that an unreadable /etc/shadow does not blind the audit rule:
//   audit-service-running — the audit daemon runs: a process named exactly "auditd" (the kernel's own
//     thread "kauditd" is not it). Windows' Event Log service comes with the Windows processes probe.
//   screen-lock-enabled — some desktop setting locks the screen after at most max_idle_minutes of idleness.
//     No setting found at all fails: 3.7.5 demands the lock, and a desktop default the user may change is
//     not a control. A setting that says nothing about its delay cannot show the limit is kept: error.
//   no-empty-password-accounts — every account with an empty password fails; locked, set, and no password
//     entry at all (nothing to log in with) are fine.

import { reasonOf } from '../../policies/messages/reason-catalogue';
import { screenLockParams } from '../../policies/rule-params';
import type { ScreenLockSetting } from '../facts';
import type { Check, CheckOutcome } from './check';

const AUDIT = 'audit-service-running';
const SCREEN_LOCK = 'screen-lock-enabled';
const EMPTY_PASSWORDS = 'no-empty-password-accounts';
const AUDIT_DAEMONS = new Set(['auditd']);

export const auditServiceCheck: Check = {
  family: 'audit-service',
  ruleIds: [AUDIT],
  needs: ['processes'],
  judge(facts) {
    if (!facts.processes.ok) throw new Error('engine ran audit-service without processes facts');
    const { processes } = facts.processes.facts;
    const running = processes.filter((process) => AUDIT_DAEMONS.has(process.name));
    return running.length > 0
      ? [
          {
            ruleId: AUDIT,
            subject: '',
            status: 'pass',
            evidence: { running },
            reason: reasonOf('audit-service.running', {
              processes: running.map((process) => `${process.name} pid ${process.pid}`).join(', '),
            }),
          },
        ]
      : [
          {
            ruleId: AUDIT,
            subject: '',
            status: 'fail',
            evidence: { processesExamined: processes.length, lookedFor: [...AUDIT_DAEMONS] },
            reason: reasonOf('audit-service.not-running', {}),
          },
        ];
  },
};

function judgeSetting(setting: ScreenLockSetting, maxIdleSeconds: number): CheckOutcome {
  const subject = `${setting.desktop} (${setting.source})`;
  const evidence = { setting, maxIdleSeconds };
  if (setting.lockEnabled === false)
    return {
      ruleId: SCREEN_LOCK,
      subject,
      status: 'fail',
      evidence,
      reason: reasonOf('screen-lock.off', { desktop: setting.desktop }),
    };
  if (setting.idleDelaySeconds === 0)
    return {
      ruleId: SCREEN_LOCK,
      subject,
      status: 'fail',
      evidence,
      reason: reasonOf('screen-lock.never-idle', { desktop: setting.desktop }),
    };
  if (setting.idleDelaySeconds !== null && setting.idleDelaySeconds > maxIdleSeconds)
    return {
      ruleId: SCREEN_LOCK,
      subject,
      status: 'fail',
      evidence,
      reason: reasonOf('screen-lock.too-late', {
        desktop: setting.desktop,
        seconds: String(setting.idleDelaySeconds),
        maxSeconds: String(maxIdleSeconds),
      }),
    };
  if (setting.lockEnabled === null || setting.idleDelaySeconds === null)
    return {
      ruleId: SCREEN_LOCK,
      subject,
      status: 'error',
      evidence,
      reason: reasonOf(
        setting.lockEnabled === null ? 'screen-lock.unknown-whether' : 'screen-lock.unknown-delay',
        { desktop: setting.desktop },
      ),
    };
  return {
    ruleId: SCREEN_LOCK,
    subject,
    status: 'pass',
    evidence,
    reason: reasonOf('screen-lock.ok', {
      desktop: setting.desktop,
      seconds: String(setting.idleDelaySeconds),
      maxSeconds: String(maxIdleSeconds),
    }),
  };
}

export const screenLockCheck: Check = {
  family: 'screen-lock',
  ruleIds: [SCREEN_LOCK],
  needs: ['screenLock'],
  judge(facts, context) {
    if (!facts.screenLock.ok) throw new Error('engine ran screen-lock without screenLock facts');
    const rule = context.rules.get(SCREEN_LOCK);
    if (!rule) return [];
    const maxIdleSeconds = screenLockParams.parse(rule.params).max_idle_minutes * 60;
    const { settings } = facts.screenLock.facts;
    if (settings.length === 0)
      return [
        {
          ruleId: SCREEN_LOCK,
          subject: '',
          status: 'fail',
          evidence: { settings: [], source: facts.screenLock.source, maxIdleSeconds },
          reason: reasonOf('screen-lock.no-setting', {}),
        },
      ];
    return settings.map((setting) => judgeSetting(setting, maxIdleSeconds));
  },
};

export const emptyPasswordsCheck: Check = {
  family: 'empty-passwords',
  ruleIds: [EMPTY_PASSWORDS],
  needs: ['accounts'],
  judge(facts) {
    if (!facts.accounts.ok) throw new Error('engine ran empty-passwords without accounts facts');
    const { accounts } = facts.accounts.facts;
    const empty = accounts.filter((account) => account.passwordState === 'empty');
    if (empty.length === 0) {
      const states: Record<string, number> = {};
      for (const account of accounts)
        states[account.passwordState] = (states[account.passwordState] ?? 0) + 1;
      return [
        {
          ruleId: EMPTY_PASSWORDS,
          subject: '',
          status: 'pass',
          evidence: { accounts: accounts.length, states },
          reason: reasonOf('empty-passwords.none', { accounts: String(accounts.length) }),
        },
      ];
    }
    return empty.map((account) => ({
      ruleId: EMPTY_PASSWORDS,
      subject: account.name,
      status: 'fail',
      evidence: {
        account: account.name,
        uid: account.uid,
        shell: account.shell,
        passwordState: account.passwordState,
      },
      reason: reasonOf('empty-passwords.empty', { account: account.name }),
    }));
  },
};
