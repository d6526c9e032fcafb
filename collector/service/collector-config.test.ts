// The config file's format: what parses, and that every problem names the file, the line and the key.
import { describe, expect, it } from 'vitest';
import { collectorConfigText, parseCollectorConfig } from './collector-config';

const FILE = '/etc/shoumi/collector.yaml';

describe('parseCollectorConfig', () => {
  it('reads a good file with a Chinese unit name, a bare number and comments', () => {
    const text = [
      '# 守密 collector',
      'unit: 某市保密局机关',
      'listen: 0.0.0.0:7700',
      'enrol-listen: "0.0.0.0:7702"',
      'admin-listen: 127.0.0.1:7701',
      'data: /var/lib/shoumi-collector',
      'intake-budget: 5000',
      'audit-start-check: sealed',
      '',
    ].join('\n');
    expect(parseCollectorConfig(text, FILE)).toEqual({
      ok: true,
      config: {
        unit: '某市保密局机关',
        listen: '0.0.0.0:7700',
        'enrol-listen': '0.0.0.0:7702',
        'admin-listen': '127.0.0.1:7701',
        data: '/var/lib/shoumi-collector',
        'intake-budget': '5000',
        'audit-start-check': 'sealed',
      },
    });
  });

  it('takes an empty file as every default', () => {
    expect(parseCollectorConfig('# nothing set\n', FILE)).toEqual({ ok: true, config: {} });
  });

  it('names an unknown key with its line and the key it was probably meant to be', () => {
    const result = parseCollectorConfig('unit: 某单位\nlisen: 0.0.0.0:7700\n', FILE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(
      /^\/etc\/shoumi\/collector\.yaml:2: unknown key "lisen" \(did you mean "listen"\?\); the keys are: unit, listen, /,
    );
  });

  it('names a key whose value has the wrong type, and one with an unknown choice', () => {
    const result = parseCollectorConfig('data: /srv/c\nlisten: [1, 2]\naudit-start-check: half\n', FILE);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      `${FILE}:2: key "listen": expected text, as the --listen flag takes it`,
      expect.stringMatching(
        /^\/etc\/shoumi\/collector\.yaml:3: key "audit-start-check": .*"whole".*"sealed"/,
      ),
    ]);
  });

  it('reports YAML that does not parse, with its line, and a key given twice', () => {
    const broken = parseCollectorConfig('unit: a\nlisten: [0.0.0.0:7700\n', FILE);
    expect(broken.ok).toBe(false);
    if (!broken.ok)
      expect(broken.problems[0]).toMatch(/^\/etc\/shoumi\/collector\.yaml:\d+: not valid YAML: /);
    const twice = parseCollectorConfig('unit: a\nunit: b\n', FILE);
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect(twice.problems[0]).toMatch(/:2: not valid YAML: .*unique/i);
  });

  it('refuses a file that is a list or a bare word', () => {
    for (const text of ['- listen\n', 'listen\n']) {
      const result = parseCollectorConfig(text, FILE);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0]).toMatch(/expected KEY: VALUE lines/);
    }
  });
});

describe('collectorConfigText', () => {
  it('writes values that read back unchanged: a colon, a hash, quotes and Chinese text', () => {
    const config = {
      unit: '某单位 # 第二处 "保密办": 机关',
      listen: '[::]:7700',
      data: '/var/lib/shoumi collector',
      'disk-reserve': '1GiB,5%',
    };
    const text = collectorConfigText(config, 'header line one\nheader line two');
    expect(text.startsWith('# header line one\n# header line two\n')).toBe(true);
    expect(parseCollectorConfig(text, FILE)).toEqual({ ok: true, config });
    // Keys in the documented order, each under its comment.
    expect(text.match(/^[a-z-]+(?=:)/gm)).toEqual(['unit', 'listen', 'data', 'disk-reserve']);
  });
});
