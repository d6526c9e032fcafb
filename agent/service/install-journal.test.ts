// The install journal on real files: what was there comes back byte for byte with its mode, what was not is
// removed with the directories made for it, a link gets its old target, kept paths are not touched, and a
// commit leaves no copies behind.
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installJournal, ROLLBACK_SUFFIX } from './install-journal';

let prefix: string;
const at = (target: string) => path.join(prefix, target);

beforeEach(async () => {
  prefix = await mkdtemp(path.join(os.tmpdir(), 'shoumi-journal-'));
  await mkdir(at('etc/shoumi'), { recursive: true });
  await writeFile(at('etc/shoumi/agent.json'), 'previous config');
  await chmod(at('etc/shoumi/agent.json'), 0o600);
  await mkdir(at('usr/local/bin'), { recursive: true });
  await symlink('/opt/old/shoumi-agent', at('usr/local/bin/shoumi-agent'));
});
afterEach(async () => {
  await rm(prefix, { recursive: true, force: true });
});

describe('install journal', () => {
  it('rollback restores, removes and relinks, in reverse order, and says so', async () => {
    const journal = installJournal(at);
    await journal.willWrite('/etc/shoumi/agent.json');
    await writeFile(at('etc/shoumi/agent.json'), 'new config');
    await journal.willCreateDirectory(at('opt/shoumi/bin'));
    await journal.willWrite('/opt/shoumi/bin/shoumi-agent');
    await writeFile(at('opt/shoumi/bin/shoumi-agent'), 'new binary');
    await journal.willWrite('/usr/local/bin/shoumi-agent');
    await rm(at('usr/local/bin/shoumi-agent'));
    await symlink('/opt/shoumi/bin/shoumi-agent', at('usr/local/bin/shoumi-agent'));
    const steps: string[] = [];
    journal.did('a step', async () => {
      steps.push('undone');
    });
    expect(await journal.rollback()).toEqual([
      'a step',
      'restored /usr/local/bin/shoumi-agent → /opt/old/shoumi-agent',
      'removed /opt/shoumi/bin/shoumi-agent',
      `removed ${at('opt/shoumi/bin')}`,
      `removed ${at('opt/shoumi')}`,
      `removed ${at('opt')}`,
      'restored /etc/shoumi/agent.json',
    ]);
    expect(steps).toEqual(['undone']);
    expect(await readFile(at('etc/shoumi/agent.json'), 'utf8')).toBe('previous config');
    expect((await stat(at('etc/shoumi/agent.json'))).mode & 0o777).toBe(0o600);
    expect(await readlink(at('usr/local/bin/shoumi-agent'))).toBe('/opt/old/shoumi-agent');
    expect((await readdir(prefix)).sort()).toEqual(['etc', 'usr']);
    expect(await readdir(at('etc/shoumi'))).toEqual(['agent.json']);
  });

  it('keep() leaves a path and what is under it; an undo that fails is reported and the rest still run', async () => {
    const journal = installJournal(at);
    await journal.willCreateDirectory(at('var/lib/shoumi-agent'));
    await journal.willWrite('/var/lib/shoumi-agent/device-id');
    await writeFile(at('var/lib/shoumi-agent/device-id'), 'dev-1');
    await journal.keep('/var/lib/shoumi-agent');
    journal.did('a step that fails', async () => {
      throw new Error('no bus');
    });
    await journal.willWrite('/etc/shoumi/agent.json');
    await writeFile(at('etc/shoumi/agent.json'), 'new config');
    expect(await journal.rollback()).toEqual([
      'restored /etc/shoumi/agent.json',
      'could not undo (a step that fails): no bus',
      `kept ${at('var/lib')} (not empty: shoumi-agent)`,
      `kept ${at('var')} (not empty: lib)`,
    ]);
    expect(await readFile(at('var/lib/shoumi-agent/device-id'), 'utf8')).toBe('dev-1');
  });

  it('commit drops the copies', async () => {
    const journal = installJournal(at);
    await journal.willWrite('/etc/shoumi/agent.json');
    expect(await readdir(at('etc/shoumi'))).toEqual(['agent.json', `agent.json${ROLLBACK_SUFFIX}`]);
    await journal.commit();
    expect(await readdir(at('etc/shoumi'))).toEqual(['agent.json']);
    expect(await journal.rollback()).toEqual([]);
  });
});
