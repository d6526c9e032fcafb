// The 3.7.5 host controls on facts the Linux probes read from recorded roots (host-processes with auditd
// running, host-accounts with an empty password, host-dconf-*), and on unreadable facts through the engine.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EMPTY_LEDGER_SLICE } from '../../policies/model';
import type { Facts, ProbeResult, ProcessesFacts, ScreenLockFacts } from '../facts';
import { linuxAccountsProbe } from '../probes/accounts/linux';
import { machineRoot } from '../probes/machine-root';
import { linuxProcessesProbe } from '../probes/processes/linux';
import { linuxScreenLockProbe } from '../probes/screen-lock/linux';
import { evaluate } from './engine';
import {
  contextFor,
  judgeInEnglish,
  makeFacts,
  OBSERVED_AT_MS,
  ruleFor,
  unreadable,
} from './facts-for-tests';
import { auditServiceCheck, emptyPasswordsCheck, screenLockCheck } from './host-controls';

const ROOTS = path.resolve(__dirname, '../../test/fixtures/roots');
const root = (name: string) => machineRoot(path.join(ROOTS, name));
const readable = <T>(facts: T): ProbeResult<T> => ({
  ok: true,
  facts,
  source: 'test',
  observedAtMs: OBSERVED_AT_MS,
});
const SCREEN = [ruleFor('screen-lock-enabled', { max_idle_minutes: 10 })];

function errorsWhenUnreadable(
  check: typeof auditServiceCheck,
  fact: keyof Facts,
  ruleId: string,
  params = {},
) {
  const findings = evaluate(
    makeFacts({ [fact]: unreadable('test', 'cannot read /etc/shadow: EACCES (permission denied)') }),
    { name: 't', version: '1', rules: [ruleFor(ruleId, params)] },
    EMPTY_LEDGER_SLICE,
    { nowMs: 0, sweepId: 's' },
    { checks: [check], pending: new Map() },
  );
  return findings.map((finding) => finding.status);
}

describe('audit-service-running', () => {
  it('passes with auditd running, and does not take the kernel thread kauditd for it', async () => {
    const processes = await linuxProcessesProbe.read(root('host-processes'));
    expect(
      judgeInEnglish(
        auditServiceCheck,
        makeFacts({ processes }),
        contextFor([ruleFor('audit-service-running')]),
      )[0],
    ).toMatchObject({
      status: 'pass',
      evidence: { running: [{ name: 'auditd' }] },
    });
    if (!processes.ok) throw new Error(processes.reason);
    const withoutDaemon = readable<ProcessesFacts>({
      processes: processes.facts.processes.filter((process) => process.name !== 'auditd'),
    });
    expect(
      judgeInEnglish(
        auditServiceCheck,
        makeFacts({ processes: withoutDaemon }),
        contextFor([ruleFor('audit-service-running')]),
      )[0]!.status,
    ).toBe('fail');
  });

  it('is an error when processes cannot be read', () => {
    expect(errorsWhenUnreadable(auditServiceCheck, 'processes', 'audit-service-running')).toEqual(['error']);
  });
});

describe('no-empty-password-accounts', () => {
  it('fails each account with an empty password and nothing else', async () => {
    const accounts = await linuxAccountsProbe.read(root('host-accounts'));
    const outcomes = judgeInEnglish(
      emptyPasswordsCheck,
      makeFacts({ accounts }),
      contextFor([ruleFor('no-empty-password-accounts')]),
    );
    expect(outcomes.map((outcome) => [outcome.subject, outcome.status])).toEqual([['guest2', 'fail']]);
    expect(JSON.stringify(outcomes)).not.toContain('$6$');
  });

  it('passes when every account is locked, set or has no password entry', () => {
    const accounts = readable({
      accounts: [
        { name: 'root', uid: 0, passwordState: 'locked' as const, shell: '/bin/bash' },
        { name: 'alice', uid: 1000, passwordState: 'set' as const, shell: '/bin/bash' },
        { name: 'svc', uid: 998, passwordState: 'none' as const, shell: '/usr/sbin/nologin' },
      ],
    });
    expect(
      judgeInEnglish(
        emptyPasswordsCheck,
        makeFacts({ accounts }),
        contextFor([ruleFor('no-empty-password-accounts')]),
      )[0],
    ).toMatchObject({
      status: 'pass',
      evidence: { states: { locked: 1, set: 1, none: 1 } },
    });
  });

  it('is an error when shadow cannot be read', () => {
    expect(errorsWhenUnreadable(emptyPasswordsCheck, 'accounts', 'no-empty-password-accounts')).toEqual([
      'error',
    ]);
  });
});

describe('screen-lock-enabled', () => {
  it('passes GNOME locking after 10 minutes and fails UKUI locking after 15', async () => {
    const gnome = await linuxScreenLockProbe.read(root('host-dconf-gnome'));
    const ukui = await linuxScreenLockProbe.read(root('host-dconf-ukui'));
    expect(
      judgeInEnglish(screenLockCheck, makeFacts({ screenLock: gnome }), contextFor(SCREEN))[0]!.status,
    ).toBe('pass');
    const [failed] = judgeInEnglish(screenLockCheck, makeFacts({ screenLock: ukui }), contextFor(SCREEN));
    expect(failed).toMatchObject({ status: 'fail', reason: expect.stringContaining('900 s') });
  });

  it('fails when no setting is found, and when the lock is switched off', () => {
    const none = readable<ScreenLockFacts>({ settings: [] });
    expect(
      judgeInEnglish(screenLockCheck, makeFacts({ screenLock: none }), contextFor(SCREEN))[0],
    ).toMatchObject({
      status: 'fail',
      reason: 'no system-wide screen lock setting was found',
    });
    const off = readable<ScreenLockFacts>({
      settings: [
        { desktop: 'gnome', lockEnabled: false, idleDelaySeconds: 300, source: '/etc/dconf/db/local.d' },
      ],
    });
    expect(
      judgeInEnglish(screenLockCheck, makeFacts({ screenLock: off }), contextFor(SCREEN))[0]!.status,
    ).toBe('fail');
  });

  it('is an error when the settings cannot be read', () => {
    expect(
      errorsWhenUnreadable(screenLockCheck, 'screenLock', 'screen-lock-enabled', { max_idle_minutes: 10 }),
    ).toEqual(['error']);
  });
});
