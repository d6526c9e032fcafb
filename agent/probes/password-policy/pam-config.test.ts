// The PAM line syntax of pam.conf(5) / pam.d(5), expected values written out by hand.

import { describe, expect, it } from 'vitest';
import { argumentMap, bracketActions, moduleName, parsePamFile } from './pam-config';
import { failureEndsLogin, lineThatCanSkip, type StackEntry } from './pam-stack';

describe('parsePamFile', () => {
  it('reads types, controls (plain and bracketed), module paths and arguments; drops comments', () => {
    const parsed = parsePamFile(
      [
        '#%PAM-1.0',
        '# a comment line',
        'auth\t[success=1 default=ignore]\tpam_unix.so nullok   # trailing comment',
        'password    requisite     pam_pwquality.so retry=3 minlen=12',
        '',
        '-session optional pam_systemd.so',
        'AUTH required /lib/x86_64-linux-gnu/security/pam_env.so',
      ].join('\n'),
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.lines).toEqual([
      {
        kind: 'module',
        type: 'auth',
        control: '[success=1 default=ignore]',
        modulePath: 'pam_unix.so',
        args: ['nullok'],
        skipIfMissing: false,
        line: 3,
      },
      {
        kind: 'module',
        type: 'password',
        control: 'requisite',
        modulePath: 'pam_pwquality.so',
        args: ['retry=3', 'minlen=12'],
        skipIfMissing: false,
        line: 4,
      },
      {
        kind: 'module',
        type: 'session',
        control: 'optional',
        modulePath: 'pam_systemd.so',
        args: [],
        skipIfMissing: true,
        line: 6,
      },
      {
        kind: 'module',
        type: 'auth',
        control: 'required',
        modulePath: '/lib/x86_64-linux-gnu/security/pam_env.so',
        args: [],
        skipIfMissing: false,
        line: 7,
      },
    ]);
  });

  it('joins a line continued with a backslash, numbered by its first line', () => {
    const parsed = parsePamFile(
      'auth required pam_tally2.so deny=3 \\\n    unlock_time=1800\naccount required pam_unix.so',
    );
    expect(parsed.lines.map((line) => (line.kind === 'module' ? [line.line, line.args] : null))).toEqual([
      [1, ['deny=3', 'unlock_time=1800']],
      [3, []],
    ]);
  });

  it('keeps a bracketed control with spaces whole and a bracketed argument without its brackets', () => {
    const parsed = parsePamFile(
      'auth [success=done   ignore=ignore default=die] pam_pkcs11.so wait_for_card\n' +
        'auth required pam_mysql.so [query=select user from t where a\\]b] other',
    );
    expect(parsed.lines).toMatchObject([
      {
        control: '[success=done ignore=ignore default=die]',
        modulePath: 'pam_pkcs11.so',
        args: ['wait_for_card'],
      },
      {
        control: 'required',
        modulePath: 'pam_mysql.so',
        args: ['query=select user from t where a]b', 'other'],
      },
    ]);
  });

  it('reads @include (every type) and the include and substack controls (one type)', () => {
    const parsed = parsePamFile(
      '@include common-auth\nauth include system-auth\npassword substack password-auth\n',
    );
    expect(parsed.lines).toEqual([
      { kind: 'include', type: null, how: 'include', file: 'common-auth', line: 1 },
      { kind: 'include', type: 'auth', how: 'include', file: 'system-auth', line: 2 },
      { kind: 'include', type: 'password', how: 'substack', file: 'password-auth', line: 3 },
    ]);
  });

  it('reports lines PAM would refuse instead of guessing', () => {
    const parsed = parsePamFile(
      'login required pam_unix.so\nauth [success=1 pam_unix.so\nauth required\n@include\n',
    );
    expect(parsed.lines).toEqual([]);
    expect(parsed.problems.map((problem) => [problem.line, problem.problem])).toEqual([
      [1, 'unknown type "login"'],
      [2, 'unbalanced bracket'],
      [3, 'fewer than three fields'],
      [4, '@include without a file'],
    ]);
  });
});

describe('module lines', () => {
  it('names the module, maps arguments, reads bracket actions', () => {
    expect(moduleName('/usr/lib64/security/pam_faillock.so')).toBe('pam_faillock.so');
    expect([...argumentMap(['deny=5', 'authfail', 'deny=4'])]).toEqual([
      ['deny', '4'],
      ['authfail', ''],
    ]);
    expect([...bracketActions('[success=1 default=ignore]')!]).toEqual([
      ['success', '1'],
      ['default', 'ignore'],
    ]);
    expect(bracketActions('required')).toBeNull();
  });

  it('tells controls whose failure fails the stack', () => {
    const table: [string, boolean][] = [
      ['required', true],
      ['requisite', true],
      ['sufficient', false],
      ['optional', false],
      ['[success=ok default=bad]', true],
      ['[success=done ignore=ignore default=die]', true],
      ['[success=1 default=ignore]', false],
      ['[default=die]', true],
      ['[success=ok auth_err=ignore default=bad]', false],
    ];
    expect(table.map(([control]) => [control, failureEndsLogin(control)])).toEqual(table);
  });

  it('finds the earlier line that can skip a line: sufficient, done, or a jump landing past it', () => {
    const entry = (control: string, scope = 0): StackEntry => ({
      kind: 'module',
      type: 'auth',
      control,
      modulePath: 'pam_x.so',
      args: [],
      skipIfMissing: false,
      line: 1,
      at: `/etc/pam.d/x:${control}`,
      scope,
    });
    const stack = [
      entry('required'),
      entry('[success=1 default=ignore]'),
      entry('requisite'),
      entry('required'),
    ];
    expect(lineThatCanSkip(stack, 1)).toBeNull();
    // success=1 from index 1 lands on index 3, jumping over index 2 only.
    expect(lineThatCanSkip(stack, 2)?.control).toBe('[success=1 default=ignore]');
    expect(lineThatCanSkip(stack, 3)).toBeNull();
    expect(lineThatCanSkip([entry('sufficient'), entry('required')], 1)?.control).toBe('sufficient');
    expect(lineThatCanSkip([entry('[success=done default=ignore]'), entry('required')], 1)).not.toBeNull();
    // A substack's own done ends the substack only.
    expect(lineThatCanSkip([entry('sufficient', 1), entry('required', 0)], 1)).toBeNull();
  });
});
