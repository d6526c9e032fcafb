import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfig, writeConfig } from './config-file';
import { checkConfig } from './config-model';
import { configPath } from './config-path';
import { withDemoContext } from './demo-context';
import { resolveSettings, type SettingSources } from './settings';

describe('configPath', () => {
  const home = '/home/ann';
  it('SHOUMI_CONFIG wins; else XDG_CONFIG_HOME; else ~/.config', () => {
    expect(
      configPath({ env: { SHOUMI_CONFIG: '/etc/s.yaml', XDG_CONFIG_HOME: '/x' }, platform: 'linux', home }),
    ).toBe('/etc/s.yaml');
    expect(configPath({ env: { XDG_CONFIG_HOME: '/x' }, platform: 'linux', home })).toBe(
      '/x/shoumi/config.yaml',
    );
    expect(configPath({ env: { XDG_CONFIG_HOME: 'relative' }, platform: 'linux', home })).toBe(
      '/home/ann/.config/shoumi/config.yaml',
    );
    expect(configPath({ env: {}, platform: 'linux', home })).toBe('/home/ann/.config/shoumi/config.yaml');
  });
  it('on Windows: %APPDATA%\\shoumi\\config.yaml', () => {
    expect(
      configPath({ env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, platform: 'win32', home }),
    ).toBe('C:\\Users\\ann\\AppData\\Roaming\\shoumi\\config.yaml');
  });
});

describe('checkConfig', () => {
  it('accepts contexts and a current one that exists', () => {
    const checked = checkConfig({
      'current-context': 'a',
      contexts: { a: { collector: '10.0.0.5:7701', identity: '/id/a', lang: 'en' } },
    });
    expect(checked).toEqual({
      ok: true,
      config: {
        currentContext: 'a',
        contexts: { a: { collector: '10.0.0.5:7701', identity: '/id/a', lang: 'en' } },
      },
    });
  });
  it.each([
    [{ colector: 1 }, 'unknown key colector'],
    [{ contexts: { a: { colector: 'x:1' } } }, 'contexts.a.colector: unknown key'],
    [{ contexts: { a: { identity: 'rel/dir' } } }, 'contexts.a.identity: rel/dir is not an absolute path'],
    [{ contexts: { a: { lang: 'fr' } } }, 'contexts.a.lang: fr: expected zh or en'],
    [{ contexts: { a: { collector: '127.0.0.1' } } }, 'contexts.a.collector: 127.0.0.1: expected host:port'],
    [{ 'current-context': 'b', contexts: { a: {} } }, 'current-context b names no context'],
    [['a'], 'the top level must be a mapping'],
  ])('refuses %j naming the key', (document, problem) => {
    const checked = checkConfig(document);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.problem).toContain(problem);
  });
});

describe('readConfig and writeConfig', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'shoumi-config-test-'));
  it('a missing file is no contexts; a written one reads back, 0600 in a 0700 folder', () => {
    const file = path.join(dir, 'new', 'config.yaml');
    expect(readConfig(file)).toEqual({ contexts: {} });
    const config = {
      currentContext: 'lab',
      contexts: { lab: { collector: 'lab:7701', identity: '/ids/lab' } },
    };
    writeConfig(file, config);
    expect(readConfig(file)).toEqual(config);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toContain('current-context: lab');
  });
  it('bad YAML and unknown keys are errors naming the file', () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, 'contexts: [unclosed\n');
    expect(() => readConfig(file)).toThrow(`the config file ${file} is not valid YAML`);
    writeFileSync(file, 'contexts:\n  lab:\n    colector: lab:7701\n');
    expect(() => readConfig(file)).toThrow(`the config file ${file}: contexts.lab.colector: unknown key`);
    writeFileSync(file, 'contexts:\n  lab: {}\n  lab: {}\n');
    expect(() => readConfig(file)).toThrow(/not valid YAML/);
  });
});

describe('resolveSettings: flag > environment > context > default', () => {
  const sources = (over: Partial<SettingSources>): SettingSources => ({
    flags: {},
    env: {},
    config: {
      currentContext: 'office',
      contexts: {
        office: { collector: 'office:7701', identity: '/ids/office', lang: 'en' },
        lab: { collector: 'lab:7701' },
      },
    },
    configFile: '/cfg.yaml',
    home: '/home/ann',
    ...over,
  });
  it('the current context fills what flags and environment leave open', () => {
    expect(resolveSettings(sources({}))).toEqual({
      collector: 'office:7701',
      identity: '/ids/office',
      lang: 'en',
      context: 'office',
    });
  });
  it('the environment beats the context, a flag beats both', () => {
    const env = { SHOUMI_COLLECTOR: 'env:1', SHOUMI_IDENTITY: '/ids/env', SHOUMI_LANG: 'zh' };
    expect(resolveSettings(sources({ env }))).toMatchObject({
      collector: 'env:1',
      identity: '/ids/env',
      lang: 'zh',
    });
    expect(resolveSettings(sources({ env, flags: { collector: 'flag:2', lang: 'en' } }))).toMatchObject({
      collector: 'flag:2',
      identity: '/ids/env',
      lang: 'en',
    });
  });
  it('--context picks another; what it lacks falls to the defaults', () => {
    expect(resolveSettings(sources({ flags: { context: 'lab' } }))).toEqual({
      collector: 'lab:7701',
      identity: '/home/ann/.shoumi/identity',
      lang: 'zh',
      context: 'lab',
    });
  });
  it('no config at all: the built-in defaults', () => {
    expect(resolveSettings(sources({ config: { contexts: {} } }))).toEqual({
      collector: '127.0.0.1:7701',
      identity: '/home/ann/.shoumi/identity',
      lang: 'zh',
    });
  });
  it('--context naming no context is an error naming the file and the ones there are', () => {
    expect(() => resolveSettings(sources({ flags: { context: 'nope' } }))).toThrow(
      '--context nope: no such context in /cfg.yaml (known: office, lab)',
    );
  });
});

describe('withDemoContext', () => {
  it('adds demo and makes it current when no context is current', () => {
    expect(withDemoContext({ contexts: {} }, '127.0.0.1:7703', '/d/admins/security_admin')).toEqual({
      config: {
        currentContext: 'demo',
        contexts: { demo: { collector: '127.0.0.1:7703', identity: '/d/admins/security_admin' } },
      },
      current: true,
    });
  });
  it("leaves the administrator's own current context current, keeping demo's language", () => {
    const mine = { collector: 'office:7701', identity: '/ids/office' };
    const result = withDemoContext(
      { currentContext: 'office', contexts: { office: mine, demo: { lang: 'en', collector: 'old:1' } } },
      '127.0.0.1:7703',
      '/d/admins/security_admin',
    );
    expect(result).toEqual({
      config: {
        currentContext: 'office',
        contexts: {
          office: mine,
          demo: { lang: 'en', collector: '127.0.0.1:7703', identity: '/d/admins/security_admin' },
        },
      },
      current: false,
    });
  });
});
