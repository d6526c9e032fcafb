import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirRefused, dataDirProblem, dataDirWarning, prepareDataDir } from './data-dir';

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe('dataDirProblem', () => {
  // mode → refused?, written by hand: refused exactly when group or others may write.
  const TABLE: ReadonlyArray<[number, boolean]> = [
    [0o700, false],
    [0o750, false],
    [0o755, false], // readable by others: tightened, not refused
    [0o711, false],
    [0o770, true],
    [0o720, true],
    [0o702, true],
    [0o757, true],
    [0o777, true],
    [0o1777, true],
  ];
  it('refuses a directory group or others may write, and accepts one they may only read', () => {
    for (const [mode, refused] of TABLE)
      expect(
        dataDirProblem('/d', { mode: 0o40000 | mode, uid: 1000 }, 1000) !== undefined,
        mode.toString(8),
      ).toBe(refused);
  });

  it('names the path, the mode and the fix, in Chinese and English', () => {
    const problem = dataDirProblem('/srv/shoumi', { mode: 0o40777, uid: 1000 }, 1000)!;
    expect(problem).toContain('数据目录 /srv/shoumi 的权限为 0777');
    expect(problem).toContain('data directory /srv/shoumi has mode 0777, writable by group or others');
    expect(problem).toContain('chmod 700 /srv/shoumi');
  });

  it('refuses a directory another user owns, even with mode 0700', () => {
    const problem = dataDirProblem('/srv/shoumi', { mode: 0o40700, uid: 0 }, 1000)!;
    expect(problem).toContain('owned by another user (uid 0) while this program runs as uid 1000');
  });
});

describe('prepareDataDir', () => {
  let base: string;
  beforeEach(async () => {
    base = await mkdtemp(path.join(os.tmpdir(), 'shoumi-data-dir-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('creates a missing directory 0700', async () => {
    const dir = path.join(base, 'a', 'collector');
    await prepareDataDir(dir);
    expect(await modeOf(dir)).toBe(0o700);
  });

  it('tightens a 0755 directory with a 0644 store and a 0755 pki folder to 0700 and 0600, keeping the bytes', async () => {
    const dir = path.join(base, 'collector');
    await mkdir(path.join(dir, 'pki'), { recursive: true });
    await writeFile(path.join(dir, 'collector.sqlite'), 'stored bytes');
    await writeFile(path.join(dir, 'pki', 'ca.crt'), 'cert');
    await chmod(path.join(dir, 'collector.sqlite'), 0o644);
    await chmod(path.join(dir, 'pki', 'ca.crt'), 0o664);
    await chmod(path.join(dir, 'pki'), 0o755);
    await chmod(dir, 0o755);
    const outside = path.join(base, 'outside.txt');
    await writeFile(outside, 'not ours');
    await chmod(outside, 0o644);
    await symlink(outside, path.join(dir, 'link'));

    const prepared = await prepareDataDir(dir);

    expect(await modeOf(dir)).toBe(0o700);
    expect(await modeOf(path.join(dir, 'pki'))).toBe(0o700);
    expect(await modeOf(path.join(dir, 'collector.sqlite'))).toBe(0o600);
    expect(await modeOf(path.join(dir, 'pki', 'ca.crt'))).toBe(0o600);
    expect(await readFile(path.join(dir, 'collector.sqlite'), 'utf8')).toBe('stored bytes');
    // A symbolic link is not followed: what it points at is not the collector's to change.
    expect(await modeOf(outside)).toBe(0o644);
    expect(prepared.tightened).toEqual([
      `${dir} 0755→0700`,
      `${path.join(dir, 'collector.sqlite')} 0644→0600`,
      `${path.join(dir, 'pki')} 0755→0700`,
      `${path.join(dir, 'pki', 'ca.crt')} 0664→0600`,
    ]);
  });

  it('refuses a 0777 or 0757 directory, changing nothing in it', async () => {
    for (const mode of [0o777, 0o757, 0o770]) {
      const dir = path.join(base, `open-${mode.toString(8)}`);
      await mkdir(dir);
      await writeFile(path.join(dir, 'collector.sqlite'), 'stored bytes');
      await chmod(path.join(dir, 'collector.sqlite'), 0o644);
      await chmod(dir, mode);
      const refusal = await prepareDataDir(dir).catch((error: Error) => error);
      expect(refusal).toBeInstanceOf(DataDirRefused);
      expect((refusal as Error).message).toContain(`has mode 0${mode.toString(8)}`);
      expect(await modeOf(dir)).toBe(mode);
      expect(await modeOf(path.join(dir, 'collector.sqlite'))).toBe(0o644);
    }
  });

  it('names a parent others may write, but not a sticky one like /tmp', async () => {
    const open = path.join(base, 'shared');
    await mkdir(open);
    await chmod(open, 0o777);
    const prepared = await prepareDataDir(path.join(open, 'collector'));
    expect(prepared.exposedParents).toEqual([`${open} (0777)`]);
  });
});

describe('dataDirWarning (the offline reader)', () => {
  it('warns about an open or readable directory and changes nothing', async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'shoumi-data-dir-'));
    try {
      await chmod(base, 0o777);
      expect(await dataDirWarning(base)).toContain('has mode 0777, writable by group or others');
      expect(await modeOf(base)).toBe(0o777);
      await chmod(base, 0o755);
      expect(await dataDirWarning(base)).toContain('readable by others');
      await chmod(base, 0o700);
      expect(await dataDirWarning(base)).toBeUndefined();
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
