// Against host-accounts: this sandbox's Debian 12 /etc/passwd and /etc/shadow with three users added by
// shadow-utils 4.13 itself (useradd/usermod --prefix; see test/fixtures/roots/host-accounts/README.md).

import { readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { machineRoot } from '../machine-root';
import { linuxAccountsProbe, passwordStateOf } from './linux';

const ROOT = path.resolve(__dirname, '../../../test/fixtures/roots/host-accounts');

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('linux accounts probe', () => {
  it('classifies every account and keeps no hash', async () => {
    const result = await linuxAccountsProbe.read(machineRoot(ROOT));
    if (!result.ok) throw new Error(result.reason);
    const byName = new Map(result.facts.accounts.map((account) => [account.name, account]));
    expect(byName.get('operator1')).toEqual({
      name: 'operator1',
      uid: 1001,
      passwordState: 'set',
      shell: '/bin/bash',
    });
    expect(byName.get('guest2')).toMatchObject({ passwordState: 'empty', uid: 1002 });
    expect(byName.get('auditor3')).toMatchObject({ passwordState: 'locked' });
    expect(byName.get('root')).toMatchObject({ uid: 0, passwordState: 'locked' });
    expect(byName.get('systemd-network')).toMatchObject({ passwordState: 'locked' });
    expect(result.facts.accounts).toHaveLength(
      readFileSync(path.join(ROOT, 'etc/passwd'), 'utf8').trim().split('\n').length,
    );
    expect(JSON.stringify(result)).not.toContain('$6$');
  });

  it('reads the password states of shadow(5)', () => {
    expect(['', '!', '*', '!*', '!$6$x', '$y$j9T$abc'].map(passwordStateOf)).toEqual([
      'empty',
      'locked',
      'locked',
      'locked',
      'locked',
      'set',
    ]);
  });

  it('is unavailable, naming /etc/shadow and the errno, when shadow cannot be read', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'shoumi-accounts-'));
    temporary.push(dir);
    await mkdir(path.join(dir, 'etc'));
    await cp(path.join(ROOT, 'etc/passwd'), path.join(dir, 'etc/passwd'));
    const result = await linuxAccountsProbe.read(machineRoot(dir));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/etc\/shadow: ENOENT/);
  });
});
