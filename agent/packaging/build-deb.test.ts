// The .deb as dpkg-deb sees it: control fields, file owners and modes, the maintainer scripts present and
// parseable by sh. Built from stand-in executables (a few bytes each: what is inspected is the packaging,
// not the executable, which build-sea's tests cover); installing a package for real, with systemd running
// the service, is the systemd guest suite's (see the top of build-deb.ts for the steps).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDebs, MAINTAINER_SCRIPTS } from './build-deb';

const dpkgDeb = spawnSync('dpkg-deb', ['--version']);
const missing = dpkgDeb.error ? 'dpkg-deb is not installed (Debian package dpkg)' : undefined;

let work: string;
let built: string[];

beforeAll(async () => {
  if (missing) return;
  work = await mkdtemp(path.join(os.tmpdir(), 'shoumi-deb-'));
  await writeFile(path.join(work, 'shoumi-agent-linux-x64'), '#!/bin/sh\necho x64\n', { mode: 0o700 });
  await writeFile(path.join(work, 'shoumi-agent-linux-arm64'), '#!/bin/sh\necho arm64\n', { mode: 0o600 });
  built = buildDebs(work, work, '0.1.0').built;
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

const dpkg = (...args: string[]) => execFileSync('dpkg-deb', args, { encoding: 'utf8' });

describe.skipIf(missing)(`the agent's .deb${missing ? ` (skipped: ${missing})` : ''}`, () => {
  it('one per Linux architecture, named as Debian names packages', async () => {
    expect(built.map((file) => path.basename(file))).toEqual([
      'shoumi-agent_0.1.0_amd64.deb',
      'shoumi-agent_0.1.0_arm64.deb',
    ]);
    // The staging directories are gone.
    expect((await readdir(work)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('has the control fields, and the three maintainer scripts', () => {
    const amd64 = built[0] as string;
    expect(dpkg('-f', amd64, 'Package', 'Version', 'Architecture', 'Depends', 'Section')).toBe(
      [
        'Package: shoumi-agent',
        'Version: 0.1.0',
        'Architecture: amd64',
        'Depends: libc6 (>= 2.28), libstdc++6 (>= 5), libgcc-s1 | libgcc1',
        'Section: admin',
        '',
      ].join('\n'),
    );
    expect(dpkg('-f', built[1] as string, 'Architecture')).toBe('arm64\n');
    const info = dpkg('-I', amd64);
    for (const script of MAINTAINER_SCRIPTS) {
      expect(info).toMatch(new RegExp(`^ +\\d+ bytes, +\\d+ lines +\\* +${script} +#!/bin/sh$`, 'm'));
    }
    expect(info).toMatch(/^ Installed-Size: 1$/m);
  });

  it('holds only the executable, root-owned, 0755, whatever the source mode and the builder', () => {
    for (const [file, body] of [
      [built[0], 'echo x64'],
      [built[1], 'echo arm64'],
    ] as const) {
      const listing = dpkg('-c', file as string)
        .trim()
        .split('\n')
        .map((line) => {
          const [mode, owner, , , , name] = line.split(/\s+/);
          return `${mode} ${owner} ${name}`;
        });
      expect(listing).toEqual([
        'drwxr-xr-x root/root ./',
        'drwxr-xr-x root/root ./usr/',
        'drwxr-xr-x root/root ./usr/lib/',
        'drwxr-xr-x root/root ./usr/lib/shoumi-agent/',
        '-rwxr-xr-x root/root ./usr/lib/shoumi-agent/shoumi-agent',
      ]);
      expect(execFileSync('dpkg-deb', ['--fsys-tarfile', file as string]).includes(body)).toBe(true);
    }
  });

  it('maintainer scripts are executable and sh -n clean', async () => {
    const control = path.join(work, 'control');
    dpkg('-e', built[0] as string, control);
    for (const script of MAINTAINER_SCRIPTS) {
      const file = path.join(control, script);
      const check = spawnSync('sh', ['-n', file], { encoding: 'utf8' });
      expect(check.status, `${script}: ${check.stderr}`).toBe(0);
      expect(execFileSync('stat', ['-c', '%a', file], { encoding: 'utf8' }).trim()).toBe('755');
    }
  });
});
