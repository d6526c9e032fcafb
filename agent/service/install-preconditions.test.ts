// The decisions install makes before it spends a token, as tables of what was observed → verdict, and the
// writable probe on real directories. The systemctl answers are the states systemd documents for
// is-system-running (systemctl(1): initializing, starting, running, degraded, maintenance, stopping,
// offline, unknown); exit 0 only for running.
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from './exit-codes';
import {
  firstFailure,
  judgeCollector,
  judgeRoot,
  judgeSystemd,
  judgeWindowsScm,
  judgeWritable,
  probeWritable,
} from './install-preconditions';

const answer = (stdout: string, code = stdout === 'running\n' ? 0 : 1) => ({ code, stdout, stderr: '' });

describe('systemd: booted and running', () => {
  it.each([
    ['running\n', true],
    ['degraded\n', true],
    ['starting\n', true],
    ['initializing\n', true],
    ['maintenance\n', false],
    ['stopping\n', false],
    ['offline\n', false],
    ['unknown\n', false],
    ['', false],
  ])('is-system-running says %j → accepted %s', (stdout, accepted) => {
    const verdict = judgeSystemd(true, answer(stdout));
    expect(verdict.ok).toBe(accepted);
    if (!verdict.ok) expect(verdict.exitCode).toBe(EXIT.noServiceManager);
  });

  it('not booted with systemd (no /run/systemd/system) is refused whatever systemctl would say', () => {
    const verdict = judgeSystemd(false, answer('running\n'));
    expect(verdict).toMatchObject({
      ok: false,
      exitCode: 8,
      message: expect.stringContaining('/run/systemd/system does not exist'),
    });
  });

  it('systemctl missing (exit 127) is refused, naming what it said', () => {
    const verdict = judgeSystemd(true, { code: 127, stdout: '', stderr: 'spawn systemctl ENOENT' });
    expect(verdict).toMatchObject({ ok: false, message: expect.stringContaining('spawn systemctl ENOENT') });
  });
});

describe('the other verdicts', () => {
  it('root: uid 0 or not asked passes; any other uid is exit 6', () => {
    expect(judgeRoot(0).ok).toBe(true);
    expect(judgeRoot(undefined).ok).toBe(true);
    expect(judgeRoot(1000)).toMatchObject({
      ok: false,
      exitCode: 6,
      message: expect.stringContaining('uid 1000'),
    });
  });

  it('Windows: sc.exe query answering is a running SCM; anything else is exit 8', () => {
    expect(judgeWindowsScm({ code: 0, stdout: 'SERVICE_NAME: x', stderr: '' }).ok).toBe(true);
    expect(
      judgeWindowsScm({ code: 1722, stdout: '[SC] OpenSCManager FAILED 1722', stderr: '' }),
    ).toMatchObject({
      ok: false,
      exitCode: 8,
      message: expect.stringContaining('OpenSCManager FAILED 1722'),
    });
  });

  it('collector: pinned passes, a pin mismatch is exit 3, unreachable exit 4', () => {
    expect(judgeCollector({ kind: 'pinned' }).ok).toBe(true);
    expect(judgeCollector({ kind: 'pin-mismatch', message: 'm' })).toMatchObject({ exitCode: 3 });
    expect(judgeCollector({ kind: 'unreachable', message: 'u' })).toMatchObject({ exitCode: 4 });
  });

  it('every failure is named; the exit code is the first failure’s', () => {
    const refused = firstFailure([
      ['service manager', { ok: true, detail: 'systemd running' }],
      ['paths writable', judgeWritable([{ directory: '/opt/shoumi/bin', probedIn: '/opt', error: 'EROFS' }])],
      ['collector', judgeCollector({ kind: 'unreachable', message: 'no route' })],
    ]);
    expect(refused).toEqual({
      exitCode: 6,
      message:
        'install refused before enrolling: paths writable: cannot write where install must: /opt/shoumi/bin (tried in /opt: EROFS) | collector: no route',
    });
    expect(firstFailure([['collector', judgeCollector({ kind: 'pinned' })]])).toBeUndefined();
  });
});

describe('writable probe on real directories', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'shoumi-probe-'));
  });
  afterAll(async () => {
    await chmod(path.join(work, 'locked'), 0o755).catch(() => {});
    await rm(work, { recursive: true, force: true });
  });

  it('probes the nearest existing parent of a missing directory and leaves nothing behind', async () => {
    const probe = await probeWritable(path.join(work, 'opt', 'shoumi', 'bin'));
    expect(probe).toEqual({ directory: path.join(work, 'opt', 'shoumi', 'bin'), probedIn: work });
    expect(await readdir(work)).toEqual([]);
  });

  it('a file where a directory must go is named', async () => {
    await writeFile(path.join(work, 'etc'), 'not a directory');
    const probe = await probeWritable(path.join(work, 'etc', 'shoumi'));
    expect(probe.error).toBe(`${path.join(work, 'etc')} is not a directory`);
  });

  it('a directory that cannot be written fails with the errno (not as root: root writes anywhere)', async (context) => {
    context.skip(
      process.getuid?.() === 0,
      'running as root, who may write a 0555 directory: covered by the read-only mount in test/e2e/install-preconditions.test.ts',
    );
    const locked = path.join(work, 'locked');
    await mkdir(locked, { mode: 0o555 });
    expect((await probeWritable(path.join(locked, 'x'))).error).toBe('EACCES');
  });
});
