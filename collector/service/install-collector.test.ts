// install and uninstall into a temporary root (--prefix): the files, their modes, what a second install keeps,
// and a refusal that changes nothing. The package folder here is a stand-in with the files install checks
// for; test/package/collector-package.test.ts installs the real one.
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseCollectorConfig } from './collector-config';
import { PACKAGE_FILES } from './collector-layout';
import { glibcProblem, installCollector } from './install-collector';
import { InstallFailure } from './install-failure';
import type { RunCommand } from './system-commands';
import { uninstallCollector } from './uninstall-collector';

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function temporary(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `shoumi-collector-${name}-`));
  made.push(dir);
  return dir;
}

/** A folder with the files install looks for; the executable is a script that says which package it is. */
async function fakePackage(label: string): Promise<string> {
  const dir = await temporary('package');
  for (const file of PACKAGE_FILES) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(
      path.join(dir, file),
      file === 'shoumi-collector' ? `#!/bin/sh\necho ${label}\n` : label,
      {
        mode: file === 'shoumi-collector' ? 0o700 : 0o600,
      },
    );
  }
  return dir;
}

const mode = async (file: string) => ((await stat(file)).mode & 0o7777).toString(8).padStart(4, '0');

/** No command may run under --prefix: this records any attempt and fails it. */
function forbiddenRun(): { run: RunCommand; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    run: async (command, args) => {
      calls.push([command, ...args].join(' '));
      return { code: 1, stdout: '', stderr: 'not in a test' };
    },
  };
}

describe('install --prefix', () => {
  it('writes the folder, the config, the unit, the link and a CA, with the modes chosen, and runs nothing', async () => {
    const root = await temporary('root');
    const source = await fakePackage('v1');
    const { run, calls } = forbiddenRun();
    const result = await installCollector({
      sourceDir: source,
      flags: { unit: '某市某局机关', listen: '0.0.0.0:17700' },
      hostnames: ['collector.example'],
      ips: ['10.1.2.3'],
      prefix: root,
      run,
    });
    expect(calls).toEqual([]);
    expect(result.service).toBe('not started (--prefix)');
    expect(result.upgraded).toBe(false);

    const home = path.join(root, 'opt/shoumi-collector');
    expect(await mode(home)).toBe('0755');
    expect(await mode(path.join(home, 'shoumi-collector'))).toBe('0755');
    expect(await mode(path.join(home, 'lib/shoumi-collector.cjs'))).toBe('0644');
    expect(await readFile(path.join(home, 'policies/baseline.yaml'), 'utf8')).toBe('v1');
    expect(await readlink(path.join(root, 'usr/local/bin/shoumi-collector'))).toBe(
      '/opt/shoumi-collector/shoumi-collector',
    );

    const configFile = path.join(root, 'etc/shoumi/collector.yaml');
    expect(await mode(configFile)).toBe('0640');
    const parsed = parseCollectorConfig(await readFile(configFile, 'utf8'), configFile);
    expect(parsed).toEqual({
      ok: true,
      config: {
        unit: '某市某局机关',
        listen: '0.0.0.0:17700',
        'enrol-listen': '0.0.0.0:7702',
        'admin-listen': '127.0.0.1:7701',
        data: '/var/lib/shoumi-collector',
        policy: '/opt/shoumi-collector/policies/baseline.yaml',
      },
    });

    const unit = await readFile(path.join(root, 'etc/systemd/system/shoumi-collector.service'), 'utf8');
    expect(await mode(path.join(root, 'etc/systemd/system/shoumi-collector.service'))).toBe('0644');
    expect(unit).toContain(
      'ExecStart=/opt/shoumi-collector/shoumi-collector serve --config /etc/shoumi/collector.yaml',
    );
    expect(unit).toContain('ReadWritePaths=/var/lib/shoumi-collector');
    expect(unit).toContain('\nCapabilityBoundingSet=\n');

    // The CA: its fingerprint is the one printed, and the server certificate names the given host and address.
    const pki = path.join(root, 'var/lib/shoumi-collector/pki');
    expect(await mode(path.join(root, 'var/lib/shoumi-collector'))).toBe('0700');
    const ca = new X509Certificate(await readFile(path.join(pki, 'ca.crt')));
    expect(result.caSha256).toBe(ca.fingerprint256.replaceAll(':', '').toLowerCase());
    const server = new X509Certificate(await readFile(path.join(pki, 'server.crt')));
    expect(server.subjectAltName).toContain('DNS:collector.example');
    expect(server.subjectAltName).toContain('IP Address:10.1.2.3');
  }, 60_000);

  it('a second install replaces the folder, keeps the CA and the settings no flag changes', async () => {
    const root = await temporary('root');
    const first = await installCollector({
      sourceDir: await fakePackage('v1'),
      flags: { unit: '某单位', 'disk-reserve': '2GiB' },
      hostnames: [],
      ips: [],
      prefix: root,
      run: forbiddenRun().run,
    });
    const second = await installCollector({
      sourceDir: await fakePackage('v2'),
      flags: { 'admin-listen': '0.0.0.0:7701' },
      hostnames: [],
      ips: [],
      prefix: root,
      run: forbiddenRun().run,
    });
    expect(second.upgraded).toBe(true);
    expect(second.caSha256).toBe(first.caSha256);
    expect(second.config).toMatchObject({
      unit: '某单位',
      'disk-reserve': '2GiB',
      'admin-listen': '0.0.0.0:7701',
    });
    expect(await readFile(path.join(root, 'opt/shoumi-collector/policies/baseline.yaml'), 'utf8')).toBe('v2');
    // Nothing staged is left beside the folder.
    expect((await readdir(path.join(root, 'opt'))).sort()).toEqual(['shoumi-collector']);
  }, 60_000);

  it('a port below 1024 gives the unit CAP_NET_BIND_SERVICE', async () => {
    const root = await temporary('root');
    await installCollector({
      sourceDir: await fakePackage('v1'),
      flags: { listen: '0.0.0.0:700' },
      hostnames: [],
      ips: [],
      prefix: root,
      run: forbiddenRun().run,
    });
    const unit = await readFile(path.join(root, 'etc/systemd/system/shoumi-collector.service'), 'utf8');
    expect(unit).toContain('\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\n');
  }, 60_000);

  it('refuses a bad value, a relative data directory, an unusable operator key or an incomplete folder before writing anything', async () => {
    const keys = await temporary('keys');
    const readable = path.join(keys, 'readable.key');
    await writeFile(readable, `${Buffer.alloc(32, 7).toString('base64')}\n`, { mode: 0o644 });
    const short = path.join(keys, 'short.key');
    await writeFile(short, `${Buffer.alloc(16, 7).toString('base64')}\n`, { mode: 0o600 });
    const store = 'postgres://shoumi@db.example/shoumi';
    const cases: Array<{ flags: Record<string, string>; source?: 'incomplete'; message: RegExp }> = [
      { flags: { listen: 'everywhere' }, message: /^--listen everywhere: expected HOST:PORT/ },
      { flags: { 'seal-interval': 'often' }, message: /^--seal-interval "often"/ },
      { flags: { data: 'var/lib/c' }, message: /data directory must be an absolute path/ },
      {
        flags: { store, 'operator-key': readable },
        message: /readable\.key has mode 0644: others may read it; chmod 600/,
      },
      {
        flags: { store, 'operator-key': short },
        message: /short\.key: expected one line of base64 holding 32 bytes/,
      },
      {
        flags: { store, 'operator-key': path.join(keys, 'absent.key') },
        message: /absent\.key: no such file/,
      },
      {
        flags: {},
        source: 'incomplete',
        message: /lib\/shoumi-collector\.cjs is missing: install runs from the unpacked/,
      },
    ];
    for (const { flags, source, message } of cases) {
      const root = await temporary('root');
      let sourceDir = await fakePackage('v1');
      if (source === 'incomplete') {
        sourceDir = await temporary('package');
        await writeFile(path.join(sourceDir, 'shoumi-collector'), '');
      }
      const attempt = installCollector({
        sourceDir,
        flags,
        hostnames: [],
        ips: [],
        prefix: root,
        run: forbiddenRun().run,
      });
      await expect(attempt).rejects.toThrow(message);
      await expect(attempt).rejects.toMatchObject({ exitCode: 2 });
      await expect(attempt).rejects.toBeInstanceOf(InstallFailure);
      expect(await readdir(root)).toEqual([]);
    }
  }, 60_000);

  it("places the operator key in the data directory, the service's own, and names it in the config", async () => {
    const root = await temporary('root');
    const keys = await temporary('keys');
    // As `shoumi-collector cluster key` writes one: a line of base64 holding 32 bytes, mode 0600.
    const keyText = `${Buffer.alloc(32, 7).toString('base64')}\n`;
    const original = path.join(keys, 'operator.key');
    await writeFile(original, keyText, { mode: 0o600 });
    const store = 'postgres://shoumi@db.example/shoumi';
    const lines: string[] = [];
    await installCollector({
      sourceDir: await fakePackage('v1'),
      flags: { store, 'operator-key': original },
      hostnames: [],
      ips: [],
      prefix: root,
      run: forbiddenRun().run,
      say: (line) => lines.push(line),
    });
    const installed = path.join(root, 'var/lib/shoumi-collector/operator.key');
    expect(await readFile(installed, 'utf8')).toBe(keyText);
    expect(await mode(installed)).toBe('0400');
    const configFile = path.join(root, 'etc/shoumi/collector.yaml');
    const config = parseCollectorConfig(await readFile(configFile, 'utf8'), configFile);
    expect(config).toMatchObject({
      ok: true,
      config: { store, 'operator-key': '/var/lib/shoumi-collector/operator.key' },
    });
    expect(lines.join('\n')).toContain(
      `copied the operator key from ${original} to /var/lib/shoumi-collector/operator.key`,
    );

    // A second install without the flag keeps the installed key and the config naming it.
    await rm(original);
    await installCollector({
      sourceDir: await fakePackage('v2'),
      flags: {},
      hostnames: [],
      ips: [],
      prefix: root,
      run: forbiddenRun().run,
    });
    expect(await readFile(installed, 'utf8')).toBe(keyText);
    expect(parseCollectorConfig(await readFile(configFile, 'utf8'), configFile)).toMatchObject({
      ok: true,
      config: { store, 'operator-key': '/var/lib/shoumi-collector/operator.key' },
    });
  }, 60_000);

  it('refuses to overwrite a config file it cannot read, naming the bad key', async () => {
    const root = await temporary('root');
    await mkdir(path.join(root, 'etc/shoumi'), { recursive: true });
    await writeFile(path.join(root, 'etc/shoumi/collector.yaml'), 'unit: 某单位\nport: 7700\n');
    await expect(
      installCollector({
        sourceDir: await fakePackage('v1'),
        flags: {},
        hostnames: [],
        ips: [],
        prefix: root,
      }),
    ).rejects.toThrow(/collector\.yaml:2: unknown key "port"[\s\S]*correct it, or move it away/);
    expect((await readdir(root)).sort()).toEqual(['etc']);
  });
});

describe('uninstall --prefix', () => {
  it('removes the folder, unit, config and link, and keeps the data directory', async () => {
    const root = await temporary('root');
    await installCollector({
      sourceDir: await fakePackage('v1'),
      flags: { data: '/srv/shoumi' },
      hostnames: [],
      ips: [],
      prefix: root,
      run: forbiddenRun().run,
    });
    const { run, calls } = forbiddenRun();
    const result = await uninstallCollector({ prefix: root, run });
    expect(calls).toEqual([]);
    expect(result.keptDataDir).toBe('/srv/shoumi');
    expect(result.removed.sort()).toEqual(
      [
        '/etc/shoumi/collector.yaml',
        '/etc/systemd/system/shoumi-collector.service',
        '/opt/shoumi-collector',
        '/usr/local/bin/shoumi-collector',
      ].sort(),
    );
    expect(await readdir(path.join(root, 'srv/shoumi/pki'))).toContain('ca.crt');
    // What is left: the data, and the empty folders that were there before (none of /etc/shoumi).
    const left = spawnSync('find', [root, '-type', 'f'], { encoding: 'utf8' })
      .stdout.split('\n')
      .filter(Boolean);
    expect(left.every((file) => file.startsWith(path.join(root, 'srv/shoumi/')))).toBe(true);
    expect(await readdir(path.join(root, 'etc'))).not.toContain('shoumi');
  }, 60_000);
});

describe('the glibc the native module needs', () => {
  it('is compared as numbers, and a system without glibc is refused', () => {
    expect(glibcProblem('2.34', '2.36')).toBeUndefined();
    expect(glibcProblem('2.34', '2.34')).toBeUndefined();
    expect(glibcProblem('2.9', '2.10')).toBeUndefined();
    expect(glibcProblem('2.34', '2.28')).toMatch(
      /glibc is 2\.28; the collector's SQLite module needs 2\.34 or newer/,
    );
    expect(glibcProblem('2.34', '3.0')).toBeUndefined();
    expect(glibcProblem('2.34', undefined)).toMatch(/no glibc/);
  });

  it('a folder whose module needs a newer glibc than this one is refused before anything is written', async () => {
    const root = await temporary('root');
    const source = await fakePackage('v1');
    await writeFile(path.join(source, 'lib/node_modules/sqlite3/glibc-required'), '99.0\n');
    await expect(
      installCollector({
        sourceDir: source,
        flags: {},
        hostnames: [],
        ips: [],
        prefix: root,
        run: forbiddenRun().run,
      }),
    ).rejects.toThrow(/needs 99\.0 or newer .*nothing was installed/);
    expect(await readdir(root)).toEqual([]);
  });
});
