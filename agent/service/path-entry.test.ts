// shoumi-agent on PATH: the Linux link's decision table, and the Windows machine PATH through reg.exe (which
// cannot run here: its command lines are what is tested, answered by a recorded `reg query` output in the
// format reg.exe prints — a blank line, the key, then "    NAME    TYPE    DATA").
import { lstat, mkdir, mkdtemp, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installJournal } from './install-journal';
import { installLayout } from './install-layout';
import {
  linkDecision,
  MACHINE_ENVIRONMENT_KEY,
  parseRegQuery,
  putOnPath,
  takeOffPath,
  withDirectory,
  withoutDirectory,
} from './path-entry';
import type { CommandResult, RunCommand } from './service-manager';

const REG_QUERY = `
HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment
    Path    REG_EXPAND_SZ    %SystemRoot%\\system32;%SystemRoot%;C:\\Program Files\\Git\\cmd

`;

describe('the Linux link', () => {
  it.each([
    [{ kind: 'absent' } as const, 'create'],
    [{ kind: 'link', target: '/opt/shoumi/bin/shoumi-agent' } as const, 'ours'],
    [{ kind: 'link', target: '/opt/other/shoumi-agent' } as const, 'foreign'],
    [{ kind: 'other' } as const, 'foreign'],
  ])('%j → %s', (existing, decision) => {
    expect(linkDecision(existing, '/opt/shoumi/bin/shoumi-agent')).toBe(decision);
  });

  let prefix: string;
  beforeAll(async () => {
    prefix = await mkdtemp(path.join(os.tmpdir(), 'shoumi-path-'));
  });
  afterAll(async () => {
    await rm(prefix, { recursive: true, force: true });
  });

  it('creates the link, rolls it back, and leaves a foreign file alone on install and uninstall', async () => {
    const layout = installLayout('linux', prefix);
    const run: RunCommand = async () => {
      throw new Error('no command runs for the Linux link');
    };
    const journal = installJournal(layout.onDisk);
    expect(await putOnPath({ layout, real: false, run }, journal)).toBe(
      '/usr/local/bin/shoumi-agent → /opt/shoumi/bin/shoumi-agent',
    );
    expect(await readlink(path.join(prefix, 'usr/local/bin/shoumi-agent'))).toBe(
      '/opt/shoumi/bin/shoumi-agent',
    );
    expect(await journal.rollback()).toEqual([
      'removed /usr/local/bin/shoumi-agent',
      `removed ${path.join(prefix, 'usr/local/bin')}`,
      `removed ${path.join(prefix, 'usr/local')}`,
      `removed ${path.join(prefix, 'usr')}`,
    ]);
    await mkdir(path.join(prefix, 'usr/local/bin'), { recursive: true });
    await writeFile(path.join(prefix, 'usr/local/bin/shoumi-agent'), 'someone else’s');
    expect(await putOnPath({ layout, real: false, run }, installJournal(layout.onDisk))).toBe(
      '/usr/local/bin/shoumi-agent left alone: it is a file not made by this install, so shoumi-agent is not on PATH; run /opt/shoumi/bin/shoumi-agent',
    );
    expect(await takeOffPath({ layout, real: false, run }, layout.binary)).toBe(
      '/usr/local/bin/shoumi-agent is not our link; left alone',
    );
    expect((await lstat(path.join(prefix, 'usr/local/bin/shoumi-agent'))).isFile()).toBe(true);
    await rm(path.join(prefix, 'usr/local/bin/shoumi-agent'));
    await symlink('/opt/shoumi/bin/shoumi-agent', path.join(prefix, 'usr/local/bin/shoumi-agent'));
    expect(await takeOffPath({ layout, real: false, run }, layout.binary)).toBe(
      'removed /usr/local/bin/shoumi-agent',
    );
  });
});

describe('the Windows machine PATH', () => {
  it('reads the value and its type from reg query', () => {
    expect(parseRegQuery(REG_QUERY)).toEqual({
      type: 'REG_EXPAND_SZ',
      value: '%SystemRoot%\\system32;%SystemRoot%;C:\\Program Files\\Git\\cmd',
    });
    expect(
      parseRegQuery('ERROR: The system was unable to find the specified registry key or value.'),
    ).toBeUndefined();
  });

  it('adds once, compares without case or trailing backslash, removes only ours', () => {
    expect(withDirectory('A;B', 'C:\\Program Files\\shoumi')).toBe('A;B;C:\\Program Files\\shoumi');
    expect(withDirectory('A;c:\\program files\\SHOUMI\\;B', 'C:\\Program Files\\shoumi')).toBeUndefined();
    expect(withoutDirectory('A;C:\\Program Files\\shoumi;B', 'C:\\Program Files\\shoumi')).toBe('A;B');
    expect(withoutDirectory('A;B', 'C:\\Program Files\\shoumi')).toBeUndefined();
  });

  it('writes with reg add keeping REG_EXPAND_SZ, and the rollback writes the old value back', async () => {
    const calls: string[][] = [];
    const run: RunCommand = async (command, args): Promise<CommandResult> => {
      calls.push([command, ...args]);
      return {
        code: 0,
        stdout: args[0] === 'query' ? REG_QUERY : 'The operation completed successfully.',
        stderr: '',
      };
    };
    const layout = installLayout('win32', '/');
    const journal = installJournal(layout.onDisk);
    expect(await putOnPath({ layout, real: true, run }, journal)).toBe(
      'C:\\Program Files\\shoumi added to the machine PATH (new sessions see it)',
    );
    const old = '%SystemRoot%\\system32;%SystemRoot%;C:\\Program Files\\Git\\cmd';
    const add = (value: string) => [
      'reg.exe',
      'add',
      MACHINE_ENVIRONMENT_KEY,
      '/v',
      'Path',
      '/t',
      'REG_EXPAND_SZ',
      '/d',
      value,
      '/f',
    ];
    expect(calls).toEqual([
      ['reg.exe', 'query', MACHINE_ENVIRONMENT_KEY, '/v', 'Path'],
      add(`${old};C:\\Program Files\\shoumi`),
    ]);
    expect(await journal.rollback()).toEqual([
      'removed C:\\Program Files\\shoumi from the machine PATH again',
    ]);
    expect(calls[2]).toEqual(add(old));
  });
});
