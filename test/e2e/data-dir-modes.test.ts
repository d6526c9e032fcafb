// The data directory end to end, with the built shoumi-collector as a real process: made 0700 with files
// 0600 even under umask 000; a directory left 0755 with a 0644 store by an older version tightened at start;
// a directory group or others may write refused with exit 2 and a message naming path, mode and fix, with
// nothing in it changed; the offline `audit verify` only warns.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dist, run } from '../support/processes';

let base: string;
let dataDir: string;

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;
const serveArgs = () => [
  'serve',
  '--data',
  dataDir,
  '--listen',
  '127.0.0.1:0',
  '--enrol-listen',
  '127.0.0.1:0',
  '--admin-listen',
  '127.0.0.1:0',
];

/** Runs shoumi-collector under `umask 000` (sh sets it; Node cannot for a child), until it logs or exits. */
async function collectorUnderUmask000(
  args: string[],
  until?: string,
  whileRunning?: () => Promise<void>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    'sh',
    ['-c', 'umask 000 && exec "$0" "$@"', process.execPath, dist('shoumi-collector'), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const exited = once(child, 'exit');
  await new Promise<void>((resolve) => {
    const onChunk = (chunk: Buffer) => {
      output += chunk.toString();
      if (until !== undefined && output.includes(`"message":"${until}"`)) resolve();
    };
    child.stdout.on('data', onChunk);
    child.stderr.on('data', onChunk);
    exited.then(() => resolve());
  });
  if (child.exitCode === null) {
    await whileRunning?.();
    child.kill('SIGTERM');
  }
  const [code] = await exited;
  return { code: code as number | null, output };
}

/** Every file and directory under `dir` with its mode, for "nothing is readable by anyone else". */
async function modesUnder(dir: string): Promise<Map<string, number>> {
  const modes = new Map<string, number>([['.', await modeOf(dir)]]);
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      modes.set(path.relative(dir, full), await modeOf(full));
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(dir);
  return modes;
}

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'shoumi-e2e-modes-'));
  dataDir = path.join(base, 'collector');
});

afterAll(async () => {
  if (base) await rm(base, { recursive: true, force: true });
});

describe('the data directory and its files', () => {
  it('under umask 000, pki init and serve make the directory 0700 and every file in it 0600', async () => {
    const init = await collectorUnderUmask000(['pki', 'init', '--data', dataDir]);
    expect(init.code, init.output).toBe(0);
    let modes = new Map<string, number>();
    const served = await collectorUnderUmask000(serveArgs(), 'collector listening', async () => {
      modes = await modesUnder(dataDir);
    });
    expect(served.output).toContain('"message":"collector listening"');
    // The files a serving collector has: the store, its WAL files, the lock, the pid, the PKI.
    const expected = ['collector.sqlite', 'collector.sqlite-wal', 'collector.sqlite-shm', 'collector.lock'];
    for (const name of [...expected, 'collector.pid', 'pki/ca.key', 'pki/ca.crt', 'pki/server.key'])
      expect(modes.has(name), name).toBe(true);
    for (const [name, mode] of modes) {
      const isDir = name === '.' || name === 'pki';
      expect(`${name} ${mode.toString(8)}`).toBe(`${name} ${isDir ? '700' : '600'}`);
    }
  });

  it('tightens a 0755 directory with a 0644 store, left so by an older version, at start', async () => {
    await chmod(dataDir, 0o755);
    await chmod(path.join(dataDir, 'collector.sqlite'), 0o644);
    await chmod(path.join(dataDir, 'pki'), 0o755);
    await chmod(path.join(dataDir, 'pki', 'ca.crt'), 0o644);
    const served = await collectorUnderUmask000(serveArgs(), 'collector listening');
    expect(served.output).toContain('"message":"data directory permissions tightened"');
    expect(served.output).toContain(`${dataDir} 0755→0700`);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(path.join(dataDir, 'collector.sqlite'))).toBe(0o600);
    expect(await modeOf(path.join(dataDir, 'pki'))).toBe(0o700);
    expect(await modeOf(path.join(dataDir, 'pki', 'ca.crt'))).toBe(0o600);
  });

  it('refuses to serve from a 0777 or 0757 directory: exit 2, path, mode and fix, nothing changed', async () => {
    const storeBefore = await readFile(path.join(dataDir, 'collector.sqlite'));
    for (const mode of [0o777, 0o757]) {
      await chmod(dataDir, mode);
      const refused = await run('shoumi-collector', serveArgs());
      expect(refused.code).toBe(2);
      const shown = `0${mode.toString(8)}`;
      expect(refused.stderr).toContain(`数据目录 ${dataDir} 的权限为 ${shown}，组或其他用户可写`);
      expect(refused.stderr).toContain(
        `data directory ${dataDir} has mode ${shown}, writable by group or others`,
      );
      expect(refused.stderr).toContain(`chmod 700 ${dataDir}`);
      expect(await modeOf(dataDir)).toBe(mode);
      expect(await readFile(path.join(dataDir, 'collector.sqlite'))).toEqual(storeBefore);
    }
  });

  it('refuses token create on such a directory too, and lets audit verify read it with a warning', async () => {
    await chmod(dataDir, 0o777);
    const token = await run('shoumi-collector', ['token', 'create', '--data', dataDir]);
    expect(token.code).toBe(2);
    expect(token.stdout).toBe('');
    expect(token.stderr).toContain('writable by group or others');

    const verify = await run('shoumi-collector', ['audit', 'verify', '--data', dataDir]);
    expect(verify.stderr).toContain(`warning: `);
    expect(verify.stderr).toContain(`data directory ${dataDir} has mode 0777`);
    expect(verify.stdout).toContain('audit chain');
    expect(await modeOf(dataDir)).toBe(0o777);
    await chmod(dataDir, 0o700);
  });
});
